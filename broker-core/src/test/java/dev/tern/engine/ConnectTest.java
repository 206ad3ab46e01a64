package dev.tern.engine;

import dev.tern.packet.Connack;
import dev.tern.packet.Connect;
import dev.tern.packet.MqttVersion;
import dev.tern.packet.ReasonCode;
import org.junit.jupiter.api.Test;

import static dev.tern.engine.EngineHarness.v311Connect;
import static dev.tern.engine.EngineHarness.v5Connect;
import static org.assertj.core.api.Assertions.assertThat;

/** CONNECT / CONNACK (MQTT 5.0 sections 3.1, 3.2; 3.1.1 sections 3.1, 3.2). */
class ConnectTest {
    private final EngineHarness h = new EngineHarness();

    @Test
    void connack_success_without_session_on_first_connect_MQTT_3_2_2_2_MQTT_3_1_4_5() {
        TestClient c = h.connect(v5Connect("a", false, 60));
        Connack ack = c.expectConnack();
        assertThat(ack.sessionPresent()).isFalse();
        assertThat(c.closed).isFalse();
        c.expectNothing();
    }

    @Test
    void session_present_when_resuming_MQTT_3_2_2_3() {
        h.connected(v5Connect("a", false, 60)).dropConnection();
        TestClient c = h.connect(v5Connect("a", false, 60));
        assertThat(c.expectConnack().sessionPresent()).isTrue();
    }

    @Test
    void session_present_is_0_with_clean_start_even_if_a_session_existed_MQTT_3_2_2_2() {
        h.connected(v5Connect("a", false, 60)).dropConnection();
        TestClient c = h.connect(v5Connect("a", true, 60));
        assertThat(c.expectConnack().sessionPresent()).isFalse();
    }

    @Test
    void v311_session_present_when_resuming_clean_session_0_MQTT_3_2_2_3() {
        h.connected(v311Connect("a", false)).dropConnection();
        TestClient c = h.connect(v311Connect("a", false));
        assertThat(c.expectConnack().sessionPresent()).isTrue();
    }

    @Test
    void v5_empty_client_id_gets_an_assigned_id_in_connack_MQTT_3_2_2_16() {
        TestClient c = h.connect(v5Connect("", true, 0));
        Connack ack = c.expectConnack();
        assertThat(ack.assignedClientIdentifier()).isNotEmpty().isEqualTo(c.clientId);
        assertThat(h.session(c.clientId)).isNotNull();
    }

