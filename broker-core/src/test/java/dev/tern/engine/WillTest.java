package dev.tern.engine;

import dev.tern.packet.Connect;
import dev.tern.packet.MqttVersion;
import dev.tern.packet.Publish;
import dev.tern.packet.Qos;
import dev.tern.packet.ReasonCode;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.tern.engine.EngineHarness.v311Connect;
import static dev.tern.engine.EngineHarness.v5Connect;
import static dev.tern.engine.EngineHarness.will;
import static org.assertj.core.api.Assertions.assertThat;

/** Will messages (MQTT 5.0 sections 3.1.2.5, 3.1.3.2; 3.1.1 section 3.1.2.5). */
class WillTest {
    private final EngineHarness h = new EngineHarness();
    private final TestClient watcher = h.v5("watcher");

    WillTest() {
        watcher.subscribe("will/#", Qos.AT_LEAST_ONCE);
    }

    private TestClient withWill(Connect c) {
        return h.connected(c.withWill(will("will/" + c.clientId(), "gone", Qos.AT_LEAST_ONCE, 0)));
    }

    private void expectWill(String clientId) {
        Publish p = watcher.expectPublish("will/" + clientId, "gone");
        watcher.puback(p.packetId());
        watcher.expectNothing();
    }

    @Test
    void will_is_not_published_on_normal_disconnect_MQTT_3_1_2_10() {
        TestClient c = withWill(v5Connect("c", true, 0));
        c.disconnect(ReasonCode.SUCCESS);
        h.advance(Duration.ofMinutes(5));
        watcher.expectNothing();
        assertThat(h.engine.metrics().willsPublished.sum()).isZero();
    }

    @Test
    void v311_will_is_not_published_on_disconnect_MQTT_3_1_2_10() {
        TestClient c = withWill(v311Connect("c", true));
        c.disconnect(ReasonCode.SUCCESS);
        watcher.expectNothing();
    }

    @Test
    void will_is_published_on_keepalive_timeout_MQTT_3_1_2_8() {
        TestClient c = h.connected(Connect.of(MqttVersion.V5, "c", true, 2)
                .withWill(will("will/c", "gone", Qos.AT_LEAST_ONCE, 0)));
        h.advanceMillis(2999);
        watcher.expectNothing();
        h.advanceMillis(1);
        assertThat(c.closed).isTrue();
        expectWill("c");
    }

    @Test
    void will_is_published_when_the_socket_closes_without_disconnect_MQTT_3_1_2_8_MQTT_3_1_2_7() {
        withWill(v5Connect("c", true, 0)).dropConnection();
        expectWill("c");
    }

    @Test
    void will_is_published_on_socket_error_MQTT_3_1_2_8() {
        TestClient c = withWill(v311Connect("c", true));
        c.connection.onChannelClosed("connection reset");
        h.runPending();
        expectWill("c");
    }

    @Test
    void will_is_published_on_protocol_error_MQTT_3_1_2_8_MQTT_4_13_1_1() {
        TestClient c = withWill(v5Connect("c", true, 0));
        c.connection.onProtocolError(ReasonCode.MALFORMED_PACKET, "bad remaining length");
        h.runPending();
        c.expectDisconnect(ReasonCode.MALFORMED_PACKET);
        assertThat(c.closed).isTrue();
        expectWill("c");
    }

    @Test
    void will_is_published_on_disconnect_with_will_0x04_MQTT_3_14_2_1() {
        withWill(v5Connect("c", true, 0)).disconnect(ReasonCode.DISCONNECT_WITH_WILL);
        expectWill("c");
    }

    @Test
    void will_is_published_on_takeover_MQTT_3_1_4_3() {
        TestClient old = withWill(v5Connect("c", true, 0));
        TestClient fresh = h.connected(v5Connect("c", true, 0));
        old.expectDisconnect(ReasonCode.SESSION_TAKEN_OVER);
        expectWill("c");
        assertThat(fresh.closed).isFalse();
    }

    @Test
    void will_retain_flag_stores_it_as_retained_MQTT_3_1_2_15() {
        TestClient c = h.connected(v5Connect("c", true, 0)
                .withWill(new dev.tern.packet.Will("status/c", EngineHarness.bytes("offline"), Qos.AT_MOST_ONCE,
                        true, 0, null)));
        c.dropConnection();
        TestClient late = h.v5("late");
        late.subscribe("status/+", Qos.AT_MOST_ONCE);
        Publish p = late.expectPublish("status/c", "offline");
        assertThat(p.retain()).isTrue();
    }

    // ---- Will Delay Interval ----

    @Test
    void will_delay_publishes_after_the_delay_MQTT_3_1_3_9() {
        h.connected(v5Connect("c", false, 100).withWill(will("will/c", "gone", Qos.AT_LEAST_ONCE, 10)))
                .dropConnection();
        h.advanceMillis(9999);
        watcher.expectNothing();
        h.advanceMillis(1);
        expectWill("c");
        assertThat(h.session("c")).as("session outlives the will").isNotNull();
    }

