package dev.tern.codec;

import static dev.tern.codec.DecoderHarness.CONNECT_311;
import static dev.tern.codec.DecoderHarness.CONNECT_5;
import static dev.tern.codec.DecoderHarness.assertFailure;
import static dev.tern.codec.DecoderHarness.bytes;
import static dev.tern.codec.DecoderHarness.concat;
import static dev.tern.codec.DecoderHarness.decode;
import static dev.tern.codec.DecoderHarness.single;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.packet.Auth;
import dev.tern.packet.MqttVersion;
import dev.tern.packet.PacketType;
import dev.tern.packet.ReasonCode;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Server mode: which packets a client may send, and when (MQTT 5.0 sections 3.1.0, 4.8). */
class ServerStateTest {

    @Test
    void first_packet_must_be_connect_MQTT_3_1_0_1() {
        List<Object> out = decode(DecoderHarness::server, bytes(0xC0, 0x00)); // PINGREQ first
        assertThat(out).hasSize(1);
        assertFailure(out.get(0), ReasonCode.PROTOCOL_ERROR, PacketType.PINGREQ);
        assertThat(((DecodeFailure) out.get(0)).protocolLevel()).isZero();
    }

    @Test
    void first_packet_is_rejected_from_its_first_byte_MQTT_3_1_0_1() {
        EmbeddedChannel ch = new EmbeddedChannel(DecoderHarness.server());
        ch.writeInbound(Unpooled.wrappedBuffer(bytes(0x30))); // PUBLISH, nothing else yet
        assertFailure(ch.readInbound(), ReasonCode.PROTOCOL_ERROR, PacketType.PUBLISH);
        ch.finishAndReleaseAll();
    }

    @Test
    void second_connect_is_a_protocol_error_MQTT_3_1_0_2() {
        List<Object> out = decode(DecoderHarness::server, concat(CONNECT_311, CONNECT_311));
        assertThat(out).hasSize(2);
        assertFailure(out.get(1), ReasonCode.PROTOCOL_ERROR, PacketType.CONNECT);
        assertThat(((DecodeFailure) out.get(1)).protocolLevel()).isEqualTo(4);
    }

    @ParameterizedTest
    @CsvSource({"0x20, CONNACK", "0x90, SUBACK", "0xB0, UNSUBACK", "0xD0, PINGRESP"})
    void server_packets_from_a_client_are_a_protocol_error(String first, PacketType type) {
        Object out = single(MqttVersion.V5, bytes(Integer.decode(first), 0x00));
        assertFailure(out, ReasonCode.PROTOCOL_ERROR, type);
    }

    @Test
    void auth_from_a_3_1_1_client_is_a_protocol_error() {
        Object out = single(MqttVersion.V3_1_1, bytes(0xF0, 0x00));
        assertFailure(out, ReasonCode.PROTOCOL_ERROR, PacketType.AUTH);
    }

    @Test
    void auth_from_a_5_client_is_decoded() {
        Object out = single(MqttVersion.V5, bytes(0xF0, 0x00)); // AUTH, remaining length 0 = Success
        assertThat(out).isEqualTo(new Auth(ReasonCode.SUCCESS, null, null, null, null));
    }

    @Test
    void decoder_learns_the_version_from_connect() {
        MqttDecoder decoder = DecoderHarness.server();
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        assertThat(decoder.version()).isNull();
        assertThat(decoder.state()).isEqualTo(MqttDecoder.State.AWAIT_CONNECT);
        ch.writeInbound(Unpooled.wrappedBuffer(CONNECT_5));
        assertThat(decoder.version()).isEqualTo(MqttVersion.V5);
        assertThat(decoder.state()).isEqualTo(MqttDecoder.State.READY);
        ch.finishAndReleaseAll();
    }

    @Test
    void failure_after_connect_carries_the_protocol_level() {
        Object out = single(MqttVersion.V3_1_1, bytes(0xC0, 0x01, 0x00));
        assertThat(((DecodeFailure) out).protocolLevel()).isEqualTo(4);
    }
}
