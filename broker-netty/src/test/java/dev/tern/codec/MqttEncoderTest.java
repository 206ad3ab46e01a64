package dev.tern.codec;

import static dev.tern.codec.DecoderHarness.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.packet.Auth;
import dev.tern.packet.Connack;
import dev.tern.packet.Disconnect;
import dev.tern.packet.MqttPacket;
import dev.tern.packet.MqttVersion;
import dev.tern.packet.Puback;
import dev.tern.packet.Pubcomp;
import dev.tern.packet.Publish;
import dev.tern.packet.Pubrec;
import dev.tern.packet.Pubrel;
import dev.tern.packet.Qos;
import dev.tern.packet.ReasonCode;
import dev.tern.packet.Suback;
import dev.tern.packet.Unsuback;
import dev.tern.packet.UserProperty;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Exact bytes from {@link MqttEncoder}: 3.1.1 mappings, MQTT 5 short forms, the size limit. */
class MqttEncoderTest {

    private static byte[] encode(MqttPacket p, MqttVersion v, int max) {
        ByteBuf buf = MqttEncoder.INSTANCE.encode(UnpooledByteBufAllocator.DEFAULT, p, v, max);
        if (buf == null) {
            return null;
        }
        byte[] b = ByteBufUtil.getBytes(buf);
        buf.release();
        return b;
    }

    @ParameterizedTest
    @CsvSource({"SUCCESS, 0", "UNSUPPORTED_PROTOCOL_VERSION, 1", "CLIENT_IDENTIFIER_NOT_VALID, 2",
        "SERVER_UNAVAILABLE, 3", "SERVER_BUSY, 3", "BANNED, 3", "BAD_USER_NAME_OR_PASSWORD, 4", "NOT_AUTHORIZED, 5"})
    void connack_3_1_1_maps_reason_codes_to_return_codes(ReasonCode code, int returnCode) {
        assertThat(encode(Connack.of(false, code), MqttVersion.V3_1_1, 0)).containsExactly(bytes(0x20, 0x02, 0x00,
                returnCode));
    }

    @Test
    void connack_3_1_has_no_session_present_flag() {
        assertThat(encode(Connack.of(true, ReasonCode.SUCCESS), MqttVersion.V3_1, 0))
                .containsExactly(bytes(0x20, 0x02, 0x00, 0x00));
    }

    @Test
    void suback_3_1_1_maps_errors_to_0x80() {
        Suback s = new Suback(1, List.of(ReasonCode.GRANTED_QOS_1, ReasonCode.NOT_AUTHORIZED), "x", List.of());
        assertThat(encode(s, MqttVersion.V3_1_1, 0)).containsExactly(bytes(0x90, 0x04, 0x00, 0x01, 0x01, 0x80));
    }

    @Test
    void unsuback_3_1_1_has_no_payload() {
        Unsuback u = new Unsuback(7, List.of(ReasonCode.SUCCESS), null, List.of());
        assertThat(encode(u, MqttVersion.V3_1_1, 0)).containsExactly(bytes(0xB0, 0x02, 0x00, 0x07));
    }

    @Test
    void acks_3_1_1_carry_only_the_packet_id_and_disconnect_is_empty() {
        assertThat(encode(new Puback(7, ReasonCode.QUOTA_EXCEEDED, "r", List.of()), MqttVersion.V3_1_1, 0))
                .containsExactly(bytes(0x40, 0x02, 0x00, 0x07));
        assertThat(encode(Pubrel.of(7), MqttVersion.V3_1_1, 0)).containsExactly(bytes(0x62, 0x02, 0x00, 0x07));
        assertThat(encode(Disconnect.of(ReasonCode.SERVER_SHUTTING_DOWN), MqttVersion.V3_1_1, 0))
                .containsExactly(bytes(0xE0, 0x00));
    }

