package dev.tern.engine;

import dev.tern.packet.Connect;
import dev.tern.packet.MqttVersion;
import dev.tern.packet.Qos;
import dev.tern.packet.ReasonCode;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Keep Alive (MQTT 5.0 section 3.1.2.10, [MQTT-3.1.2-22]): closed after 1.5 x Keep Alive of silence. */
class KeepaliveTest {
    private final EngineHarness h = new EngineHarness();

    private TestClient connect(MqttVersion v, int keepAlive) {
        return h.connected(Connect.of(v, "k", true, keepAlive));
    }

    @Test
    void the_close_log_names_the_idle_time_in_seconds_with_three_decimals_rounded() {
        assertThat(Connection.seconds(3_007_400_000L)).isEqualTo("3.007");
        assertThat(Connection.seconds(2_999_600_000L)).isEqualTo("3.000");
        assertThat(Connection.seconds(1_500_000_000L)).isEqualTo("1.500");
        assertThat(Connection.seconds(12_345_678_901L)).isEqualTo("12.346");
        assertThat(Connection.seconds(45_000_000L)).isEqualTo("0.045");
        assertThat(CloseReason.clientDisconnect(ReasonCode.DISCONNECT_WITH_WILL).describe()).contains("0x04");
        assertThat(CloseReason.protocolError(ReasonCode.PROTOCOL_ERROR, null).describe()).contains("0x82");
    }

    @Test
    void keep_alive_2s_closes_at_exactly_3s_MQTT_3_1_2_22() {
        TestClient c = connect(MqttVersion.V5, 2);
        h.advanceMillis(2990);
        assertThat(c.closed).isFalse();
        h.advanceMillis(9);
        assertThat(c.closed).isFalse();
        h.advanceMillis(1);
        assertThat(c.closed).isTrue();
        c.expectDisconnect(ReasonCode.KEEP_ALIVE_TIMEOUT);
        assertThat(h.engine.metrics().keepaliveTimeouts.sum()).isEqualTo(1);
    }

    @Test
    void v311_keep_alive_closes_without_disconnect_packet_MQTT_3_1_2_24() {
        TestClient c = connect(MqttVersion.V3_1_1, 2);
        h.advance(Duration.ofSeconds(3));
        assertThat(c.closed).isTrue();
        c.expectNothing();
    }

    @Test
    void a_pingreq_re_arms_the_deadline_MQTT_3_1_2_22() {
        TestClient c = connect(MqttVersion.V5, 2);
        h.advanceMillis(2500);
        c.ping();
        c.expect(dev.tern.packet.Pingresp.class);
        h.advanceMillis(2999); // t = 5.499 s
        assertThat(c.closed).isFalse();
        h.advanceMillis(1);    // t = 5.5 s
        assertThat(c.closed).isTrue();
    }

    @Test
    void any_packet_re_arms_the_deadline_MQTT_3_1_2_22() {
        TestClient c = connect(MqttVersion.V5, 2);
        h.advanceMillis(2000);
        c.publish("t", Qos.AT_MOST_ONCE, "x");
        h.advanceMillis(2000);
        c.subscribe("t", Qos.AT_MOST_ONCE);
        h.advanceMillis(2999);
        assertThat(c.closed).isFalse();
        h.advanceMillis(1);
        assertThat(c.closed).isTrue();
    }

    @Test
    void keep_alive_0_never_closes_MQTT_3_1_2_10() {
        TestClient c = connect(MqttVersion.V5, 0);
        h.advance(Duration.ofDays(3));
        assertThat(c.closed).isFalse();
        c.expectNothing();
    }

    @Test
    void server_keep_alive_overrides_the_clients_MQTT_3_2_2_21() {
        EngineHarness h2 = new EngineHarness(cfg -> cfg.serverKeepalive = 4);
        TestClient c = h2.connect(Connect.of(MqttVersion.V5, "k", true, 60));
        assertThat(c.expectConnack().serverKeepAlive()).isEqualTo(4);
        h2.advanceMillis(5999);
        assertThat(c.closed).isFalse();
        h2.advanceMillis(1);
        assertThat(c.closed).isTrue();
    }

