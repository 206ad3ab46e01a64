package dev.tern.codec;

import static dev.tern.codec.DecoderHarness.assertFailure;
import static dev.tern.codec.DecoderHarness.packet;
import static dev.tern.codec.DecoderHarness.single;
import static dev.tern.codec.DecoderHarness.singleFromServer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.packet.Auth;
import dev.tern.packet.Connack;
import dev.tern.packet.Disconnect;
import dev.tern.packet.MqttVersion;
import dev.tern.packet.PacketType;
import dev.tern.packet.Pingresp;
import dev.tern.packet.ReasonCode;
import dev.tern.packet.Suback;
import dev.tern.packet.Unsuback;
import dev.tern.packet.UserProperty;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Client mode (server-to-client packets) and DISCONNECT/AUTH in both directions. */
class ClientModeDecoderTest {

    @ParameterizedTest
    @CsvSource({"0, SUCCESS", "1, UNSUPPORTED_PROTOCOL_VERSION", "2, CLIENT_IDENTIFIER_NOT_VALID",
        "3, SERVER_UNAVAILABLE", "4, BAD_USER_NAME_OR_PASSWORD", "5, NOT_AUTHORIZED"})
    void connack_3_1_1_return_codes(int returnCode, ReasonCode expected) {
        assertThat(singleFromServer(MqttVersion.V3_1_1, packet(0x20, 0x00, returnCode)))
                .usingRecursiveComparison().isEqualTo(Connack.of(false, expected));
    }

    @Test
    void connack_3_1_1_unknown_return_code_and_reserved_flags_are_malformed() {
        assertFailure(singleFromServer(MqttVersion.V3_1_1, packet(0x20, 0x00, 0x06)), ReasonCode.MALFORMED_PACKET,
                PacketType.CONNACK);
        assertFailure(singleFromServer(MqttVersion.V3_1_1, packet(0x20, 0x02, 0x00)), ReasonCode.MALFORMED_PACKET,
                PacketType.CONNACK);
    }

    @Test
    void connack_session_present_with_an_error_is_a_protocol_error_MQTT_3_2_2_6() {
        assertFailure(singleFromServer(MqttVersion.V5, packet(0x20, 0x01, 0x80, 0x00)), ReasonCode.PROTOCOL_ERROR,
                PacketType.CONNACK);
    }

    @Test
    void connack_5_with_every_property() {
        Object out = singleFromServer(MqttVersion.V5, packet(0x20,
                0x01,                                  // session present
                0x00,                                  // Success
                0x3E,                                  // property length 62
                0x11, 0x00, 0x00, 0x00, 0x3C,          // Session Expiry Interval 60
                0x21, 0x00, 0x14,                      // Receive Maximum 20
                0x24, 0x01,                            // Maximum QoS 1
                0x25, 0x00,                            // Retain Available 0
                0x27, 0x00, 0x00, 0x04, 0x00,          // Maximum Packet Size 1024
                0x12, 0x00, 0x02, 'i', 'd',            // Assigned Client Identifier "id"
                0x22, 0x00, 0x0A,                      // Topic Alias Maximum 10
                0x1F, 0x00, 0x02, 'o', 'k',            // Reason String "ok"
                0x26, 0x00, 0x01, 'k', 0x00, 0x01, 'v', // User Property
                0x28, 0x01,                            // Wildcard Subscription Available 1
                0x29, 0x00,                            // Subscription Identifiers Available 0
                0x2A, 0x01,                            // Shared Subscription Available 1
                0x13, 0x00, 0x1E,                      // Server Keep Alive 30
                0x1A, 0x00, 0x01, 'r',                 // Response Information "r"
                0x1C, 0x00, 0x01, 's',                 // Server Reference "s"
                0x15, 0x00, 0x01, 'm',                 // Authentication Method "m"
                0x16, 0x00, 0x01, 0x09));              // Authentication Data
        Connack expected = new Connack(true, ReasonCode.SUCCESS, 60L, 20, 1, false, 1024L, "id", 10, "ok",
                List.of(new UserProperty("k", "v")), true, false, true, 30, "r", "s", "m", new byte[] {9});
        assertThat(out).usingRecursiveComparison().isEqualTo(expected);
    }