    @Test
    void v5_assigned_ids_are_unique_MQTT_3_2_2_16() {
        String a = h.connect(v5Connect("", true, 0)).expectConnack().assignedClientIdentifier();
        String b = h.connect(v5Connect("", true, 0)).expectConnack().assignedClientIdentifier();
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void v5_connack_has_no_assigned_id_when_the_client_gave_one() {
        assertThat(h.connect(v5Connect("mine", true, 0)).expectConnack().assignedClientIdentifier()).isNull();
    }

    @Test
    void v311_empty_client_id_with_clean_session_0_is_refused_with_0x85_MQTT_3_1_3_8() {
        TestClient c = h.connect(v311Connect("", false));
        Connack ack = c.expect(Connack.class);
        assertThat(ack.reasonCode()).isEqualTo(ReasonCode.CLIENT_IDENTIFIER_NOT_VALID);
        assertThat(ack.sessionPresent()).isFalse();
        assertThat(c.closed).isTrue();
        assertThat(h.allSessions()).isEmpty();
    }

    @Test
    void v311_empty_client_id_with_clean_session_1_is_accepted_MQTT_3_1_3_7() {
        TestClient c = h.connect(v311Connect("", true));
        assertThat(c.expectConnack().sessionPresent()).isFalse();
        assertThat(c.closed).isFalse();
    }

    @Test
    void server_keep_alive_in_connack_when_configured_MQTT_3_2_2_21() {
        EngineHarness h2 = new EngineHarness(c -> c.serverKeepalive = 30);
        TestClient c = h2.connect(Connect.of(MqttVersion.V5, "a", true, 120));
        assertThat(c.expectConnack().serverKeepAlive()).isEqualTo(30);
        assertThat(c.connection.keepAlive()).isEqualTo(30);
    }

    @Test
    void no_server_keep_alive_in_connack_by_default_MQTT_3_2_2_22() {
        TestClient c = h.connect(Connect.of(MqttVersion.V5, "a", true, 120));
        assertThat(c.expectConnack().serverKeepAlive()).isNull();
        assertThat(c.connection.keepAlive()).isEqualTo(120);
    }

    @Test
    void connack_announces_session_expiry_when_the_server_caps_it_MQTT_3_2_2_5() {
        EngineHarness h2 = new EngineHarness(c -> c.maxExpiryInterval = 100);
        TestClient c = h2.connect(v5Connect("a", true, 1000));
        assertThat(c.expectConnack().sessionExpiryInterval()).isEqualTo(100L);
        assertThat(h2.session("a").expiryInterval()).isEqualTo(100L);
    }

    @Test
    void will_qos_above_max_qos_is_refused_with_0x9B_MQTT_3_2_2_12() {
        EngineHarness h2 = new EngineHarness(c -> c.maxQos = 1);
        TestClient c = h2.connect(v5Connect("a", true, 0)
                .withWill(EngineHarness.will("w", "x", dev.tern.packet.Qos.EXACTLY_ONCE, 0)));
        assertThat(c.expect(Connack.class).reasonCode()).isEqualTo(ReasonCode.QOS_NOT_SUPPORTED);
        assertThat(c.closed).isTrue();
        assertThat(h2.allSessions()).isEmpty();
    }

    @Test
    void will_retain_without_retain_available_is_refused_with_0x9A_MQTT_3_2_2_13() {
        EngineHarness h2 = new EngineHarness(c -> c.retainAvailable = false);
        TestClient c = h2.connect(v5Connect("a", true, 0).withWill(new dev.tern.packet.Will("w",
                EngineHarness.bytes("x"), dev.tern.packet.Qos.AT_MOST_ONCE, true, 0, null)));
        assertThat(c.expect(Connack.class).reasonCode()).isEqualTo(ReasonCode.RETAIN_NOT_SUPPORTED);
        assertThat(c.closed).isTrue();
    }

    @Test
    void client_id_longer_than_the_limit_is_refused_with_0x85_MQTT_3_1_3_5() {
        EngineHarness h2 = new EngineHarness(c -> c.maxClientIdLength = 8);
        TestClient c = h2.connect(v5Connect("123456789", true, 0));
        assertThat(c.expect(Connack.class).reasonCode()).isEqualTo(ReasonCode.CLIENT_IDENTIFIER_NOT_VALID);
        assertThat(c.closed).isTrue();
        assertThat(h2.connect(v5Connect("12345678", true, 0)).expectConnack()).isNotNull();
    }

    @Test
    void anonymous_connect_is_refused_with_0x87_when_disabled_MQTT_3_2_2_6_MQTT_3_2_2_7() {
        EngineHarness h2 = new EngineHarness(c -> c.allowAnonymous = false);
        TestClient c = h2.connect(v5Connect("a", true, 0));
        assertThat(c.expect(Connack.class).reasonCode()).isEqualTo(ReasonCode.NOT_AUTHORIZED);
        assertThat(c.closed).isTrue();
    }

    @Test
    void unsupported_authentication_method_is_refused_with_0x8C_MQTT_4_12_0_1() {
        Connect c = v5Connect("a", true, 0);
        Connect withAuth = new Connect(c.version(), c.clientId(), c.cleanStart(), c.keepAlive(), null, null, null,
                0, 65535, 0, 0, false, true, java.util.List.of(), "SCRAM-SHA-1", null);
        TestClient client = h.connect(withAuth);
        assertThat(client.expect(Connack.class).reasonCode()).isEqualTo(ReasonCode.BAD_AUTHENTICATION_METHOD);
        assertThat(client.closed).isTrue();
    }

    @Test
    void auth_packet_without_authentication_method_is_a_protocol_error_MQTT_4_12_0_1_MQTT_4_12_0_6() {
        TestClient c = h.v5("a");
        c.packet(new dev.tern.packet.Auth(ReasonCode.RE_AUTHENTICATE, "X", null, null, java.util.List.of()));
        c.expectDisconnect(ReasonCode.PROTOCOL_ERROR);
        assertThat(c.closed).isTrue();
    }
}
