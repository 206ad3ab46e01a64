package dev.tern.engine;

import dev.tern.packet.Publish;
import dev.tern.packet.Qos;
import dev.tern.packet.ReasonCode;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.tern.engine.EngineHarness.v311Connect;
import static dev.tern.engine.EngineHarness.v5Connect;
import static org.assertj.core.api.Assertions.assertThat;

/** A second connection with the same client id takes over (MQTT 5.0 section 3.1.4, [MQTT-3.1.4-3]). */
class TakeoverTest {
    private final EngineHarness h = new EngineHarness();

    @Test
    void v5_old_connection_gets_disconnect_0x8E_and_is_closed_MQTT_3_1_4_3() {
        TestClient old = h.connected(v5Connect("c", false, 60));
        TestClient fresh = h.connect(v5Connect("c", false, 60));
        old.expectDisconnect(ReasonCode.SESSION_TAKEN_OVER);
        assertThat(old.closed).isTrue();
        old.expectNothing();
        assertThat(fresh.expectConnack().sessionPresent()).isTrue();
        assertThat(fresh.closed).isFalse();
    }

    @Test
    void v311_old_connection_is_closed_without_a_packet_MQTT_3_1_4_2() {
        TestClient old = h.connected(v311Connect("c", false));
        TestClient fresh = h.connect(v311Connect("c", false));
        assertThat(old.closed).isTrue();
        old.expectNothing();
        assertThat(fresh.expectConnack().sessionPresent()).isTrue();
    }

    @Test
    void the_old_sockets_late_close_does_not_touch_the_new_connection() {
        TestClient old = h.connected(v5Connect("c", false, 60));
        TestClient fresh = h.connected(v5Connect("c", false, 60));
        old.connection.onChannelClosed(null);
        old.connection.onPacket(dev.tern.packet.Pingreq.INSTANCE);
        h.runPending();
        assertThat(h.session("c").isConnected()).isTrue();
        assertThat(h.session("c").link()).isSameAs(fresh.connection);
        assertThat(old.sentAfterClose).isZero();
        fresh.subscribe("t", Qos.AT_MOST_ONCE);
        h.v5("p").publish("t", Qos.AT_MOST_ONCE, "m");
        fresh.expectPublish("t", "m");
    }

    @Test
    void the_new_connection_resumes_subscriptions_and_inflight_MQTT_3_1_4_3() {
        TestClient old = h.connected(v5Connect("c", false, 60));
        old.subscribe("t", Qos.AT_LEAST_ONCE);
        h.v5("p").publish("t", Qos.AT_LEAST_ONCE, "m");
        Publish first = old.expectPublish("t", "m");
        TestClient fresh = h.connect(v5Connect("c", false, 60));
        assertThat(fresh.expectConnack().sessionPresent()).isTrue();
        Publish again = fresh.expectPublish("t", "m");
        assertThat(again.dup()).isTrue();
        assertThat(again.packetId()).isEqualTo(first.packetId());
    }

    @Test
    void takeover_with_clean_start_discards_the_old_session_MQTT_3_1_2_4_MQTT_3_1_4_4() {
        TestClient old = h.connected(v5Connect("c", false, 60));
        old.subscribe("t", Qos.AT_LEAST_ONCE);
        TestClient fresh = h.connect(v5Connect("c", true, 60));
        assertThat(fresh.expectConnack().sessionPresent()).isFalse();
        h.v5("p").publish("t", Qos.AT_LEAST_ONCE, "m");
        fresh.expectNothing();
    }

    @Test
    void the_old_connections_keepalive_does_not_fire_after_takeover() {
        TestClient old = h.connected(dev.tern.packet.Connect.of(dev.tern.packet.MqttVersion.V5, "c", false, 2)
                .withSessionExpiryInterval(60));
        TestClient fresh = h.connected(v5Connect("c", false, 60));
        h.advance(Duration.ofMinutes(1));
        assertThat(fresh.closed).isFalse();
        assertThat(h.session("c").isConnected()).isTrue();
        assertThat(h.engine.metrics().keepaliveTimeouts.sum()).isZero();
    }
}