    @Test
    void acks_5_use_the_short_forms() {
        assertThat(encode(Puback.of(7), MqttVersion.V5, 0)).containsExactly(bytes(0x40, 0x02, 0x00, 0x07));
        assertThat(encode(Puback.of(7, ReasonCode.NO_MATCHING_SUBSCRIBERS), MqttVersion.V5, 0))
                .containsExactly(bytes(0x40, 0x03, 0x00, 0x07, 0x10));
        assertThat(encode(Disconnect.NORMAL, MqttVersion.V5, 0)).containsExactly(bytes(0xE0, 0x00));
        assertThat(encode(Disconnect.of(ReasonCode.KEEP_ALIVE_TIMEOUT), MqttVersion.V5, 0))
                .containsExactly(bytes(0xE0, 0x01, 0x8D));
        assertThat(encode(new Auth(ReasonCode.SUCCESS, null, null, null, List.of()), MqttVersion.V5, 0))
                .containsExactly(bytes(0xF0, 0x00));
    }

    @Test
    void connack_5_writes_only_present_properties() {
        Connack c = new Connack(false, ReasonCode.SUCCESS, null, null, null, null, null, null, 10, null, List.of(),
                null, null, null, null, null, null, null, null);
        assertThat(encode(c, MqttVersion.V5, 0)).containsExactly(bytes(0x20, 0x06,
                0x00, 0x00,             // flags, Success
                0x03, 0x22, 0x00, 0x0A)); // properties: Topic Alias Maximum 10
    }

    @Test
    void reason_string_and_user_properties_are_dropped_to_fit_the_maximum_packet_size_MQTT_3_1_2_25() {
        Puback big = new Puback(7, ReasonCode.QUOTA_EXCEEDED, "a long reason string",
                List.of(new UserProperty("name", "value")));
        assertThat(encode(big, MqttVersion.V5, 0)).hasSizeGreaterThan(10);
        assertThat(encode(big, MqttVersion.V5, 10)).containsExactly(bytes(0x40, 0x03, 0x00, 0x07, 0x97));
    }

    @Test
    void packet_that_cannot_fit_returns_null_MQTT_3_1_2_24() {
        Publish p = Publish.of("t", Qos.AT_MOST_ONCE, false, 0, new byte[100]);
        assertThat(encode(p, MqttVersion.V5, 50)).isNull();
        assertThat(encode(p, MqttVersion.V3_1_1, 50)).isNull();
        assertThat(encode(p, MqttVersion.V3_1_1, 105)).hasSize(105); // 1 + 1 + 3 (topic) + 100
    }

    @Test
    void publish_user_properties_are_never_dropped_MQTT_3_3_2_17() {
        Publish p = new Publish("t", Qos.AT_MOST_ONCE, false, false, 0,
                new dev.tern.packet.PublishProperties(null, -1, 0, null, null,
                        List.of(new UserProperty("k", "a value that does not fit")), List.of(), null), new byte[0]);
        assertThat(encode(p, MqttVersion.V5, 10)).isNull();
    }

