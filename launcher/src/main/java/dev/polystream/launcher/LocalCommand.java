package dev.polystream.launcher;

import dev.polystream.job.JobArguments;
import dev.polystream.job.JobOptions;
import dev.polystream.job.sink.JdbcSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.configuration.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * {@code polystream local}: the embedded default, until interrupted. Arguments are checked, fixed
 * ports and Polymarket probed, and {@code --watch} slugs resolved before anything starts; Ctrl-C
 * (SIGINT) or SIGTERM stops the job, the gateway, Kafka and PostgreSQL in that order, once.
 */
final class LocalCommand {

    private static final Logger LOG = LoggerFactory.getLogger(LocalCommand.class);

    private LocalCommand() {}

    static int run(String[] args) throws IllegalArgumentException {
        List<String> rest = new ArrayList<>();
        Path dataDir = Path.of(System.getProperty("polystream.home", ".polystream"));
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--data-dir")) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--data-dir needs a value");
                }
                dataDir = Path.of(args[++i]);
            } else {
                rest.add(args[i]);
            }
        }
        JobArguments.Parsed parsed =
                JobArguments.parse(LocalStack.gatewayKeys(), rest.toArray(String[]::new));
        if (!parsed.positional().isEmpty()) {
            throw new IllegalArgumentException("unexpected argument " + parsed.positional());
        }
        Configuration conf = parsed.configuration();
        Preflight.checkPorts(conf);
        Preflight.checkPolymarket(conf);
        WatchList.resolveInto(conf);

        LocalStack stack;
        try {
            stack = LocalStack.start(conf, dataDir);
        } catch (IllegalArgumentException | StartupFailure e) {
            throw e;
        } catch (Exception e) {
            String url =
                    conf.getOptional(JobOptions.JDBC_URL)
                            .map(u -> u.replaceAll("(?i)(password=)[^&;]*", "$1***"))
                            .orElse("the embedded PostgreSQL");
            Optional<StartupFailure> expected = StartFailures.explain(e, url, true);
            if (expected.isPresent()) {
                throw expected.get();
            }
            LOG.error("Could not start the local stack", e);
            return 1;
        }
        return runUntilStopped(stack);
    }

    private static int runUntilStopped(LocalStack stack) {
        AtomicBoolean stopping = new AtomicBoolean();
        CountDownLatch stopped = new CountDownLatch(1);
        Runnable stop =
                () -> {
                    if (stopping.compareAndSet(false, true)) {
                        LOG.info("Interrupted: stopping the job, gateway, Kafka and PostgreSQL");
                        stack.close();
                        LOG.info("Stopped");
                        stopped.countDown();
                    }
                };
        // Handling the signals ourselves (instead of only a shutdown hook) keeps the JVM from
        // running the libraries' own hooks (the broker's directory removal, the database's
        // closer) while the job and the gateway still use them: they run after everything is
        // closed, at exit.
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(
                        new Signal(name),
                        signal -> {
                            if (stopping.get()) {
                                LOG.warn("Interrupted again: exiting without waiting");
                                Runtime.getRuntime().halt(130);
                            }
                            new Thread(stop, "polystream-stop").start();
                        });
            } catch (IllegalArgumentException reservedByTheJvm) {
                // e.g. under -Xrs: the shutdown hook below still stops the stack.
                LOG.debug("SIG{} not handled: {}", name, reservedByTheJvm.getMessage());
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "polystream-shutdown"));
        Configuration conf = stack.configuration();
        ScheduledExecutorService hint =
                IdleHint.schedule(
                        conf.get(JobOptions.WATCH).isEmpty() ? IdleHint.delay() : null,
                        stack.jdbcUrl(),
                        conf.get(JobOptions.JDBC_USER),
                        JdbcSettings.password(conf));
        try {
            stack.awaitJob();
            if (!stopping.get()) {
                LOG.error("The job finished on its own; stopping");
            }
        } catch (Exception e) {
            if (!stopping.get()) {
                LOG.error("The job failed; stopping", e);
            }
        } finally {
            hint.shutdownNow();
        }
        if (stopping.get()) {
            awaitQuietly(stopped);
            return 0;
        }
        stop.run();
        return 1;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
