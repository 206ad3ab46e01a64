package dev.tern.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class DefaultsTest {

    @Test
    void reference_conf_alone_gives_the_documented_defaults() {
        TernConfig c = ConfigLoader.defaults();

        assertThat(c.listeners().tcp()).isEqualTo(new ListenerSettings.Tcp(true, "0.0.0.0", 1883));
        assertThat(c.listeners().ssl())
                .isEqualTo(new ListenerSettings.Ssl(false, "0.0.0.0", 8883, null, null, null, false, true));
        assertThat(c.listeners().ws()).isEqualTo(new ListenerSettings.Ws(false, "0.0.0.0", 8083, "/mqtt"));
        assertThat(c.engine().threads()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(c.engine().publisherAffinity()).isTrue();

        MqttSettings m = c.mqtt();
        assertThat(m.maxPacketSize()).isEqualTo(1_000_000);
        assertThat(m.maxMqueueLen()).isEqualTo(2048);
        assertThat(m.maxInflightWindow()).isEqualTo(32);
        assertThat(m.retryInterval()).isEqualTo(Duration.ZERO);
        assertThat(m.keepaliveMultiplier()).isEqualTo(1.5);
        assertThat(m.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(m.maxKeepalive()).isEqualTo(65535);
        assertThat(m.serverKeepalive()).isZero();
        assertThat(m.allowZeroKeepalive()).isTrue();
        assertThat(m.maxTopicAlias()).isEqualTo(64);
        assertThat(m.outboundTopicAlias()).isFalse();
        assertThat(m.queueQos0()).isFalse();
        assertThat(m.mqueueDropPolicy()).isEqualTo(DropPolicy.OLDEST);
        assertThat(m.maxQos()).isEqualTo(2);
        assertThat(m.retainAvailable()).isTrue();
        assertThat(m.wildcardSubscriptionAvailable()).isTrue();
        assertThat(m.sharedSubscriptionAvailable()).isTrue();
        assertThat(m.subscriptionIdentifiersAvailable()).isTrue();
        assertThat(m.receiveMaximum()).isEqualTo(65535);
        assertThat(m.maxClientIdLength()).isEqualTo(65535);

        assertThat(c.session()).isEqualTo(new SessionSettings(4_294_967_295L, Duration.ofHours(2)));
        assertThat(c.auth()).isEqualTo(new AuthSettings(true, null, null));
        assertThat(c.persistence())
                .isEqualTo(new PersistenceSettings(PersistenceSettings.Type.MEMORY, Path.of("data")));
        assertThat(c.http()).isEqualTo(new HttpSettings(false, "127.0.0.1", 8081, "admin", "public"));
        assertThat(c.log()).isEqualTo(new LogSettings("info"));
    }

    @Test
    void shipped_tern_conf_loads_cleanly_and_matches_the_defaults() {
        TernConfig shipped = ConfigLoader.load(Path.of("../conf/tern.conf"));

        // The shipped file restates the defaults, except that it turns persistence on (reference.conf
        // keeps memory so that an embedded engine or a test writes no files unless asked).
        TernConfig d = ConfigLoader.defaults();
        assertThat(shipped).isEqualTo(new TernConfig(d.listeners(), d.engine(), d.mqtt(), d.session(), d.auth(),
                new PersistenceSettings(PersistenceSettings.Type.ROCKSDB, Path.of("data")), d.http(), d.log()));
    }

    @Test
    void empty_text_is_the_defaults() {
        assertThat(ConfigLoader.parse("", "empty")).isEqualTo(ConfigLoader.defaults());
    }
}