    @Test
    void connack_5_maximum_qos_2_and_receive_maximum_0_are_protocol_errors() {
        assertFailure(singleFromServer(MqttVersion.V5, packet(0x20, 0x00, 0x00, 0x02, 0x24, 0x02)),
                ReasonCode.PROTOCOL_ERROR, PacketType.CONNACK);
        assertFailure(singleFromServer(MqttVersion.V5, packet(0x20, 0x00, 0x00, 0x03, 0x21, 0x00, 0x00)),
                ReasonCode.PROTOCOL_ERROR, PacketType.CONNACK);
    }

    @Test
    void connack_5_reason_code_not_valid_for_connack_is_malformed() {
        assertFailure(singleFromServer(MqttVersion.V5, packet(0x20, 0x00, 0x8E, 0x00)), ReasonCode.MALFORMED_PACKET,
                PacketType.CONNACK);
    }

    @Test
    void suback_3_1_1_and_5() {
        assertThat(singleFromServer(MqttVersion.V3_1_1, packet(0x90, 0x00, 0x01, 0x00, 0x01, 0x02, 0x80)))
                .isEqualTo(new Suback(1, List.of(ReasonCode.SUCCESS, ReasonCode.GRANTED_QOS_1,
                        ReasonCode.GRANTED_QOS_2, ReasonCode.UNSPECIFIED_ERROR), null, List.of()));
        assertThat(singleFromServer(MqttVersion.V5, packet(0x90, 0x00, 0x01,
                0x04, 0x1F, 0x00, 0x01, 'x',          // Reason String "x"
                0x01, 0xA2)))                         // Granted QoS 1, Wildcard subscriptions not supported
                .isEqualTo(new Suback(1, List.of(ReasonCode.GRANTED_QOS_1,
                        ReasonCode.WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED), "x", List.of()));
    }

    @Test
    void suback_with_invalid_codes_is_malformed() {
        assertFailure(singleFromServer(MqttVersion.V3_1_1, packet(0x90, 0x00, 0x01, 0x03)),
                ReasonCode.MALFORMED_PACKET, PacketType.SUBACK);
        assertFailure(singleFromServer(MqttVersion.V5, packet(0x90, 0x00, 0x01, 0x00, 0x11)),
                ReasonCode.MALFORMED_PACKET, PacketType.SUBACK);
    }

    @Test
    void unsuback_3_1_1_and_5() {
        assertThat(singleFromServer(MqttVersion.V3_1_1, packet(0xB0, 0x00, 0x02)))
                .isEqualTo(new Unsuback(2, List.of(), null, List.of()));
        assertThat(singleFromServer(MqttVersion.V5, packet(0xB0, 0x00, 0x02, 0x00, 0x00, 0x11)))
                .isEqualTo(new Unsuback(2, List.of(ReasonCode.SUCCESS, ReasonCode.NO_SUBSCRIPTION_EXISTED), null,
                        List.of()));
        assertFailure(singleFromServer(MqttVersion.V3_1_1, packet(0xB0, 0x00, 0x02, 0x00)),
                ReasonCode.MALFORMED_PACKET, PacketType.UNSUBACK);
    }

    @Test
    void pingresp() {
        assertThat(singleFromServer(MqttVersion.V3_1_1, packet(0xD0))).isSameAs(Pingresp.INSTANCE);
    }

    @ParameterizedTest
    @CsvSource({"0x10, CONNECT", "0x82, SUBSCRIBE", "0xA2, UNSUBSCRIBE", "0xC0, PINGREQ"})
    void client_packets_from_a_server_are_a_protocol_error(String first, PacketType type) {
        assertFailure(singleFromServer(MqttVersion.V5, DecoderHarness.bytes(Integer.decode(first), 0x00)),
                ReasonCode.PROTOCOL_ERROR, type);
    }

