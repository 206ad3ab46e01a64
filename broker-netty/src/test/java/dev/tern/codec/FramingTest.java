package dev.tern.codec;

import static dev.tern.codec.DecoderHarness.CONNECT_311;
import static dev.tern.codec.DecoderHarness.CONNECT_5;
import static dev.tern.codec.DecoderHarness.afterConnect;
import static dev.tern.codec.DecoderHarness.assertFailure;
import static dev.tern.codec.DecoderHarness.bytes;
import static dev.tern.codec.DecoderHarness.concat;
import static dev.tern.codec.DecoderHarness.decode;
import static dev.tern.codec.DecoderHarness.single;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.packet.Connect;
import dev.tern.packet.MqttVersion;
import dev.tern.packet.PacketType;
import dev.tern.packet.Pingreq;
import dev.tern.packet.ReasonCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Framing (MQTT 5.0 section 2.1): fixed header, Remaining Length, packet size, bounded parsing. */
class FramingTest {

    @Test
    void oversize_packet_is_rejected_from_its_header_without_buffering_the_body() {
        MqttDecoder decoder = new MqttDecoder(1024, true);
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        ch.writeInbound(Unpooled.wrappedBuffer(CONNECT_5));
        assertThat((Object) ch.readInbound()).isInstanceOf(Connect.class);
        // PUBLISH QoS 0 announcing 100 MB: remaining length 104,857,600 = 0x80 0x80 0x80 0x32
        ch.writeInbound(Unpooled.wrappedBuffer(bytes(0x30, 0x80, 0x80, 0x80, 0x32)));
        Object failure = ch.readInbound();
        assertFailure(failure, ReasonCode.PACKET_TOO_LARGE, PacketType.PUBLISH);
        assertThat(((DecodeFailure) failure).protocolLevel()).isEqualTo(5);
        // The body that follows is discarded as it arrives, never accumulated.
        ByteBuf body = Unpooled.wrappedBuffer(new byte[64 * 1024]);
        ch.writeInbound(body);
        assertThat((Object) ch.readInbound()).isNull();
        assertThat(decoder.state()).isEqualTo(MqttDecoder.State.FAILED);
        assertThat(body.refCnt()).as("body released, not kept in the cumulation").isZero();
        ch.finishAndReleaseAll();
    }

    @Test
    void packet_of_exactly_the_maximum_size_is_accepted() {
        List<Object> tooLarge = decode(() -> new MqttDecoder(CONNECT_311.length - 1, true), CONNECT_311);
        assertFailure(tooLarge.get(0), ReasonCode.PACKET_TOO_LARGE, PacketType.CONNECT);
        List<Object> ok = decode(() -> new MqttDecoder(CONNECT_311.length, true), concat(CONNECT_311, bytes(0xC0, 0x00)));
        assertThat(ok.get(1)).isSameAs(Pingreq.INSTANCE);
    }

    @Test
    void remaining_length_of_more_than_four_bytes_is_malformed_MQTT_1_5_5() {
        Object out = single(MqttVersion.V5, bytes(0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x01));
        assertFailure(out, ReasonCode.MALFORMED_PACKET, PacketType.PUBLISH);
    }

    @Test
    void non_minimal_remaining_length_is_malformed_MQTT_1_5_5_1() {
        Object out = single(MqttVersion.V5, bytes(0xC0, 0x80, 0x00)); // PINGREQ, length 0 in two bytes
        assertFailure(out, ReasonCode.MALFORMED_PACKET, PacketType.PINGREQ);
    }

    @Test
    void reserved_packet_type_0_is_malformed() {
        Object out = single(MqttVersion.V3_1_1, bytes(0x00, 0x00));
        assertFailure(out, ReasonCode.MALFORMED_PACKET, null);
    }

    @Test
    void leftover_bytes_at_the_end_of_a_packet_are_malformed() {
        Object out = single(MqttVersion.V3_1_1, bytes(0xC0, 0x01, 0x00)); // PINGREQ with a body byte
        assertFailure(out, ReasonCode.MALFORMED_PACKET, PacketType.PINGREQ);
    }

