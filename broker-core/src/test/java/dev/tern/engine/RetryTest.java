package dev.tern.engine;

import dev.tern.packet.Publish;
import dev.tern.packet.Pubrel;
import dev.tern.packet.Qos;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.tern.engine.EngineHarness.v311Connect;
import static dev.tern.engine.EngineHarness.v5Connect;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * In-session re-sends: forbidden for MQTT 5 [MQTT-4.4.0-1]; for 3.1.1 after mqtt.retry_interval
 * (DESIGN.md: Session, will and keepalive semantics).
 */
class RetryTest {
    private final EngineHarness h = new EngineHarness(c -> c.retryInterval = Duration.ofSeconds(5));
    private final TestClient pub = h.v5("pub");

    @Test
    void v5_never_resends_within_a_session_even_with_retry_interval_MQTT_4_4_0_1() {
        TestClient s = h.connected(v5Connect("s", true, 0));
        s.subscribe("t", Qos.EXACTLY_ONCE);
        pub.publish("t", Qos.AT_LEAST_ONCE, "one");
        pub.publish("t", Qos.EXACTLY_ONCE, "two");
        s.expectPublish("t", "one");
        Publish two = s.expectPublish("t", "two");
        s.pubrec(two.packetId());
        s.expect(Pubrel.class);
        h.advance(Duration.ofMinutes(5));
        s.expectNothing();
    }

    @Test
    void v311_resends_unacknowledged_publish_after_retry_interval_with_dup() {
        TestClient s = h.connected(v311Connect("s", true));
        s.subscribe("t", Qos.AT_LEAST_ONCE);
        pub.publish("t", Qos.AT_LEAST_ONCE, "one");
        Publish first = s.expectPublish("t", "one");
        h.advanceMillis(4999);
        s.expectNothing();
        h.advanceMillis(1);
        Publish again = s.expectPublish("t", "one");
        assertThat(again.dup()).isTrue();
        assertThat(again.packetId()).isEqualTo(first.packetId());
        s.puback(first.packetId());
        h.advance(Duration.ofMinutes(1));
        s.expectNothing();
    }

    @Test
    void v311_resends_pubrel_after_retry_interval() {
        TestClient s = h.connected(v311Connect("s", true));
        s.subscribe("t", Qos.EXACTLY_ONCE);
        pub.publish("t", Qos.EXACTLY_ONCE, "two");
        Publish p = s.expectPublish("t", "two");
        h.advanceMillis(1000);
        s.pubrec(p.packetId());
        s.expect(Pubrel.class);
        h.advanceMillis(4999);
        s.expectNothing();
        h.advanceMillis(1);
        assertThat(s.expect(Pubrel.class).packetId()).isEqualTo(p.packetId());
        s.pubcomp(p.packetId());
        h.advance(Duration.ofMinutes(1));
        s.expectNothing();
    }

    @Test
    void v311_without_retry_interval_does_not_resend() {
        EngineHarness h2 = new EngineHarness();
        TestClient p2 = h2.v5("pub");
        TestClient s = h2.connected(v311Connect("s", true));
        s.subscribe("t", Qos.AT_LEAST_ONCE);
        p2.publish("t", Qos.AT_LEAST_ONCE, "one");
        s.expectPublish("t", "one");
        h2.advance(Duration.ofHours(1));
        s.expectNothing();
    }
}