    @Test
    void disconnect_or_auth_from_a_3_1_1_server_is_a_protocol_error() {
        assertFailure(singleFromServer(MqttVersion.V3_1_1, packet(0xE0)), ReasonCode.PROTOCOL_ERROR,
                PacketType.DISCONNECT);
    }

    @Test
    void disconnect_short_forms() {
        assertThat(single(MqttVersion.V5, packet(0xE0))).isEqualTo(Disconnect.NORMAL);
        assertThat(single(MqttVersion.V5, packet(0xE0, 0x04))).isEqualTo(Disconnect.of(ReasonCode.DISCONNECT_WITH_WILL));
        assertThat(single(MqttVersion.V3_1_1, packet(0xE0))).isEqualTo(Disconnect.NORMAL);
    }

    @Test
    void disconnect_3_1_1_with_a_body_is_malformed() {
        assertFailure(single(MqttVersion.V3_1_1, packet(0xE0, 0x00)), ReasonCode.MALFORMED_PACKET,
                PacketType.DISCONNECT);
    }

    @Test
    void disconnect_5_with_properties() {
        Object fromClient = single(MqttVersion.V5, packet(0xE0,
                0x00,                               // Normal disconnection
                0x0C,                               // property length 12
                0x11, 0x00, 0x00, 0x00, 0x0A,       // Session Expiry Interval 10
                0x1F, 0x00, 0x01, 'b',              // Reason String "b"
                0x1C, 0x00, 0x00));                 // Server Reference ""
        assertThat(fromClient).isEqualTo(new Disconnect(ReasonCode.SUCCESS, 10L, "b", List.of(), ""));
        Object fromServer = singleFromServer(MqttVersion.V5, packet(0xE0, 0x9C, 0x04, 0x1C, 0x00, 0x01, 'o'));
        assertThat(fromServer).isEqualTo(new Disconnect(ReasonCode.USE_ANOTHER_SERVER, null, null, List.of(), "o"));
    }

    @Test
    void disconnect_with_an_invalid_reason_code_is_malformed() {
        assertFailure(single(MqttVersion.V5, packet(0xE0, 0x01)), ReasonCode.MALFORMED_PACKET, PacketType.DISCONNECT);
    }

    @Test
    void session_expiry_in_a_disconnect_from_the_server_is_a_protocol_error_MQTT_3_14_2_2() {
        assertFailure(singleFromServer(MqttVersion.V5, packet(0xE0, 0x00, 0x05, 0x11, 0x00, 0x00, 0x00, 0x01)),
                ReasonCode.PROTOCOL_ERROR, PacketType.DISCONNECT);
    }

    @Test
    void auth_5_with_properties() {
        Object out = singleFromServer(MqttVersion.V5, packet(0xF0,
                0x18,                                  // Continue authentication
                0x0C,                                  // property length 12
                0x15, 0x00, 0x02, 'm', '1',            // Authentication Method "m1"
                0x16, 0x00, 0x01, 0x05,                // Authentication Data
                0x1F, 0x00, 0x00));                    // Reason String ""
        assertThat(out).usingRecursiveComparison().isEqualTo(new Auth(ReasonCode.CONTINUE_AUTHENTICATION, "m1",
                new byte[] {5}, "", List.of()));
    }

    @Test
    void auth_with_a_reason_code_not_valid_for_auth_is_malformed() {
        assertFailure(single(MqttVersion.V5, packet(0xF0, 0x80, 0x00)), ReasonCode.MALFORMED_PACKET, PacketType.AUTH);
    }

    @Test
    void client_mode_without_a_version_is_a_programming_error() {
        io.netty.channel.embedded.EmbeddedChannel ch =
                new io.netty.channel.embedded.EmbeddedChannel(new MqttDecoder(0, false));
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                ch.writeInbound(io.netty.buffer.Unpooled.wrappedBuffer(packet(0xD0))))
                .hasRootCauseInstanceOf(IllegalStateException.class);
        ch.pipeline().remove(MqttDecoder.class); // hands the undecoded bytes on, so finish() does not decode again
        ch.finishAndReleaseAll();
    }
}