    @Test
    void keep_alive_above_max_is_capped_with_server_keep_alive_MQTT_3_2_2_21() {
        EngineHarness h2 = new EngineHarness(cfg -> cfg.maxKeepalive = 10);
        TestClient c = h2.connect(Connect.of(MqttVersion.V5, "k", true, 100));
        assertThat(c.expectConnack().serverKeepAlive()).isEqualTo(10);
        h2.advance(Duration.ofSeconds(15));
        assertThat(c.closed).isTrue();
    }

    @Test
    void v311_keep_alive_is_not_shortened_by_server_keepalive_MQTT_3_1_2_24() {
        // 3.1.1 has no Server Keep Alive: the client cannot learn a shorter value and pings at its own
        EngineHarness h2 = new EngineHarness(cfg -> cfg.serverKeepalive = 4);
        TestClient c = h2.connected(Connect.of(MqttVersion.V3_1_1, "k", true, 60));
        h2.advance(Duration.ofSeconds(89));
        assertThat(c.closed).isFalse();
        h2.advance(Duration.ofSeconds(1));
        assertThat(c.closed).isTrue();
    }

    @Test
    void v311_keep_alive_is_not_shortened_by_max_keepalive_MQTT_3_1_2_24() {
        EngineHarness h2 = new EngineHarness(cfg -> cfg.maxKeepalive = 10);
        TestClient c = h2.connected(Connect.of(MqttVersion.V3_1_1, "k", true, 60));
        h2.advance(Duration.ofSeconds(89));
        assertThat(c.closed).isFalse();
    }

    @Test
    void zero_keep_alive_when_not_allowed_gets_max_keepalive_as_server_keep_alive_MQTT_3_2_2_21() {
        EngineHarness h2 = new EngineHarness(cfg -> {
            cfg.allowZeroKeepalive = false;
            cfg.maxKeepalive = 100;
        });
        TestClient c = h2.connect(Connect.of(MqttVersion.V5, "k", true, 0));
        assertThat(c.expectConnack().serverKeepAlive()).isEqualTo(100);
        h2.advanceMillis(149_999);
        assertThat(c.closed).isFalse();
        h2.advanceMillis(1);
        assertThat(c.closed).isTrue();
    }

    @Test
    void the_close_reason_is_kept_as_the_sessions_last_close() {
        h.connected(Connect.of(MqttVersion.V5, "k", false, 2).withSessionExpiryInterval(60));
        h.advance(Duration.ofSeconds(3));
        assertThat(h.session("k").lastClose()).contains("keepalive timeout");
    }

    @Test
    void packets_do_not_schedule_timers_the_deadline_is_re_armed_lazily() {
        TestClient c = connect(MqttVersion.V5, 2);
        int before = h.executor.pendingTimers();
        for (int i = 0; i < 100; i++) {
            h.advanceMillis(10);
            c.ping();
        }
        assertThat(h.executor.pendingTimers()).isEqualTo(before);
        assertThat(c.closed).isFalse();
    }

    @Test
    void a_thousand_silent_clients_share_a_few_timers_and_all_close_on_time_MQTT_3_1_2_22() {
        java.util.List<TestClient> clients = new java.util.ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            clients.add(h.connected(Connect.of(MqttVersion.V5, "silent-" + i, true, 2)));
        }
        // Deadlines are grouped per 5 ms tick: all of these share one (two shards, one wheel each).
        assertThat(h.executor.pendingTimers()).isLessThanOrEqualTo(2);
        h.advanceMillis(2999);
        assertThat(clients).noneMatch(c -> c.closed);
        h.advanceMillis(1);
        assertThat(clients).allMatch(c -> c.closed);
        assertThat(h.engine.metrics().keepaliveTimeouts.sum()).isEqualTo(1000);
    }

    @Test
    void a_deadline_between_ticks_is_checked_at_the_next_tick_never_before() {
        h.advanceMillis(2); // connect at t = 2 ms: deadline 3.002 s, between two 5 ms ticks
        TestClient c = connect(MqttVersion.V5, 2);
        h.advanceMillis(3002); // t = 3.004 s
        assertThat(c.closed).isFalse();
        h.advanceMillis(1);    // t = 3.005 s: the tick after the deadline
        assertThat(c.closed).isTrue();
    }
}
