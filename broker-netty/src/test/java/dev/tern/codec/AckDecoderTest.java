package dev.tern.codec;

import static dev.tern.codec.DecoderHarness.assertFailure;
import static dev.tern.codec.DecoderHarness.packet;
import static dev.tern.codec.DecoderHarness.single;
import static dev.tern.codec.DecoderHarness.singleFromServer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.packet.MqttVersion;
import dev.tern.packet.PacketType;
import dev.tern.packet.Puback;
import dev.tern.packet.Pubcomp;
import dev.tern.packet.Pubrec;
import dev.tern.packet.Pubrel;
import dev.tern.packet.ReasonCode;
import dev.tern.packet.UserProperty;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PUBACK, PUBREC, PUBREL, PUBCOMP (MQTT 5.0 sections 3.4-3.7). */
class AckDecoderTest {

    @Test
    void acks_3_1_1_carry_only_the_packet_id() {
        assertThat(single(MqttVersion.V3_1_1, packet(0x40, 0x00, 0x05))).isEqualTo(Puback.of(5));
        assertThat(single(MqttVersion.V3_1_1, packet(0x50, 0x00, 0x05))).isEqualTo(Pubrec.of(5));
        assertThat(single(MqttVersion.V3_1_1, packet(0x62, 0x00, 0x05))).isEqualTo(Pubrel.of(5));
        assertThat(single(MqttVersion.V3_1_1, packet(0x70, 0x00, 0x05))).isEqualTo(Pubcomp.of(5));
        assertThat(singleFromServer(MqttVersion.V3_1_1, packet(0x40, 0x00, 0x05))).isEqualTo(Puback.of(5));
    }

    @Test
    void a_plain_successful_puback_decodes_to_the_shared_instance_of_its_id() {
        assertThat(single(MqttVersion.V5, packet(0x40, 0x12, 0x34))).isSameAs(Puback.of(0x1234));
        assertThat(single(MqttVersion.V5, packet(0x40, 0x12, 0x34, 0x00, 0x00))).isSameAs(Puback.of(0x1234));
        assertThat(single(MqttVersion.V3_1_1, packet(0x40, 0x12, 0x34))).isSameAs(Puback.of(0x1234));
        assertThat(single(MqttVersion.V5, packet(0x40, 0x12, 0x34, 0x10))).isNotSameAs(Puback.of(0x1234, ReasonCode.NO_MATCHING_SUBSCRIBERS));
    }

    @Test
    void acks_3_1_1_with_a_reason_code_byte_are_malformed() {
        assertFailure(single(MqttVersion.V3_1_1, packet(0x40, 0x00, 0x05, 0x00)), ReasonCode.MALFORMED_PACKET,
                PacketType.PUBACK);
    }

    @Test
    void acks_5_remaining_length_2_means_success_without_properties() {
        assertThat(single(MqttVersion.V5, packet(0x40, 0x00, 0x05))).isEqualTo(Puback.of(5));
        assertThat(single(MqttVersion.V5, packet(0x50, 0x00, 0x05))).isEqualTo(Pubrec.of(5));
        assertThat(single(MqttVersion.V5, packet(0x62, 0x00, 0x05))).isEqualTo(Pubrel.of(5));
        assertThat(single(MqttVersion.V5, packet(0x70, 0x00, 0x05))).isEqualTo(Pubcomp.of(5));
    }

    @Test
    void acks_5_remaining_length_3_means_reason_code_without_properties() {
        assertThat(single(MqttVersion.V5, packet(0x40, 0x00, 0x05, 0x10)))
                .isEqualTo(Puback.of(5, ReasonCode.NO_MATCHING_SUBSCRIBERS));
        assertThat(single(MqttVersion.V5, packet(0x62, 0x00, 0x05, 0x92)))
                .isEqualTo(Pubrel.of(5, ReasonCode.PACKET_IDENTIFIER_NOT_FOUND));
    }

    @Test
    void acks_5_with_reason_string_and_user_property() {
        Object out = single(MqttVersion.V5, packet(0x50,
                0x00, 0x05,                               // packet id 5
                0x97,                                     // reason code Quota exceeded
                0x0B,                                     // property length 11
                0x1F, 0x00, 0x01, 'q',                    // Reason String "q"
                0x26, 0x00, 0x01, 'k', 0x00, 0x01, 'v')); // User Property
        assertThat(out).isEqualTo(new Pubrec(5, ReasonCode.QUOTA_EXCEEDED, "q", List.of(new UserProperty("k", "v"))));
        Object comp = single(MqttVersion.V5, packet(0x70, 0x00, 0x05, 0x00, 0x04, 0x1F, 0x00, 0x01, 'q'));
        assertThat(comp).isEqualTo(new Pubcomp(5, ReasonCode.SUCCESS, "q", List.of()));
    }

    @Test
    void reason_code_not_valid_for_the_packet_is_malformed() {
        assertFailure(single(MqttVersion.V5, packet(0x62, 0x00, 0x05, 0x10)), ReasonCode.MALFORMED_PACKET,
                PacketType.PUBREL); // No matching subscribers is for PUBACK/PUBREC only
        assertFailure(single(MqttVersion.V5, packet(0x40, 0x00, 0x05, 0x03)), ReasonCode.MALFORMED_PACKET,
                PacketType.PUBACK); // 0x03 is no reason code at all
    }

    @Test
    void ack_packet_id_0_is_a_protocol_error_MQTT_2_2_1_3() {
        assertFailure(single(MqttVersion.V5, packet(0x40, 0x00, 0x00)), ReasonCode.PROTOCOL_ERROR, PacketType.PUBACK);
    }

    @Test
    void ack_with_duplicate_reason_string_is_a_protocol_error() {
        assertFailure(single(MqttVersion.V5, packet(0x40, 0x00, 0x05, 0x00, 0x06,
                0x1F, 0x00, 0x00, 0x1F, 0x00, 0x00)), ReasonCode.PROTOCOL_ERROR, PacketType.PUBACK);
    }

    @Test
    void ack_with_a_property_not_allowed_is_malformed() {
        assertFailure(single(MqttVersion.V5, packet(0x40, 0x00, 0x05, 0x00, 0x02, 0x01, 0x00)),
                ReasonCode.MALFORMED_PACKET, PacketType.PUBACK);
    }

    @Test
    void ack_shorter_than_a_packet_id_is_malformed() {
        assertFailure(single(MqttVersion.V5, packet(0x40, 0x05)), ReasonCode.MALFORMED_PACKET, PacketType.PUBACK);
    }
}
