package dev.tern.codec;

import dev.tern.packet.Connect;
import dev.tern.packet.MqttPacket;
import dev.tern.packet.MqttVersion;
import dev.tern.packet.PacketType;
import dev.tern.packet.Pingreq;
import dev.tern.packet.Publish;
import dev.tern.packet.Pingresp;
import dev.tern.packet.ReasonCode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.List;

/**
 * Turns bytes into {@link MqttPacket} values, or into one {@link DecodeFailure} after which all further
 * input is discarded (MQTT 5.0 section 4.13: the connection is closed on a malformed packet or
 * protocol error; closing is the connection handler's job, the decoder stays pure).
 *
 * <p>Frame first, then parse inside the bounded slice of one packet (MQTT 5.0 section 2.1): the fixed
 * header is checked as soon as its first byte arrives, and a packet larger than the maximum packet
 * size is rejected as soon as its Remaining Length is known, before any of its body is buffered.
 *
 * <p>In server mode it decodes client-to-server packets and learns the protocol version from
 * CONNECT; in client mode it decodes server-to-client packets for a version set with
 * {@link #setVersion}. Not sharable: one instance per channel.
 */
public final class MqttDecoder extends ByteToMessageDecoder {
    /** Where the decoder is in the life of the connection. */
    public enum State {
        /** Server mode before CONNECT: nothing else is allowed [MQTT-3.1.0-1]. */
        AWAIT_CONNECT,
        /** The protocol version is known; packets are decoded for it. */
        READY,
        /** A {@link DecodeFailure} was emitted; input is discarded. */
        FAILED
    }

    private final int maxPacketSize;
    private final boolean serverMode;
    /**
     * One reader per thread (an event loop), reset for every packet: it reads the frame in place, so a
     * packet costs no slice and no reader, and an idle connection holds none. Parsing is not reentrant.
     */
    private static final FastThreadLocal<PacketReader> READER = new FastThreadLocal<>() {
        @Override
        protected PacketReader initialValue() {
            return new PacketReader();
        }
    };
    private State state;
    private MqttVersion version;
    /** The topic of the last PUBLISH: a publisher that repeats it gets the same String (no decode, no copy). */
    private String lastTopic;

    /**
     * @param maxPacketSize the largest total packet size (fixed header included) accepted; at most
     *                      268,435,460 is meaningful, values &lt;= 0 mean the protocol maximum
     * @param serverMode    true to decode client-to-server packets (a broker), false for
     *                      server-to-client packets (a client; call {@link #setVersion} first)
     */
    public MqttDecoder(int maxPacketSize, boolean serverMode) {
        this.maxPacketSize = maxPacketSize <= 0 ? Integer.MAX_VALUE : maxPacketSize;
        this.serverMode = serverMode;
        this.state = serverMode ? State.AWAIT_CONNECT : State.READY;
    }

    /** The protocol version in use: from CONNECT in server mode, null before it. */
    public MqttVersion version() {
        return version;
    }

    /** Client mode: the version the client sent in its CONNECT. */
    public void setVersion(MqttVersion version) {
        if (serverMode) {
            throw new IllegalStateException("server mode learns the version from CONNECT");
        }
        this.version = version;
    }

    public State state() {
        return state;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (state == State.FAILED) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (!in.isReadable()) {
            return;
        }
        if (!serverMode && version == null) {
            throw new IllegalStateException("client mode decoder needs setVersion before input");
        }
        int start = in.readerIndex();
        int first = in.getUnsignedByte(start);
        PacketType type = PacketType.of(first >>> 4);
        DecodeException headerError = checkFixedHeader(type, first & 0x0F);
        if (headerError != null) {
            fail(in, out, headerError, type);
            return;
        }
        long packed = VariableByteInteger.peek(in, start + 1);
        if (packed == VariableByteInteger.NEED_MORE) {
            return;
        }
        if (packed == VariableByteInteger.INVALID) {
            fail(in, out, DecodeException.malformed("invalid remaining length [MQTT-1.5.5-1]"), type);
            return;
        }
        int lengthBytes = (int) (packed >>> 32);
        int remaining = (int) packed;
        long total = 1L + lengthBytes + remaining;
        if (total > maxPacketSize) {
            // Rejected before the body arrives: nothing of it is ever buffered.
            fail(in, out, new DecodeException(ReasonCode.PACKET_TOO_LARGE,
                    "packet of " + total + " bytes exceeds the maximum packet size " + maxPacketSize), type);
            return;
        }
        if (in.readableBytes() < total) {
            return;
        }
        int bodyStart = start + 1 + lengthBytes;
        in.readerIndex((int) (start + total));
        MqttPacket packet;
        PacketReader reader = READER.get();
        try {
            packet = parse(type, first & 0x0F, reader.reset(in, bodyStart, bodyStart + remaining));
        } catch (DecodeException e) {
            if (type == PacketType.CONNECT) {
                // Rare path, so a slice is fine here: peek from the start of the CONNECT body.
                failWithLevel(in, out, e, type, ConnectDecoder.peekProtocolLevel(in.slice(bodyStart, remaining)));
            } else {
                fail(in, out, e, type);
            }
            return;
        } finally {
            reader.clear();
        }
        if (packet instanceof Connect connect) {
            version = connect.version();
            state = State.READY;
        }
        out.add(packet);
    }

