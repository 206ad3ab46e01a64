package dev.tern.codec;

import static dev.tern.codec.DecoderHarness.assertFailure;
import static dev.tern.codec.DecoderHarness.decode;
import static dev.tern.codec.DecoderHarness.packet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.packet.Connect;
import dev.tern.packet.MqttVersion;
import dev.tern.packet.PacketType;
import dev.tern.packet.PublishProperties;
import dev.tern.packet.Qos;
import dev.tern.packet.ReasonCode;
import dev.tern.packet.UserProperty;
import dev.tern.packet.Will;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** CONNECT (MQTT 5.0 section 3.1, 3.1.1 section 3.1, 3.1 "MQIsdp"). */
class ConnectDecoderTest {

    private static Object decodeOne(byte[] bytes) {
        List<Object> out = decode(DecoderHarness::server, bytes);
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    /** A 3.1.1 CONNECT with the given flags, keep alive 60, then the payload fields given. */
    private static byte[] connect311(int flags, int... payload) {
        int[] head = {0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, flags, 0x00, 0x3C};
        return packet(0x10, IntStream.concat(IntStream.of(head), IntStream.of(payload)).toArray());
    }

    /** A 5.0 CONNECT, clean start, client id "c", with the given properties (length computed). */
    private static byte[] connect5(int... properties) {
        int[] head = {0x00, 0x04, 'M', 'Q', 'T', 'T', 0x05, 0x02, 0x00, 0x3C, properties.length};
        int[] tail = {0x00, 0x01, 'c'};
        return packet(0x10, IntStream.concat(IntStream.concat(IntStream.of(head), IntStream.of(properties)),
                IntStream.of(tail)).toArray());
    }

    @Test
    void connect_3_1_1_minimal() {
        Object out = decodeOne(DecoderHarness.CONNECT_311);
        assertThat(out).usingRecursiveComparison().isEqualTo(Connect.of(MqttVersion.V3_1_1, "c", true, 60));
    }

    @Test
    void connect_3_1_with_protocol_name_MQIsdp() {
        byte[] bytes = packet(0x10,
                0x00, 0x06, 'M', 'Q', 'I', 's', 'd', 'p', // protocol name "MQIsdp"
                0x03,                                     // level 3
                0x00,                                     // flags
                0x00, 0x0A,                               // keep alive 10
                0x00, 0x02, 'i', 'd');                    // client id
        assertThat(decodeOne(bytes)).usingRecursiveComparison()
                .isEqualTo(Connect.of(MqttVersion.V3_1, "id", false, 10));
    }

    @Test
    void connect_3_1_1_with_will_user_and_password() {
        byte[] bytes = connect311(0xF6,          // user, password, will retain, will QoS 2, will, clean
                0x00, 0x01, 'c',                 // client id
                0x00, 0x01, 'w',                 // will topic
                0x00, 0x02, 'h', 'i',            // will payload
                0x00, 0x01, 'u',                 // user name
                0x00, 0x01, 'p');                // password
        Connect expected = Connect.of(MqttVersion.V3_1_1, "c", true, 60)
                .withWill(new Will("w", new byte[] {'h', 'i'}, Qos.EXACTLY_ONCE, true, 0, null))
                .withCredentials("u", new byte[] {'p'});
        assertThat(decodeOne(bytes)).usingRecursiveComparison().isEqualTo(expected);
    }

    @Test
    void connect_5_with_every_property_and_will_property() {
        byte[] bytes = packet(0x10,
                0x00, 0x04, 'M', 'Q', 'T', 'T',  // protocol name
                0x05,                            // level 5
                0xEE,                            // user, password, will retain, will QoS 1, will, clean start
                0x00, 0x0A,                      // keep alive 10
                0x24,                            // property length 36
                0x11, 0x00, 0x00, 0x00, 0x78,    // Session Expiry Interval 120
                0x21, 0x00, 0x0A,                // Receive Maximum 10
                0x27, 0x00, 0x00, 0x10, 0x00,    // Maximum Packet Size 4096
                0x22, 0x00, 0x05,                // Topic Alias Maximum 5
                0x19, 0x01,                      // Request Response Information 1
                0x17, 0x00,                      // Request Problem Information 0
                0x26, 0x00, 0x01, 'k', 0x00, 0x01, 'v', // User Property k=v
                0x15, 0x00, 0x02, 'm', 'e',      // Authentication Method "me"
                0x16, 0x00, 0x01, 0x2A,          // Authentication Data 0x2A
                0x00, 0x01, 'c',                 // client id
                0x1F,                            // will property length 31
                0x18, 0x00, 0x00, 0x00, 0x05,    // Will Delay Interval 5
                0x01, 0x01,                      // Payload Format Indicator 1
                0x02, 0x00, 0x00, 0x00, 0x3C,    // Message Expiry Interval 60
                0x03, 0x00, 0x01, 'j',           // Content Type "j"
                0x08, 0x00, 0x01, 'r',           // Response Topic "r"
                0x09, 0x00, 0x01, 0x07,          // Correlation Data 0x07
                0x26, 0x00, 0x01, 'a', 0x00, 0x01, 'b', // User Property a=b
                0x00, 0x01, 'w',                 // will topic
                0x00, 0x02, 'h', 'i',            // will payload
                0x00, 0x01, 'u',                 // user name
                0x00, 0x01, 'p');                // password
        PublishProperties willProps = new PublishProperties(1, 60, 0, "r", new byte[] {7},
                List.of(new UserProperty("a", "b")), List.of(), "j");
        Connect expected = new Connect(MqttVersion.V5, "c", true, 10, "u", new byte[] {'p'},
                new Will("w", new byte[] {'h', 'i'}, Qos.AT_LEAST_ONCE, true, 5, willProps),
                120, 10, 4096, 5, true, false, List.of(new UserProperty("k", "v")), "me", new byte[] {0x2A});
        assertThat(decodeOne(bytes)).usingRecursiveComparison().isEqualTo(expected);
    }

    @Test
    void unknown_protocol_level_is_unsupported_protocol_version_MQTT_3_1_2_2() {
        byte[] bytes = packet(0x10, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x06, 0x02, 0x00, 0x3C, 0x00, 0x01, 'c');
        Object out = decodeOne(bytes);
        assertFailure(out, ReasonCode.UNSUPPORTED_PROTOCOL_VERSION, PacketType.CONNECT);
        assertThat(((DecodeFailure) out).protocolLevel()).isEqualTo(6);
    }

    @Test
    void protocol_name_must_match_the_level_MQTT_3_1_2_1() {
        byte[] bytes = packet(0x10, 0x00, 0x04, 'M', 'Q', 'T', 'X', 0x04, 0x02, 0x00, 0x3C, 0x00, 0x01, 'c');
        assertFailure(decodeOne(bytes), ReasonCode.UNSUPPORTED_PROTOCOL_VERSION, PacketType.CONNECT);
        byte[] mqisdpLevel4 = packet(0x10, 0x00, 0x06, 'M', 'Q', 'I', 's', 'd', 'p', 0x04, 0x02, 0x00, 0x3C,
                0x00, 0x01, 'c');
        assertFailure(decodeOne(mqisdpLevel4), ReasonCode.UNSUPPORTED_PROTOCOL_VERSION, PacketType.CONNECT);
    }

    @Test
    void reserved_connect_flag_must_be_zero_MQTT_3_1_2_3() {
        assertFailure(decodeOne(connect311(0x03, 0x00, 0x01, 'c')), ReasonCode.MALFORMED_PACKET, PacketType.CONNECT);
    }

    @Test
    void will_qos_3_is_malformed_MQTT_3_1_2_12() {
        byte[] bytes = connect311(0x1E, 0x00, 0x01, 'c', 0x00, 0x01, 'w', 0x00, 0x00); // will QoS 3
        assertFailure(decodeOne(bytes), ReasonCode.MALFORMED_PACKET, PacketType.CONNECT);
    }

    @Test
    void will_qos_without_will_flag_is_malformed_MQTT_3_1_2_11() {
        assertFailure(decodeOne(connect311(0x0A, 0x00, 0x01, 'c')), ReasonCode.MALFORMED_PACKET, PacketType.CONNECT);
    }

    @Test
    void will_retain_without_will_flag_is_malformed_MQTT_3_1_2_13() {
        assertFailure(decodeOne(connect311(0x22, 0x00, 0x01, 'c')), ReasonCode.MALFORMED_PACKET, PacketType.CONNECT);
    }

    @Test
    void will_topic_with_wildcard_is_topic_name_invalid_MQTT_3_3_2_2() {
        byte[] bytes = connect311(0x06, 0x00, 0x01, 'c', 0x00, 0x01, '#', 0x00, 0x00);
        assertFailure(decodeOne(bytes), ReasonCode.TOPIC_NAME_INVALID, PacketType.CONNECT);
    }

    @Test
    void password_without_user_name_is_malformed_in_3_1_1_MQTT_3_1_2_22() {
        byte[] bytes = connect311(0x42, 0x00, 0x01, 'c', 0x00, 0x01, 'p');
        assertFailure(decodeOne(bytes), ReasonCode.MALFORMED_PACKET, PacketType.CONNECT);
    }

    @Test
    void password_without_user_name_is_allowed_in_5() {
        byte[] bytes = packet(0x10, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x05, 0x42, 0x00, 0x3C, 0x00,
                0x00, 0x01, 'c',  // client id
                0x00, 0x01, 'p'); // password
        Connect c = (Connect) decodeOne(bytes);
        assertThat(c.username()).isNull();
        assertThat(c.password()).containsExactly('p');
    }

    @Test
    void client_id_with_U_0000_is_malformed_MQTT_1_5_4_2() {
        assertFailure(decodeOne(connect311(0x02, 0x00, 0x02, 'a', 0x00)), ReasonCode.MALFORMED_PACKET,
                PacketType.CONNECT);
    }

    @Test
    void client_id_with_encoded_surrogate_is_malformed_MQTT_1_5_4_1() {
        // U+D800 encoded as if it were a character: ED A0 80
        assertFailure(decodeOne(connect311(0x02, 0x00, 0x03, 0xED, 0xA0, 0x80)), ReasonCode.MALFORMED_PACKET,
                PacketType.CONNECT);
    }

    @Test
    void client_id_with_ill_formed_utf8_is_malformed_MQTT_1_5_4_1_MQTT_3_1_3_4() {
        assertFailure(decodeOne(connect311(0x02, 0x00, 0x02, 0xC0, 0xAF)), ReasonCode.MALFORMED_PACKET,
                PacketType.CONNECT); // overlong '/'
        assertFailure(decodeOne(connect311(0x02, 0x00, 0x01, 0xFF)), ReasonCode.MALFORMED_PACKET,
                PacketType.CONNECT);
    }

    @Test
    void client_id_with_multibyte_utf8_is_decoded() {
        Connect c = (Connect) decodeOne(connect311(0x02, 0x00, 0x06, 0xC3, 0xA9, 0xF0, 0x9F, 0x98, 0x80));
        assertThat(c.clientId()).isEqualTo("é\uD83D\uDE00");
    }

    @Test
    void leftover_bytes_after_the_payload_are_malformed() {
        assertFailure(decodeOne(connect311(0x02, 0x00, 0x01, 'c', 0x00)), ReasonCode.MALFORMED_PACKET,
                PacketType.CONNECT);
    }

    @Test
    void failure_inside_a_5_connect_carries_level_5() {
        Object out = decodeOne(connect5(0x21, 0x00, 0x00)); // Receive Maximum 0
        assertFailure(out, ReasonCode.PROTOCOL_ERROR, PacketType.CONNECT);
        assertThat(((DecodeFailure) out).protocolLevel()).isEqualTo(5);
    }

    @Test
    void duplicate_property_is_a_protocol_error() {
        assertFailure(decodeOne(connect5(0x11, 0, 0, 0, 1, 0x11, 0, 0, 0, 2)), ReasonCode.PROTOCOL_ERROR,
                PacketType.CONNECT);
    }

    @Test
    void user_property_may_repeat() {
        Connect c = (Connect) decodeOne(connect5(0x26, 0, 1, 'a', 0, 1, 'b', 0x26, 0, 1, 'a', 0, 1, 'c'));
        assertThat(c.userProperties()).containsExactly(new UserProperty("a", "b"), new UserProperty("a", "c"));
    }

    @Test
    void property_not_allowed_in_connect_is_malformed() {
        assertFailure(decodeOne(connect5(0x23, 0x00, 0x01)), ReasonCode.MALFORMED_PACKET, PacketType.CONNECT);
        assertFailure(decodeOne(connect5(0x7F, 0x00)), ReasonCode.MALFORMED_PACKET, PacketType.CONNECT);
    }

    @Test
    void maximum_packet_size_0_is_a_protocol_error() {
        assertFailure(decodeOne(connect5(0x27, 0, 0, 0, 0)), ReasonCode.PROTOCOL_ERROR, PacketType.CONNECT);
    }

    @Test
    void request_problem_and_response_information_other_than_0_or_1_are_a_protocol_error() {
        assertFailure(decodeOne(connect5(0x17, 0x02)), ReasonCode.PROTOCOL_ERROR, PacketType.CONNECT);
        assertFailure(decodeOne(connect5(0x19, 0x02)), ReasonCode.PROTOCOL_ERROR, PacketType.CONNECT);
    }

    @Test
    void authentication_data_without_method_is_a_protocol_error() {
        assertFailure(decodeOne(connect5(0x16, 0x00, 0x00)), ReasonCode.PROTOCOL_ERROR, PacketType.CONNECT);
    }

    @Test
    void property_length_past_the_packet_is_malformed() {
        byte[] bytes = packet(0x10, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x05, 0x02, 0x00, 0x3C,
                0x09,                     // property length 9, but only 5 bytes follow
                0x11, 0x00, 0x00, 0x00);
        assertFailure(decodeOne(bytes), ReasonCode.MALFORMED_PACKET, PacketType.CONNECT);
    }

    @Test
    void will_payload_format_indicator_2_is_a_protocol_error() {
        byte[] bytes = packet(0x10, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x05, 0x06, 0x00, 0x3C, 0x00,
                0x00, 0x01, 'c',           // client id
                0x02, 0x01, 0x02,          // will properties: Payload Format Indicator 2
                0x00, 0x01, 'w', 0x00, 0x00);
        assertFailure(decodeOne(bytes), ReasonCode.PROTOCOL_ERROR, PacketType.CONNECT);
    }

    @Test
    void will_property_not_allowed_in_will_is_malformed() {
        byte[] bytes = packet(0x10, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x05, 0x06, 0x00, 0x3C, 0x00,
                0x00, 0x01, 'c',           // client id
                0x03, 0x23, 0x00, 0x01,    // will properties: Topic Alias (PUBLISH only)
                0x00, 0x01, 'w', 0x00, 0x00);
        assertFailure(decodeOne(bytes), ReasonCode.MALFORMED_PACKET, PacketType.CONNECT);
    }
}
