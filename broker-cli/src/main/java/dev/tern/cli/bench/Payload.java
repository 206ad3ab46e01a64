package dev.tern.cli.bench;

import dev.tern.codec.MqttEncoder;
import dev.tern.packet.MqttVersion;
import dev.tern.packet.Publish;
import dev.tern.packet.Qos;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;

/**
 * The PUBLISH of one publisher, encoded once by Tern's codec and then copied and patched per message,
 * so the bench spends no time encoding. The payload starts with the send time (System.nanoTime, 8 bytes)
 * and a stream word (publisher index in the top 24 bits, sequence number in the low 40), both big-endian.
 */
final class Payload {
    static final int MIN_SIZE = 16;
    private static final int SEQ_BITS = 40;
    private static final long SEQ_MASK = (1L << SEQ_BITS) - 1;

    private final ByteBuf template;
    private final int payloadOffset;
    private final int packetIdOffset;

    Payload(String topic, Qos qos, int payloadSize, MqttVersion version) {
        if (payloadSize < MIN_SIZE) {
            throw new IllegalArgumentException("payload size must be at least " + MIN_SIZE);
        }
        int packetId = qos == Qos.AT_MOST_ONCE ? 0 : 1;
        Publish p = Publish.of(topic, qos, false, packetId, new byte[payloadSize]);
        template = Unpooled.unreleasableBuffer(MqttEncoder.INSTANCE.encode(ByteBufAllocator.DEFAULT, p, version, 0));
        int total = template.readableBytes();
        payloadOffset = total - payloadSize;
        int header = 1;
        while ((template.getByte(header) & 0x80) != 0) {
            header++;
        }
        header++;
        int topicLength = template.getUnsignedShort(header);
        packetIdOffset = qos == Qos.AT_MOST_ONCE ? -1 : header + 2 + topicLength;
    }

    /** One encoded PUBLISH, ready to write; {@code packetId} is ignored at QoS 0. */
    ByteBuf encode(ByteBufAllocator alloc, long sendNanos, int publisher, long seq, int packetId) {
        int total = template.readableBytes();
        ByteBuf b = alloc.directBuffer(total, total);
        b.writeBytes(template, template.readerIndex(), total);
        b.setLong(payloadOffset, sendNanos);
        b.setLong(payloadOffset + 8, stream(publisher, seq));
        if (packetIdOffset >= 0) {
            b.setShort(packetIdOffset, packetId);
        }
        return b;
    }

    static long stream(int publisher, long seq) {
        return ((long) publisher << SEQ_BITS) | (seq & SEQ_MASK);
    }

    static long sendNanos(byte[] payload) {
        return readLong(payload, 0);
    }

    static int publisher(byte[] payload) {
        return (int) (readLong(payload, 8) >>> SEQ_BITS);
    }

    static long seq(byte[] payload) {
        return readLong(payload, 8) & SEQ_MASK;
    }

    private static long readLong(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }
}
