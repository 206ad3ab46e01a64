package dev.tern.codec;

import static dev.tern.codec.DecoderHarness.assertFailure;
import static dev.tern.codec.DecoderHarness.packet;
import static dev.tern.codec.DecoderHarness.single;
import static dev.tern.codec.DecoderHarness.singleFromServer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.packet.MqttVersion;
import dev.tern.packet.PacketType;
import dev.tern.packet.Publish;
import dev.tern.packet.PublishProperties;
import dev.tern.packet.Qos;
import dev.tern.packet.ReasonCode;
import dev.tern.packet.UserProperty;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** PUBLISH (MQTT 5.0 section 3.3). */
class PublishDecoderTest {

    /** PUBLISH 5.0 QoS 1, topic "t", packet id 1, the given properties, payload "x". */
    private static byte[] publish5(int... properties) {
        int[] head = {0x00, 0x01, 't', 0x00, 0x01, properties.length};
        return packet(0x32, IntStream.concat(IntStream.concat(IntStream.of(head), IntStream.of(properties)),
                IntStream.of('x')).toArray());
    }

    @Test
    void a_repeated_topic_is_the_same_string_and_any_other_topic_is_decoded_afresh() {
        byte[] ab = packet(0x30, 0x00, 0x03, 'a', '/', 'b', 'x');
        byte[] ac = packet(0x30, 0x00, 0x03, 'a', '/', 'c', 'x');              // same length, one byte differs
        byte[] abc = packet(0x30, 0x00, 0x04, 'a', '/', 'b', 'c', 'x');        // longer
        byte[] e = packet(0x30, 0x00, 0x02, 0xC3, 0xA9, 'x');                  // "é", not ASCII
        byte[] bad = packet(0x30, 0x00, 0x03, 'a', '/', '#', 'x');             // a wildcard: refused again
        List<Object> out = DecoderHarness.afterConnect(MqttVersion.V3_1_1,
                DecoderHarness.concat(ab, ab, ac, ab, abc, e, e, ab, bad));
        List<String> topics = out.subList(0, 8).stream().map(p -> ((Publish) p).topic()).toList();
        assertThat(topics).containsExactly("a/b", "a/b", "a/c", "a/b", "a/bc", "\u00e9", "\u00e9", "a/b");
        assertThat(topics.get(1)).isSameAs(topics.get(0));  // no decode, no copy
        assertThat(topics.get(3)).isNotSameAs(topics.get(0)); // "a/c" came between
        assertFailure(out.get(8), ReasonCode.TOPIC_NAME_INVALID, PacketType.PUBLISH);
    }

    @Test
    void publish_3_1_1_qos_0_1_2() {
        Object q0 = single(MqttVersion.V3_1_1, packet(0x31, // QoS 0, retain
                0x00, 0x03, 'a', '/', 'b',                   // topic "a/b"
                'h', 'i'));                                  // payload
        assertThat(q0).usingRecursiveComparison()
                .isEqualTo(Publish.of("a/b", Qos.AT_MOST_ONCE, true, 0, new byte[] {'h', 'i'}));
        Object q1 = single(MqttVersion.V3_1_1, packet(0x3A, // DUP, QoS 1
                0x00, 0x01, 't',                             // topic
                0x12, 0x34));                                // packet id 0x1234, empty payload
        assertThat(q1).usingRecursiveComparison().isEqualTo(
                new Publish("t", Qos.AT_LEAST_ONCE, true, false, 0x1234, null, new byte[0]));
        Object q2 = single(MqttVersion.V3_1_1, packet(0x34, 0x00, 0x01, 't', 0x00, 0x07, 0x01));
        assertThat(q2).usingRecursiveComparison().isEqualTo(
                Publish.of("t", Qos.EXACTLY_ONCE, false, 7, new byte[] {1}));
    }

    @Test
    void publish_5_with_every_property() {
        Object out = single(MqttVersion.V5, publish5(
                0x01, 0x01,                          // Payload Format Indicator 1
                0x02, 0x00, 0x00, 0x00, 0x0A,        // Message Expiry Interval 10
                0x23, 0x00, 0x03,                    // Topic Alias 3
                0x08, 0x00, 0x01, 'r',               // Response Topic "r"
                0x09, 0x00, 0x02, 0x01, 0x02,        // Correlation Data
                0x26, 0x00, 0x01, 'k', 0x00, 0x01, 'v', // User Property
                0x03, 0x00, 0x01, 'j'));             // Content Type "j"
        PublishProperties props = new PublishProperties(1, 10, 3, "r", new byte[] {1, 2},
                List.of(new UserProperty("k", "v")), List.of(), "j");
        assertThat(out).usingRecursiveComparison().isEqualTo(
                new Publish("t", Qos.AT_LEAST_ONCE, false, false, 1, props, new byte[] {'x'}));
    }

    @Test
    void server_to_client_publish_may_repeat_subscription_identifier() {
        Object out = singleFromServer(MqttVersion.V5, publish5(0x0B, 0x01, 0x0B, 0x80, 0x01)); // ids 1 and 128
        assertThat(((Publish) out).properties().subscriptionIdentifiers()).containsExactly(1, 128);
    }

    @Test
    void subscription_identifier_from_a_client_is_a_protocol_error_MQTT_3_3_4_6() {
        assertFailure(single(MqttVersion.V5, publish5(0x0B, 0x01)), ReasonCode.PROTOCOL_ERROR, PacketType.PUBLISH);
    }

