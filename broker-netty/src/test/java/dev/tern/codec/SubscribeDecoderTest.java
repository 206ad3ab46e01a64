package dev.tern.codec;

import static dev.tern.codec.DecoderHarness.assertFailure;
import static dev.tern.codec.DecoderHarness.packet;
import static dev.tern.codec.DecoderHarness.single;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.packet.MqttVersion;
import dev.tern.packet.PacketType;
import dev.tern.packet.Qos;
import dev.tern.packet.ReasonCode;
import dev.tern.packet.Subscribe;
import dev.tern.packet.SubscriptionOptions;
import dev.tern.packet.TopicSubscription;
import dev.tern.packet.Unsubscribe;
import dev.tern.packet.UserProperty;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SUBSCRIBE and UNSUBSCRIBE (MQTT 5.0 sections 3.8, 3.10). */
class SubscribeDecoderTest {

    @Test
    void subscribe_3_1_1_with_two_filters() {
        Object out = single(MqttVersion.V3_1_1, packet(0x82,
                0x00, 0x0A,              // packet id 10
                0x00, 0x03, 'a', '/', '#', 0x01, // "a/#" QoS 1
                0x00, 0x01, 'b', 0x02)); // "b" QoS 2
        assertThat(out).isEqualTo(new Subscribe(10, List.of(
                new TopicSubscription("a/#", SubscriptionOptions.of(Qos.AT_LEAST_ONCE)),
                new TopicSubscription("b", SubscriptionOptions.of(Qos.EXACTLY_ONCE))), 0, List.of()));
    }

    @Test
    void subscribe_5_with_options_subscription_identifier_and_user_property() {
        Object out = single(MqttVersion.V5, packet(0x82,
                0x00, 0x0A,                               // packet id 10
                0x0A,                                     // property length 10
                0x0B, 0x81, 0x01,                         // Subscription Identifier 129
                0x26, 0x00, 0x01, 'k', 0x00, 0x01, 'v',   // User Property k=v
                0x00, 0x01, 'a', 0x2D));                  // "a": QoS 1, RAP, Retain Handling 2
        // 0x2D = 0b0010_1101: retain handling 2, RAP, no local, QoS 1
        assertThat(out).isEqualTo(new Subscribe(10, List.of(new TopicSubscription("a",
                new SubscriptionOptions(Qos.AT_LEAST_ONCE, true, true, 2))), 129,
                List.of(new UserProperty("k", "v"))));
    }

    @Test
    void subscribe_without_a_filter_is_a_protocol_error_MQTT_3_8_3_3() {
        assertFailure(single(MqttVersion.V3_1_1, packet(0x82, 0x00, 0x0A)), ReasonCode.PROTOCOL_ERROR,
                PacketType.SUBSCRIBE);
        assertFailure(single(MqttVersion.V5, packet(0x82, 0x00, 0x0A, 0x00)), ReasonCode.PROTOCOL_ERROR,
                PacketType.SUBSCRIBE);
    }

    @Test
    void subscribe_packet_id_0_is_a_protocol_error_MQTT_2_2_1_3() {
        assertFailure(single(MqttVersion.V3_1_1, packet(0x82, 0x00, 0x00, 0x00, 0x01, 'a', 0x00)),
                ReasonCode.PROTOCOL_ERROR, PacketType.SUBSCRIBE);
    }

    @Test
    void subscription_options_reserved_bits_are_malformed_MQTT_3_8_3_5() {
        assertFailure(single(MqttVersion.V5, packet(0x82, 0x00, 0x0A, 0x00, 0x00, 0x01, 'a', 0x40)),
                ReasonCode.MALFORMED_PACKET, PacketType.SUBSCRIBE);
    }

    @Test
    void subscription_qos_3_is_malformed() {
        assertFailure(single(MqttVersion.V5, packet(0x82, 0x00, 0x0A, 0x00, 0x00, 0x01, 'a', 0x03)),
                ReasonCode.MALFORMED_PACKET, PacketType.SUBSCRIBE);
    }

    @Test
    void retain_handling_3_is_a_protocol_error() {
        assertFailure(single(MqttVersion.V5, packet(0x82, 0x00, 0x0A, 0x00, 0x00, 0x01, 'a', 0x30)),
                ReasonCode.PROTOCOL_ERROR, PacketType.SUBSCRIBE);
    }

    @Test
    void subscribe_3_1_1_allows_only_the_qos_bits_MQTT_3_8_3_4() {
        assertFailure(single(MqttVersion.V3_1_1, packet(0x82, 0x00, 0x0A, 0x00, 0x01, 'a', 0x04)),
                ReasonCode.MALFORMED_PACKET, PacketType.SUBSCRIBE);
    }

    @Test
    void no_local_on_a_shared_subscription_is_a_protocol_error_MQTT_3_8_3_4() {
        assertFailure(single(MqttVersion.V5, packet(0x82, 0x00, 0x0A, 0x00,
                0x00, 0x09, '$', 's', 'h', 'a', 'r', 'e', '/', 'g', '/', 0x04)),
                ReasonCode.PROTOCOL_ERROR, PacketType.SUBSCRIBE);
    }

    @Test
    void subscription_identifier_0_and_duplicates_are_protocol_errors() {
        assertFailure(single(MqttVersion.V5, packet(0x82, 0x00, 0x0A, 0x02, 0x0B, 0x00, 0x00, 0x01, 'a', 0x00)),
                ReasonCode.PROTOCOL_ERROR, PacketType.SUBSCRIBE);
        assertFailure(single(MqttVersion.V5, packet(0x82, 0x00, 0x0A, 0x04, 0x0B, 0x01, 0x0B, 0x02,
                0x00, 0x01, 'a', 0x00)), ReasonCode.PROTOCOL_ERROR, PacketType.SUBSCRIBE);
    }

    @Test
    void filter_without_options_byte_is_malformed() {
        assertFailure(single(MqttVersion.V3_1_1, packet(0x82, 0x00, 0x0A, 0x00, 0x01, 'a')),
                ReasonCode.MALFORMED_PACKET, PacketType.SUBSCRIBE);
    }

    @Test
    void unsubscribe_3_1_1_and_5() {
        assertThat(single(MqttVersion.V3_1_1, packet(0xA2, 0x00, 0x0B, 0x00, 0x01, 'a', 0x00, 0x01, 'b')))
                .isEqualTo(new Unsubscribe(11, List.of("a", "b"), List.of()));
        assertThat(single(MqttVersion.V5, packet(0xA2, 0x00, 0x0B,
                0x07, 0x26, 0x00, 0x01, 'k', 0x00, 0x01, 'v', // properties: User Property
                0x00, 0x01, 'a')))
                .isEqualTo(new Unsubscribe(11, List.of("a"), List.of(new UserProperty("k", "v"))));
    }

    @Test
    void unsubscribe_without_a_filter_is_a_protocol_error_MQTT_3_10_3_2() {
        assertFailure(single(MqttVersion.V3_1_1, packet(0xA2, 0x00, 0x0B)), ReasonCode.PROTOCOL_ERROR,
                PacketType.UNSUBSCRIBE);
    }

    @Test
    void unsubscribe_with_a_property_not_allowed_is_malformed() {
        assertFailure(single(MqttVersion.V5, packet(0xA2, 0x00, 0x0B, 0x03, 0x1F, 0x00, 0x00, 0x00, 0x01, 'a')),
                ReasonCode.MALFORMED_PACKET, PacketType.UNSUBSCRIBE);
    }
}
