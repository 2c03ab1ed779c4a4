package dev.polystream.gateway.testutils;

import dev.polystream.ws.testing.FakeGammaServer;
import java.util.HashMap;
import java.util.Map;

/**
 * The settings every bot test starts from: the shared PostgreSQL (as the gateway role) and Kafka,
 * the fake Telegram Bot API and Gamma, a quick outbox relay, and connected traders' channels kept
 * on loopback (nothing listens on port 9). Tests add or override their own keys.
 */
public final class BotConf {

    private BotConf() {}

    public static Map<String, String> base(
            String topic, FakeBotApi telegram, FakeGammaServer gamma) {
        Map<String, String> conf = new HashMap<>();
        conf.put("jdbc.url", SharedInfrastructure.postgres().jdbcUrl());
        conf.put("jdbc.user", SharedInfrastructure.GATEWAY_ROLE);
        conf.put("kafka.bootstrap-servers", SharedInfrastructure.kafka().bootstrapServers());
        conf.put("kafka.topic", topic);
        conf.put("relay.poll-interval", "50ms");
        conf.put("telegram.api-url", telegram.baseUrl().toString());
        conf.put("telegram.poll-timeout", "1s");
        conf.put("gamma.url", gamma.baseUrl().toString());
        conf.put("gamma.sync-interval", "1h");
        conf.put("clob.url", "http://127.0.0.1:9");
        conf.put("user-channel.url", "ws://127.0.0.1:9/ws/user");
        return conf;
    }
}
