package dev.tern.engine;

import dev.tern.packet.Connect;
import dev.tern.packet.Disconnect;
import dev.tern.packet.MqttVersion;
import dev.tern.packet.Qos;
import dev.tern.packet.ReasonCode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.tern.engine.EngineHarness.v311Connect;
import static dev.tern.engine.EngineHarness.v5Connect;
import static dev.tern.engine.EngineHarness.will;
import static org.assertj.core.api.Assertions.assertThat;

/** Session Expiry Interval (MQTT 5.0 sections 3.1.2.11.2, 3.14.2.2.2) and 3.1.1 clean session. */
class SessionExpiryTest {
    private final EngineHarness h = new EngineHarness();
    private final TestClient watcher = h.v5("watcher");

    SessionExpiryTest() {
        watcher.subscribe("will/#", Qos.AT_MOST_ONCE);
    }

    private static Disconnect disconnectWithExpiry(long seconds) {
        return new Disconnect(ReasonCode.SUCCESS, seconds, null, List.of(), null);
    }

    @Test
    void expiry_0_ends_the_session_at_close_and_the_will_goes_out_at_once_MQTT_3_1_2_23() {
        h.connected(v5Connect("c", false, 0).withWill(will("will/c", "gone", Qos.AT_MOST_ONCE, 0)))
                .dropConnection();
        assertThat(h.session("c")).isNull();
        watcher.expectPublish("will/c", "gone");
        TestClient back = h.connect(v5Connect("c", false, 0));
        assertThat(back.expectConnack().sessionPresent()).isFalse();
    }

    @Test
    void v5_clean_start_0_without_expiry_does_not_keep_the_session_MQTT_3_1_2_23() {
        TestClient c = h.connected(v5Connect("c", false, 0));
        c.subscribe("x", Qos.AT_LEAST_ONCE);
        c.dropConnection();
        h.v5("p").publish("x", Qos.AT_LEAST_ONCE, "lost");
        TestClient back = h.connect(v5Connect("c", false, 0));
        assertThat(back.expectConnack().sessionPresent()).isFalse();
        back.expectNothing();
    }

    @Test
    void expiry_n_keeps_the_session_for_n_seconds_then_frees_it_MQTT_3_1_2_23() {
        TestClient c = h.connected(v5Connect("c", false, 30));
        c.subscribe("x", Qos.AT_LEAST_ONCE);
        c.dropConnection();
        h.advanceMillis(29_999);
        assertThat(h.session("c")).isNotNull();
        h.advanceMillis(1);
        assertThat(h.session("c")).isNull();
        assertThat(h.engine.metrics().sessionsExpired.sum()).isEqualTo(1);
        assertThat(h.engine.subscriptions().subscriptionCount()).isEqualTo(1); // the watcher's only
        TestClient back = h.connect(v5Connect("c", false, 30));
        assertThat(back.expectConnack().sessionPresent()).isFalse();
    }

    @Test
    void expiry_0xFFFFFFFF_never_expires_MQTT_3_1_2_23() {
        h.connected(v5Connect("c", false, Connect.SESSION_NEVER_EXPIRES)).dropConnection();
        h.advance(Duration.ofDays(400));
        assertThat(h.session("c")).isNotNull();
        assertThat(h.connect(v5Connect("c", false, 0)).expectConnack().sessionPresent()).isTrue();
    }

    @Test
    void resuming_cancels_the_expiry_and_a_later_close_restarts_it() {
        h.connected(v5Connect("c", false, 10)).dropConnection();
        h.advance(Duration.ofSeconds(8));
        TestClient back = h.connected(v5Connect("c", false, 10));
        h.advance(Duration.ofSeconds(8));
        assertThat(h.session("c")).isNotNull();
        back.dropConnection();
        h.advanceMillis(9_999);
        assertThat(h.session("c")).isNotNull();
        h.advanceMillis(1);
        assertThat(h.session("c")).isNull();
    }

    @Test
    void disconnect_may_change_the_expiry_MQTT_3_14_2_2() {
        TestClient c = h.connected(v5Connect("c", false, 10));
        c.packet(disconnectWithExpiry(100));
        h.advance(Duration.ofSeconds(99));
        assertThat(h.session("c")).isNotNull();
        h.advance(Duration.ofSeconds(1));
        assertThat(h.session("c")).isNull();
    }

    @Test
    void disconnect_may_set_expiry_to_0_which_ends_the_session_MQTT_3_14_2_2() {
        TestClient c = h.connected(v5Connect("c", false, 100));
        c.packet(disconnectWithExpiry(0));
        assertThat(h.session("c")).isNull();
    }

    @Test
    void disconnect_cannot_set_expiry_when_connect_had_0_protocol_error_and_will_published_MQTT_3_14_2_2() {
        TestClient c = h.connected(v5Connect("c", false, 0).withWill(will("will/c", "gone", Qos.AT_MOST_ONCE, 0)));
        c.connection.onPacket(disconnectWithExpiry(100));
        h.runPending();
        c.expectDisconnect(ReasonCode.PROTOCOL_ERROR);
        assertThat(c.closed).isTrue();
        watcher.expectPublish("will/c", "gone");
        assertThat(h.session("c")).isNull();
    }

    @Test
    void v311_clean_session_0_keeps_the_session_until_session_ttl() {
        TestClient c = h.connected(v311Connect("c", false));
        c.subscribe("x", Qos.AT_LEAST_ONCE);
        c.dropConnection();
        h.advance(Duration.ofHours(2).minusMillis(1));
        assertThat(h.session("c")).isNotNull();
        h.advanceMillis(1);
        assertThat(h.session("c")).isNull();
    }

    @Test
    void v311_clean_session_0_resumes_subscriptions_MQTT_3_1_2_4() {
        TestClient c = h.connected(v311Connect("c", false));
        c.subscribe("x", Qos.AT_LEAST_ONCE);
        c.dropConnection();
        h.advance(Duration.ofMinutes(30));
        TestClient back = h.connect(v311Connect("c", false));
        assertThat(back.expectConnack().sessionPresent()).isTrue();
        h.v5("p").publish("x", Qos.AT_MOST_ONCE, "live");
        back.expectPublish("x", "live");
    }

    @Test
    void v311_clean_session_1_ends_the_session_at_close_MQTT_3_1_2_6() {
        h.connected(v311Connect("c", true)).dropConnection();
        assertThat(h.session("c")).isNull();
    }

    @Test
    void v311_clean_session_1_discards_a_previous_session_MQTT_3_1_2_6() {
        TestClient c = h.connected(v311Connect("c", false));
        c.subscribe("x", Qos.AT_LEAST_ONCE);
        c.dropConnection();
        TestClient back = h.connect(v311Connect("c", true));
        assertThat(back.expectConnack().sessionPresent()).isFalse();
        h.v5("p").publish("x", Qos.AT_MOST_ONCE, "m");
        back.expectNothing();
    }

    @Test
    void session_survives_a_change_of_protocol_version() {
        h.connected(Connect.of(MqttVersion.V3_1_1, "c", false, 0)).dropConnection();
        TestClient back = h.connect(v5Connect("c", false, 60));
        assertThat(back.expectConnack().sessionPresent()).isTrue();
    }
}
