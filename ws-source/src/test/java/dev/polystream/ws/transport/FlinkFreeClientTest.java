package dev.polystream.ws.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polystream.ws.flink.PolymarketSourceOptions;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/**
 * The README's "without Flink" example, run in a class loader that has no Flink at all: the client
 * core's config and client build, start nothing and close.
 */
class FlinkFreeClientTest {

    @Test
    void shouldBuildTheConfigAndTheClientWithoutFlinkOnTheClassPath() throws Exception {
        ClassLoader noFlink = new FlinkHidingClassLoader(getClass().getClassLoader());
        Class<?> configClass = noFlink.loadClass(MarketChannelConfig.class.getName());
        assertThat(configClass).isNotSameAs(MarketChannelConfig.class);

        Object config = configClass.getMethod("defaults").invoke(null);
        assertThat(config.toString())
                .contains("wss://ws-subscriptions-clob.polymarket.com/ws/market");

        Class<?> listenerClass = noFlink.loadClass(MarketChannelListener.class.getName());
        Object listener =
                Proxy.newProxyInstance(
                        noFlink,
                        new Class<?>[] {listenerClass},
                        (proxy, method, args) -> {
                            switch (method.getName()) {
                                case "toString":
                                    return "listener";
                                case "hashCode":
                                    return 0;
                                case "equals":
                                    return proxy == args[0];
                                default:
                                    return null;
                            }
                        });
        Class<?> clientClass = noFlink.loadClass(MarketChannelClient.class.getName());
        Object client =
                clientClass
                        .getConstructor(configClass, listenerClass)
                        .newInstance(config, listener);
        try {
            assertThat(clientClass.getMethod("stats").invoke(client).toString())
                    .contains("connections=0");
        } finally {
            ((AutoCloseable) client).close();
        }
    }

    /** The loader can fail: what reads a Flink configuration does not load in it. */
    @Test
    void shouldHideFlink() {
        ClassLoader noFlink = new FlinkHidingClassLoader(getClass().getClassLoader());
        assertThatThrownBy(() -> noFlink.loadClass("org.apache.flink.configuration.Configuration"))
                .isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(
                        () -> Class.forName(PolymarketSourceOptions.class.getName(), true, noFlink))
                .isInstanceOf(LinkageError.class);
    }

    /**
     * Defines the project's classes itself (so that everything they link goes through it) and
     * refuses every Flink class; the rest (Netty, Jackson, SLF4J, the JDK) comes from the parent.
     */
    private static final class FlinkHidingClassLoader extends ClassLoader {

        FlinkHidingClassLoader(ClassLoader parent) {
            super(parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("org.apache.flink.")) {
                throw new ClassNotFoundException(name + " is hidden: no Flink here");
            }
            if (!name.startsWith("dev.polystream.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    String resource = name.replace('.', '/') + ".class";
                    try (InputStream in = getParent().getResourceAsStream(resource)) {
                        if (in == null) {
                            throw new ClassNotFoundException(name);
                        }
                        byte[] bytes = in.readAllBytes();
                        loaded = defineClass(name, bytes, 0, bytes.length);
                    } catch (IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
                if (resolve) {
                    resolveClass(loaded);
                }
                return loaded;
            }
        }
    }
}
