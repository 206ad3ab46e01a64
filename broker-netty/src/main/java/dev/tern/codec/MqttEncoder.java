package dev.tern.codec;

import dev.tern.packet.Auth;
import dev.tern.packet.Connack;
import dev.tern.packet.Connect;
import dev.tern.packet.Disconnect;
import dev.tern.packet.MqttPacket;
import dev.tern.packet.MqttVersion;
import dev.tern.packet.PacketType;
import dev.tern.packet.Puback;
import dev.tern.packet.Pubcomp;
import dev.tern.packet.Publish;
import dev.tern.packet.Pubrec;
import dev.tern.packet.Pubrel;
import dev.tern.packet.Suback;
import dev.tern.packet.Subscribe;
import dev.tern.packet.Unsuback;
import dev.tern.packet.Unsubscribe;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.Objects;

/**
 * Turns {@link MqttPacket} values into bytes for a given protocol version, in both directions
 * (server-to-client for the broker, client-to-server for Tern's own client). The exact size is
 * computed first, then one buffer of that size is allocated and written.
 *
 * <p>For MQTT 3.1/3.1.1 no properties are written and reason codes map to the 3.1.1 return codes.
 * For MQTT 5 only present properties are written, and the short forms are used where the spec
 * allows. Thread-safe: its only state is the per-thread scratch sinks.
 */
public final class MqttEncoder {
    /** Shared instance; the encoder holds no state. */
    public static final MqttEncoder INSTANCE = new MqttEncoder();

    /**
     * The sinks of the thread encoding (an event loop, mostly): reused for every packet, so encoding
     * allocates nothing beyond the output buffer. Encoding is not reentrant, so one per thread is enough.
     */
    private static final FastThreadLocal<EncodeSink.Buf> SINK = new FastThreadLocal<>() {
        @Override
        protected EncodeSink.Buf initialValue() {
            return new EncodeSink.Buf();
        }
    };

    /**
     * Encodes a packet.
     *
     * <p>If it would exceed {@code maxPacketSize} (the receiver's Maximum Packet Size, MQTT 5.0
     * section 3.1.2.11.4), an MQTT 5 packet that may carry them is retried without Reason String and
     * User Properties, which the sender must drop rather than exceed the limit ([MQTT-3.1.2-25] and
     * each ack's section). If it still does not fit, nothing is allocated and null is returned: the
     * caller drops the packet and counts it ([MQTT-3.1.2-24]).
     *
     * @param maxPacketSize the largest total packet size the receiver accepts; &lt;= 0 means no limit
     * @return a buffer holding exactly the packet, or null if it does not fit
     * @throws IllegalArgumentException if the packet cannot be represented (e.g. AUTH in 3.1.1, a
     *                                  string longer than 65,535 bytes)
     */
    public ByteBuf encode(ByteBufAllocator alloc, MqttPacket packet, MqttVersion version, int maxPacketSize) {
        Objects.requireNonNull(packet, "packet");
        Objects.requireNonNull(version, "version");
        long limit = maxPacketSize <= 0 ? Long.MAX_VALUE : maxPacketSize;
        boolean optional = true;
        long remaining = bodySize(packet, version, true);
        if (totalSize(remaining) > limit && version.isV5() && hasDroppableProperties(packet)) {
            optional = false;
            remaining = bodySize(packet, version, false);
        }
        if (remaining > VariableByteInteger.MAX_VALUE || totalSize(remaining) > limit) {
            return null;
        }
        int total = (int) totalSize(remaining);
        ByteBuf buf = alloc.buffer(total, total);
        try {
            buf.writeByte(firstByte(packet));
            VariableByteInteger.write(buf, (int) remaining);
            writeBody(SINK.get().reset(buf), packet, version, optional);
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        } finally {
            SINK.get().reset(null); // hold no reference to a buffer that is now the caller's
        }
        return buf;
    }

    private static long totalSize(long remaining) {
        int lengthBytes = remaining > VariableByteInteger.MAX_VALUE ? 5 : VariableByteInteger.size((int) remaining);
        return 1 + lengthBytes + remaining;
    }

    private static long bodySize(MqttPacket packet, MqttVersion version, boolean optional) {
        EncodeSink.Counter counter = SINK.get().scratch();
        writeBody(counter, packet, version, optional);
        return counter.size();
    }

    /** Packets with a Reason String or User Properties that may be dropped to fit the size limit. */
    private static boolean hasDroppableProperties(MqttPacket packet) {
        return switch (packet.type()) {
            case CONNACK, PUBACK, PUBREC, PUBREL, PUBCOMP, SUBACK, UNSUBACK, DISCONNECT, AUTH -> true;
            default -> false;
        };
    }

    private static int firstByte(MqttPacket packet) {
        PacketType type = packet.type();
        if (packet instanceof Publish p) {
            return PublishEncoder.firstByte(p);
        }
        // Fixed header flags of MQTT 5.0 section 2.1.3 [MQTT-2.1.3-1].
        boolean reservedOne = type == PacketType.PUBREL || type == PacketType.SUBSCRIBE
                || type == PacketType.UNSUBSCRIBE;
        return type.value() << 4 | (reservedOne ? 0b0010 : 0);
    }

    private static void writeBody(EncodeSink s, MqttPacket packet, MqttVersion v, boolean optional) {
        switch (packet.type()) {
            case CONNECT -> ConnectEncoder.write(s, (Connect) packet, v);
            case CONNACK -> ConnackEncoder.write(s, (Connack) packet, v, optional);
            case PUBLISH -> PublishEncoder.write(s, (Publish) packet, v);
            case PUBACK -> {
                Puback p = (Puback) packet;
                AckEncoder.write(s, new AckEncoder.Ack(p.packetId(), p.reasonCode(), p.reasonString(),
                        p.userProperties()), v, optional);
            }
            case PUBREC -> {
                Pubrec p = (Pubrec) packet;
                AckEncoder.write(s, new AckEncoder.Ack(p.packetId(), p.reasonCode(), p.reasonString(),
                        p.userProperties()), v, optional);
            }
            case PUBREL -> {
                Pubrel p = (Pubrel) packet;
                AckEncoder.write(s, new AckEncoder.Ack(p.packetId(), p.reasonCode(), p.reasonString(),
                        p.userProperties()), v, optional);
            }
            case PUBCOMP -> {
                Pubcomp p = (Pubcomp) packet;
                AckEncoder.write(s, new AckEncoder.Ack(p.packetId(), p.reasonCode(), p.reasonString(),
                        p.userProperties()), v, optional);
            }
            case SUBSCRIBE -> SubscribeEncoder.write(s, (Subscribe) packet, v);
            case SUBACK -> SubackEncoder.write(s, (Suback) packet, v, optional);
            case UNSUBSCRIBE -> SubscribeEncoder.write(s, (Unsubscribe) packet, v);
            case UNSUBACK -> SubackEncoder.write(s, (Unsuback) packet, v, optional);
            case PINGREQ, PINGRESP -> {
                // no variable header, no payload
            }
            case DISCONNECT -> DisconnectEncoder.write(s, (Disconnect) packet, v, optional);
            case AUTH -> DisconnectEncoder.write(s, (Auth) packet, v, optional);
            default -> throw new IllegalArgumentException(packet.type().toString());
        }
    }
}