    @Test
    void will_delay_longer_than_session_expiry_publishes_at_session_end_MQTT_3_1_3_9() {
        h.connected(v5Connect("c", false, 5).withWill(will("will/c", "gone", Qos.AT_LEAST_ONCE, 60)))
                .dropConnection();
        h.advanceMillis(4999);
        watcher.expectNothing();
        h.advanceMillis(1);
        expectWill("c");
        assertThat(h.session("c")).isNull();
        h.advance(Duration.ofMinutes(2));
        watcher.expectNothing();
    }

    @Test
    void will_is_not_published_if_the_session_resumes_within_the_delay_MQTT_3_1_3_9() {
        h.connected(v5Connect("c", false, 100).withWill(will("will/c", "gone", Qos.AT_LEAST_ONCE, 10)))
                .dropConnection();
        h.advance(Duration.ofSeconds(5));
        TestClient back = h.connect(v5Connect("c", false, 100));
        assertThat(back.expectConnack().sessionPresent()).isTrue();
        h.advance(Duration.ofSeconds(1));
        back.disconnect(ReasonCode.SUCCESS); // the old will must not fire after a later normal close either
        h.advance(Duration.ofMinutes(5));
        watcher.expectNothing();
    }

    @Test
    void delayed_will_is_published_at_once_when_a_clean_start_reconnect_ends_the_session_MQTT_3_1_3_9() {
        h.connected(v5Connect("c", false, 100).withWill(will("will/c", "gone", Qos.AT_LEAST_ONCE, 10)))
                .dropConnection();
        h.advance(Duration.ofSeconds(2));
        TestClient back = h.connect(v5Connect("c", true, 100));
        assertThat(back.expectConnack().sessionPresent()).isFalse();
        expectWill("c");
        h.advance(Duration.ofMinutes(1));
        watcher.expectNothing();
    }

    @Test
    void takeover_with_resume_and_will_delay_does_not_publish_the_will_MQTT_3_1_4_3() {
        TestClient old = h.connected(v5Connect("c", false, 100)
                .withWill(will("will/c", "gone", Qos.AT_LEAST_ONCE, 10)));
        h.connected(v5Connect("c", false, 100));
        old.expectDisconnect(ReasonCode.SESSION_TAKEN_OVER);
        h.advance(Duration.ofMinutes(1));
        watcher.expectNothing();
    }

    @Test
    void will_at_session_end_with_expiry_0_is_published_at_once_even_with_a_delay_MQTT_3_1_3_9() {
        h.connected(v5Connect("c", true, 0).withWill(will("will/c", "gone", Qos.AT_LEAST_ONCE, 30)))
                .dropConnection();
        expectWill("c");
    }

    @Test
    void delayed_will_keeps_its_whole_message_expiry_interval_MQTT_3_1_3_2() {
        // the Will's Message Expiry Interval is its lifetime once published, not counted from the disconnect
        h.connected(v5Connect("c", false, 100).withWill(new dev.tern.packet.Will("will/c", EngineHarness.bytes("gone"),
                Qos.AT_LEAST_ONCE, false, 10, dev.tern.packet.PublishProperties.NONE.withMessageExpiryInterval(5))))
                .dropConnection();
        h.advance(Duration.ofSeconds(10));
        Publish p = watcher.expectPublish("will/c", "gone");
        assertThat(p.properties().messageExpiryInterval()).isEqualTo(5);
    }

    @Test
    void takeover_with_clean_start_publishes_a_delayed_will_at_once_MQTT_3_1_3_9() {
        TestClient old = h.connected(v5Connect("c", false, 100)
                .withWill(will("will/c", "gone", Qos.AT_LEAST_ONCE, 10)));
        h.connected(v5Connect("c", true, 100));
        old.expectDisconnect(ReasonCode.SESSION_TAKEN_OVER);
        expectWill("c");
    }

    @Test
    void will_is_published_on_server_shutdown_and_v5_clients_get_0x8B() {
        TestClient c = withWill(v5Connect("c", true, 0));
        h.engine.shutdown();
        h.runPending();
        c.expectDisconnect(ReasonCode.SERVER_SHUTTING_DOWN);
        assertThat(c.closed).isTrue();
        assertThat(watcher.closed).isTrue();
    }

    @Test
    void will_is_published_when_kicked_and_v5_clients_get_0x98() {
        TestClient c = withWill(v5Connect("c", true, 0));
        assertThat(h.engine.shardFor("c").kick("c")).isTrue();
        h.runPending();
        c.expectDisconnect(ReasonCode.ADMINISTRATIVE_ACTION);
        expectWill("c");
    }
}