    @Test
    void auth_cannot_be_encoded_for_3_1_1() {
        assertThatThrownBy(() -> encode(new Auth(ReasonCode.SUCCESS, null, null, null, null), MqttVersion.V3_1_1, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void handler_encodes_and_counts_dropped_packets() {
        MqttEncoderHandler handler = new MqttEncoderHandler(MqttVersion.V5, 0);
        EmbeddedChannel ch = new EmbeddedChannel(handler);
        ch.writeOutbound(Puback.of(1));
        ByteBuf out = ch.readOutbound();
        assertThat(ByteBufUtil.getBytes(out)).containsExactly(bytes(0x40, 0x02, 0x00, 0x01));
        out.release();
        handler.setMaxPacketSize(10);
        assertThat(ch.writeOneOutbound(Publish.of("t", Qos.AT_MOST_ONCE, false, 0, new byte[20])).isSuccess())
                .isFalse();
        assertThat(handler.dropped()).isEqualTo(1);
        assertThat((Object) ch.readOutbound()).isNull();
        ch.finishAndReleaseAll();
    }

    @Test
    void qos0_publish_has_no_packet_id_and_an_empty_property_length_MQTT_2_2_1_2_MQTT_2_2_2_1() {
        Publish p = Publish.of("t", Qos.AT_MOST_ONCE, false, 0, new byte[] {'x'});
        assertThat(encode(p, MqttVersion.V5, 0)).containsExactly(bytes(0x30, 0x05,
                0x00, 0x01, 't', // topic, then no packet id
                0x00,            // Property Length 0
                'x'));
    }

    @Test
    void connack_reserved_flag_bits_are_zero_MQTT_3_2_2_1() {
        byte[] out = encode(Connack.of(true, ReasonCode.SUCCESS), MqttVersion.V5, 0);
        assertThat(out[2]).isEqualTo((byte) 0x01); // only Session Present
        out = encode(Connack.of(false, ReasonCode.SUCCESS), MqttVersion.V5, 0);
        assertThat(out[2]).isEqualTo((byte) 0x00);
    }

    private static final String REASON = "a reason string long enough to overflow";
    private static final List<UserProperty> PROPS = List.of(new UserProperty("name", "value"));

    /** Encoded unlimited, the packet is large; limited to {@code max}, it loses Reason String and User Property and fits. */
    private static void dropsReasonStringAndUserPropertyToFit(MqttPacket big, int max) {
        assertThat(encode(big, MqttVersion.V5, 0)).hasSizeGreaterThan(max + REASON.length());
        byte[] fitted = encode(big, MqttVersion.V5, max);
        assertThat(fitted).isNotNull().hasSizeLessThanOrEqualTo(max);
        String text = new String(fitted, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(text).doesNotContain("reason").doesNotContain("name");
    }

    @Test
    void connack_reason_string_and_user_property_respect_the_maximum_packet_size_MQTT_3_2_2_19_MQTT_3_2_2_20() {
        dropsReasonStringAndUserPropertyToFit(new Connack(false, ReasonCode.SUCCESS, null, null, null, null, null,
                null, null, REASON, PROPS, null, null, null, null, null, null, null, null), 10);
    }

    @Test
    void puback_reason_string_and_user_property_respect_the_maximum_packet_size_MQTT_3_4_2_2_MQTT_3_4_2_3() {
        dropsReasonStringAndUserPropertyToFit(new Puback(7, ReasonCode.QUOTA_EXCEEDED, REASON, PROPS), 10);
    }

    @Test
    void pubrec_reason_string_and_user_property_respect_the_maximum_packet_size_MQTT_3_5_2_2_MQTT_3_5_2_3() {
        dropsReasonStringAndUserPropertyToFit(new Pubrec(7, ReasonCode.QUOTA_EXCEEDED, REASON, PROPS), 10);
    }

    @Test
    void pubrel_reason_string_and_user_property_respect_the_maximum_packet_size_MQTT_3_6_2_2_MQTT_3_6_2_3() {
        dropsReasonStringAndUserPropertyToFit(new Pubrel(7, ReasonCode.PACKET_IDENTIFIER_NOT_FOUND, REASON, PROPS), 10);
    }

    @Test
    void pubcomp_reason_string_and_user_property_respect_the_maximum_packet_size_MQTT_3_7_2_2_MQTT_3_7_2_3() {
        dropsReasonStringAndUserPropertyToFit(new Pubcomp(7, ReasonCode.PACKET_IDENTIFIER_NOT_FOUND, REASON, PROPS), 10);
    }

    @Test
    void suback_reason_string_and_user_property_respect_the_maximum_packet_size_MQTT_3_9_2_1_MQTT_3_9_2_2() {
        dropsReasonStringAndUserPropertyToFit(new Suback(7, List.of(ReasonCode.GRANTED_QOS_1), REASON, PROPS), 10);
    }

    @Test
    void unsuback_reason_string_and_user_property_respect_the_maximum_packet_size_MQTT_3_11_2_1_MQTT_3_11_2_2() {
        dropsReasonStringAndUserPropertyToFit(new Unsuback(7, List.of(ReasonCode.SUCCESS), REASON, PROPS), 10);
    }

    @Test
    void disconnect_reason_string_and_user_property_respect_the_maximum_packet_size_MQTT_3_14_2_3_MQTT_3_14_2_4() {
        dropsReasonStringAndUserPropertyToFit(new Disconnect(ReasonCode.PROTOCOL_ERROR, null, REASON, PROPS, null), 10);
    }

    @Test
    void auth_reason_string_and_user_property_respect_the_maximum_packet_size_MQTT_3_15_2_2_MQTT_3_15_2_3() {
        dropsReasonStringAndUserPropertyToFit(new Auth(ReasonCode.CONTINUE_AUTHENTICATION, "M", null, REASON, PROPS), 10);
    }
}