    @Test
    void subscription_identifier_0_is_a_protocol_error() {
        assertFailure(singleFromServer(MqttVersion.V5, publish5(0x0B, 0x00)), ReasonCode.PROTOCOL_ERROR,
                PacketType.PUBLISH);
    }

    @Test
    void packet_id_0_is_a_protocol_error_MQTT_2_2_1_3() {
        assertFailure(single(MqttVersion.V3_1_1, packet(0x32, 0x00, 0x01, 't', 0x00, 0x00)),
                ReasonCode.PROTOCOL_ERROR, PacketType.PUBLISH);
    }

    @Test
    void topic_name_with_wildcards_is_topic_name_invalid_MQTT_3_3_2_2() {
        assertFailure(single(MqttVersion.V3_1_1, packet(0x30, 0x00, 0x03, 'a', '/', '+')),
                ReasonCode.TOPIC_NAME_INVALID, PacketType.PUBLISH);
        assertFailure(single(MqttVersion.V5, packet(0x30, 0x00, 0x01, '#', 0x00)),
                ReasonCode.TOPIC_NAME_INVALID, PacketType.PUBLISH);
    }

    @Test
    void empty_topic_in_3_1_1_is_a_protocol_error_MQTT_4_7_3_1() {
        assertFailure(single(MqttVersion.V3_1_1, packet(0x30, 0x00, 0x00, 'x')), ReasonCode.PROTOCOL_ERROR,
                PacketType.PUBLISH);
    }

    @Test
    void empty_topic_without_topic_alias_in_5_is_a_protocol_error() {
        assertFailure(single(MqttVersion.V5, packet(0x30, 0x00, 0x00, 0x00, 'x')), ReasonCode.PROTOCOL_ERROR,
                PacketType.PUBLISH);
    }

    @Test
    void empty_topic_with_topic_alias_in_5_is_decoded() {
        Publish p = (Publish) single(MqttVersion.V5, packet(0x30, 0x00, 0x00, 0x03, 0x23, 0x00, 0x02, 'x'));
        assertThat(p.topic()).isEmpty();
        assertThat(p.properties().topicAlias()).isEqualTo(2);
    }

    @Test
    void topic_alias_0_is_invalid_MQTT_3_3_2_8() {
        assertFailure(single(MqttVersion.V5, publish5(0x23, 0x00, 0x00)), ReasonCode.TOPIC_ALIAS_INVALID,
                PacketType.PUBLISH);
    }

    @Test
    void duplicate_property_is_a_protocol_error() {
        assertFailure(single(MqttVersion.V5, publish5(0x03, 0x00, 0x00, 0x03, 0x00, 0x00)),
                ReasonCode.PROTOCOL_ERROR, PacketType.PUBLISH);
    }

    @Test
    void property_not_allowed_in_publish_is_malformed() {
        assertFailure(single(MqttVersion.V5, publish5(0x11, 0x00, 0x00, 0x00, 0x00)), ReasonCode.MALFORMED_PACKET,
                PacketType.PUBLISH);
    }

    @Test
    void payload_format_indicator_other_than_0_or_1_is_a_protocol_error() {
        assertFailure(single(MqttVersion.V5, publish5(0x01, 0x02)), ReasonCode.PROTOCOL_ERROR, PacketType.PUBLISH);
    }

    @Test
    void response_topic_with_wildcard_is_a_protocol_error_MQTT_3_3_2_14() {
        assertFailure(single(MqttVersion.V5, publish5(0x08, 0x00, 0x01, '#')), ReasonCode.PROTOCOL_ERROR,
                PacketType.PUBLISH);
    }

    @Test
    void topic_with_ill_formed_utf8_is_malformed_MQTT_1_5_4_1_MQTT_3_3_2_1() {
        assertFailure(single(MqttVersion.V3_1_1, packet(0x30, 0x00, 0x01, 0x80)), ReasonCode.MALFORMED_PACKET,
                PacketType.PUBLISH);
    }

    @Test
    void property_length_with_five_byte_variable_integer_is_malformed_MQTT_2_2_2_2() {
        assertFailure(single(MqttVersion.V5, packet(0x30, 0x00, 0x01, 't', 0xFF, 0xFF, 0xFF, 0xFF, 0x01)),
                ReasonCode.MALFORMED_PACKET, PacketType.PUBLISH);
    }

    @Test
    void byte_order_mark_in_a_topic_is_kept_MQTT_1_5_4_3() {
        Object out = single(MqttVersion.V5, packet(0x30, 0x00, 0x04, 0xEF, 0xBB, 0xBF, 'a', 0x00));
        assertThat(out).isInstanceOf(Publish.class);
        assertThat(((Publish) out).topic()).isEqualTo("\uFEFFa");
    }

    @Test
    void topic_with_U_0000_is_malformed_MQTT_4_7_3_2() {
        assertFailure(single(MqttVersion.V5, packet(0x30, 0x00, 0x03, 'a', 0x00, 'b', 0x00)),
                ReasonCode.MALFORMED_PACKET, PacketType.PUBLISH);
    }

    @Test
    void user_property_with_ill_formed_utf8_in_either_string_is_malformed_MQTT_1_5_7_1() {
        assertFailure(single(MqttVersion.V5, publish5(0x26, 0x00, 0x01, 0x80, 0x00, 0x01, 'v')),
                ReasonCode.MALFORMED_PACKET, PacketType.PUBLISH);
        assertFailure(single(MqttVersion.V5, publish5(0x26, 0x00, 0x01, 'k', 0x00, 0x01, 0x80)),
                ReasonCode.MALFORMED_PACKET, PacketType.PUBLISH);
    }
}
