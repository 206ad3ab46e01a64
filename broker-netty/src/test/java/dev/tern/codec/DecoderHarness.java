package dev.tern.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.packet.MqttVersion;
import dev.tern.packet.PacketType;
import dev.tern.packet.ReasonCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Pushes bytes through a real pipeline ({@link EmbeddedChannel}), once whole and once one byte at a
 * time, and checks both give the same messages (a framing bug shows up as a difference).
 */
final class DecoderHarness {
    /** CONNECT 3.1.1, client id "c": sent first so that server-mode tests can decode later packets. */
    static final byte[] CONNECT_311 = packet(0x10,
            0x00, 0x04, 'M', 'Q', 'T', 'T', // protocol name
            0x04,                           // protocol level 4
            0x02,                           // flags: clean session
            0x00, 0x3C,                     // keep alive 60
            0x00, 0x01, 'c');               // client id "c"
    /** CONNECT 5.0, client id "c", no properties. */
    static final byte[] CONNECT_5 = packet(0x10,
            0x00, 0x04, 'M', 'Q', 'T', 'T', // protocol name
            0x05,                           // protocol level 5
            0x02,                           // flags: clean start
            0x00, 0x3C,                     // keep alive 60
            0x00,                           // property length 0
            0x00, 0x01, 'c');               // client id "c"

    private DecoderHarness() {
    }

    static MqttDecoder server() {
        return new MqttDecoder(0, true);
    }

    static MqttDecoder client(MqttVersion version) {
        MqttDecoder d = new MqttDecoder(0, false);
        d.setVersion(version);
        return d;
    }

    /** Decodes whole and byte by byte with fresh decoders from the factory; both must agree. */
    static List<Object> decode(Supplier<MqttDecoder> factory, byte[] bytes) {
        List<Object> whole = run(factory.get(), bytes, bytes.length);
        List<Object> bytewise = run(factory.get(), bytes, 1);
        assertThat(bytewise).usingRecursiveFieldByFieldElementComparator().isEqualTo(whole);
        return whole;
    }

    /** Server mode: sends the CONNECT of the version first and returns what follows it. */
    static List<Object> afterConnect(MqttVersion version, byte[] bytes) {
        byte[] connect = version.isV5() ? CONNECT_5 : CONNECT_311;
        List<Object> out = decode(DecoderHarness::server, concat(connect, bytes));
        assertThat(out.get(0)).isInstanceOf(dev.tern.packet.Connect.class);
        return out.subList(1, out.size());
    }

    /** Server mode, after CONNECT: the single packet decoded from the bytes. */
    static Object single(MqttVersion version, byte[] bytes) {
        List<Object> out = afterConnect(version, bytes);
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    /** Client mode: the single packet decoded from the bytes. */
    static Object singleFromServer(MqttVersion version, byte[] bytes) {
        List<Object> out = decode(() -> client(version), bytes);
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    static void assertFailure(Object actual, ReasonCode reason, PacketType type) {
        assertThat(actual).isInstanceOf(DecodeFailure.class);
        DecodeFailure f = (DecodeFailure) actual;
        assertThat(f.reason()).as(f.message()).isEqualTo(reason);
        assertThat(f.packetType()).isEqualTo(type);
    }

    private static List<Object> run(MqttDecoder decoder, byte[] bytes, int chunk) {
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        for (int i = 0; i < bytes.length; i += chunk) {
            ch.writeInbound(Unpooled.wrappedBuffer(bytes, i, Math.min(chunk, bytes.length - i)));
        }
        List<Object> out = new ArrayList<>();
        for (Object o = ch.readInbound(); o != null; o = ch.readInbound()) {
            out.add(o);
        }
        ch.finishAndReleaseAll();
        return out;
    }

    /** Fixed header byte, the Remaining Length computed from the body, then the body. */
    static byte[] packet(int firstByte, int... body) {
        ByteBuf buf = Unpooled.buffer();
        buf.writeByte(firstByte);
        VariableByteInteger.write(buf, body.length);
        for (int b : body) {
            buf.writeByte(b);
        }
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        return bytes;
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