    /** The checks that need only the first byte, so a bad packet is rejected before its body arrives. */
    private DecodeException checkFixedHeader(PacketType type, int flags) {
        if (type == null) {
            return DecodeException.malformed("reserved packet type 0 [MQTT 5.0 2.1.2]");
        }
        int expected = type == PacketType.PUBREL || type == PacketType.SUBSCRIBE || type == PacketType.UNSUBSCRIBE
                ? 0b0010 : 0;
        if (type == PacketType.PUBLISH) {
            int qos = (flags >>> 1) & 0x03;
            if (qos == 3) {
                return DecodeException.malformed("PUBLISH with QoS 3 [MQTT-3.3.1-4]");
            }
            if (qos == 0 && (flags & 0x08) != 0) {
                return DecodeException.malformed("DUP set on a QoS 0 PUBLISH [MQTT-3.3.1-2]");
            }
        } else if (flags != expected) {
            return DecodeException.malformed(String.format("invalid fixed header flags 0x%X for %s [MQTT-2.1.3-1]",
                    flags, type));
        }
        return serverMode ? checkClientPacket(type) : checkServerPacket(type);
    }

    private DecodeException checkClientPacket(PacketType type) {
        if (state == State.AWAIT_CONNECT) {
            return type == PacketType.CONNECT ? null
                    : DecodeException.protocolError("first packet must be CONNECT, was " + type + " [MQTT-3.1.0-1]");
        }
        return switch (type) {
            case CONNECT -> DecodeException.protocolError("second CONNECT [MQTT-3.1.0-2]");
            case CONNACK, SUBACK, UNSUBACK, PINGRESP ->
                    DecodeException.protocolError(type + " may only be sent by a server");
            case AUTH -> version.isV5() ? null : DecodeException.protocolError("AUTH is MQTT 5 only");
            default -> null;
        };
    }

    private DecodeException checkServerPacket(PacketType type) {
        return switch (type) {
            case CONNECT, SUBSCRIBE, UNSUBSCRIBE, PINGREQ ->
                    DecodeException.protocolError(type + " may only be sent by a client");
            case DISCONNECT, AUTH -> version.isV5() ? null
                    : DecodeException.protocolError(type + " from a server is MQTT 5 only");
            default -> null;
        };
    }

    private MqttPacket parse(PacketType type, int flags, PacketReader r) {
        boolean serverToClient = !serverMode;
        return switch (type) {
            case CONNECT -> ConnectDecoder.decode(r);
            case CONNACK -> ConnackDecoder.decode(r, version);
            case PUBLISH -> {
                Publish p = PublishDecoder.decode(r, flags, version, serverToClient, lastTopic);
                if (!p.topic().isEmpty()) {
                    lastTopic = p.topic();
                }
                yield p;
            }
            case PUBACK, PUBREC, PUBREL, PUBCOMP -> AckDecoder.decode(r, type, version);
            case SUBSCRIBE -> SubscribeDecoder.decode(r, version);
            case SUBACK, UNSUBACK -> SubackDecoder.decode(r, type, version);
            case UNSUBSCRIBE -> UnsubscribeDecoder.decode(r, version);
            case PINGREQ -> {
                r.expectEnd("PINGREQ");
                yield Pingreq.INSTANCE;
            }
            case PINGRESP -> {
                r.expectEnd("PINGRESP");
                yield Pingresp.INSTANCE;
            }
            case DISCONNECT -> DisconnectDecoder.decodeDisconnect(r, version, serverToClient);
            case AUTH -> DisconnectDecoder.decodeAuth(r, serverToClient);
        };
    }

    private void fail(ByteBuf in, List<Object> out, DecodeException e, PacketType type) {
        failWithLevel(in, out, e, type, version == null ? 0 : version.level());
    }

    private void failWithLevel(ByteBuf in, List<Object> out, DecodeException e, PacketType type, int level) {
        state = State.FAILED;
        in.skipBytes(in.readableBytes());
        out.add(new DecodeFailure(e.reason(), e.getMessage(), type, level));
    }
}