    @Test
    void reading_past_the_packet_is_malformed_even_when_more_bytes_follow() {
        byte[] unsubscribe = bytes(0xA2, 0x04, // UNSUBSCRIBE, remaining length 4
                0x00, 0x01,                     // packet id 1
                0x00, 0x05);                    // filter length 5, but the packet ends here
        byte[] following = bytes('a', 'b', 'c', 'd', 'e');
        Object out = single(MqttVersion.V3_1_1, concat(unsubscribe, following));
        assertFailure(out, ReasonCode.MALFORMED_PACKET, PacketType.UNSUBSCRIBE);
    }

    @Test
    void input_after_a_failure_is_discarded() {
        List<Object> out = afterConnect(MqttVersion.V3_1_1, concat(
                bytes(0xC1, 0x00),   // PINGREQ with flag bits set: malformed
                bytes(0xC0, 0x00))); // a valid PINGREQ that must not be decoded
        assertThat(out).hasSize(1);
        assertFailure(out.get(0), ReasonCode.MALFORMED_PACKET, PacketType.PINGREQ);
    }

    @Test
    void several_packets_in_one_buffer_are_all_decoded() {
        List<Object> out = afterConnect(MqttVersion.V3_1_1, concat(bytes(0xC0, 0x00), bytes(0xC0, 0x00),
                bytes(0xE0, 0x00)));
        assertThat(out).hasSize(3);
    }

    @Test
    void a_partial_packet_waits_for_the_rest() {
        EmbeddedChannel ch = new EmbeddedChannel(DecoderHarness.server());
        ch.writeInbound(Unpooled.wrappedBuffer(CONNECT_311, 0, CONNECT_311.length - 1));
        assertThat((Object) ch.readInbound()).isNull();
        ch.writeInbound(Unpooled.wrappedBuffer(CONNECT_311, CONNECT_311.length - 1, 1));
        assertThat((Object) ch.readInbound()).isInstanceOf(Connect.class);
        ch.finishAndReleaseAll();
    }

    @ParameterizedTest(name = "{0} with flags {1}")
    @CsvSource({
        "0x41, PUBACK", "0x52, PUBREC", "0x60, PUBREL", "0x64, PUBREL", "0x70, PUBCOMP", "0x80, SUBSCRIBE",
        "0x83, SUBSCRIBE", "0xA0, UNSUBSCRIBE", "0xC8, PINGREQ", "0xE1, DISCONNECT", "0xF2, AUTH"})
    void fixed_header_flags_must_match_the_table_MQTT_2_1_3_1_MQTT_3_15_1_1(String first, PacketType type) {
        int firstByte = Integer.decode(first);
        Object out = single(MqttVersion.V5, bytes(firstByte, 0x00));
        assertFailure(out, ReasonCode.MALFORMED_PACKET, type);
    }

    @Test
    void connect_flags_in_the_fixed_header_must_be_zero_MQTT_2_1_3_1() {
        byte[] connect = CONNECT_311.clone();
        connect[0] = 0x11;
        List<Object> out = decode(DecoderHarness::server, connect);
        assertFailure(out.get(0), ReasonCode.MALFORMED_PACKET, PacketType.CONNECT);
    }

    @Test
    void publish_with_qos_3_is_malformed_MQTT_3_3_1_4() {
        Object out = single(MqttVersion.V3_1_1, bytes(0x36, 0x05, 0x00, 0x01, 't', 0x00, 0x01));
        assertFailure(out, ReasonCode.MALFORMED_PACKET, PacketType.PUBLISH);
    }

    @Test
    void publish_with_dup_and_qos_0_is_malformed_MQTT_3_3_1_2() {
        Object out = single(MqttVersion.V3_1_1, bytes(0x38, 0x03, 0x00, 0x01, 't'));
        assertFailure(out, ReasonCode.MALFORMED_PACKET, PacketType.PUBLISH);
    }
}
