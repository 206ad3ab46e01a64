package dev.tern.codec;

import dev.tern.packet.Qos;
import io.netty.buffer.ByteBuf;

/**
 * Reads MQTT data types from the bounded slice of one packet. Reading past the end of the slice
 * means a length inside the packet lied, which is a malformed packet (MQTT 5.0 section 1.5).
 */
final class PacketReader {
    private final ByteBuf buf;

    PacketReader(ByteBuf buf) {
        this.buf = buf;
    }

    int remaining() {
        return buf.readableBytes();
    }

    boolean hasRemaining() {
        return buf.isReadable();
    }

    private void need(int n, String what) {
        if (buf.readableBytes() < n) {
            throw DecodeException.malformed(what + " runs past the end of the packet");
        }
    }

    int readUnsignedByte(String what) {
        need(1, what);
        return buf.readUnsignedByte();
    }

    int readUnsignedShort(String what) {
        need(2, what);
        return buf.readUnsignedShort();
    }

    long readUnsignedInt(String what) {
        need(4, what);
        return buf.readUnsignedInt();
    }

    int readVariableByteInteger(String what) {
        long packed = VariableByteInteger.peek(buf, buf.readerIndex());
        if (packed == VariableByteInteger.NEED_MORE) {
            throw DecodeException.malformed(what + " runs past the end of the packet");
        }
        if (packed == VariableByteInteger.INVALID) {
            throw DecodeException.malformed(what + " is not a valid variable byte integer [MQTT-1.5.5-1]");
        }
        buf.skipBytes((int) (packed >>> 32));
        return (int) packed;
    }

    String readUtf8(String what) {
        int length = readUnsignedShort(what);
        need(length, what);
        return Utf8.read(buf, length);
    }

    byte[] readBinary(String what) {
        int length = readUnsignedShort(what);
        need(length, what);
        byte[] bytes = new byte[length];
        buf.readBytes(bytes);
        return bytes;
    }

    /** The rest of the packet, copied once (a PUBLISH payload is then shared read-only). */
    byte[] readRest() {
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        return bytes;
    }

    /** A reader over the next {@code length} bytes, which this reader skips. */
    PacketReader slice(int length, String what) {
        need(length, what);
        return new PacketReader(buf.readSlice(length));
    }

    /** Packet Identifier: non-zero where one is required [MQTT-2.2.1-3]. */
    int readPacketId() {
        int id = readUnsignedShort("packet identifier");
        if (id == 0) {
            throw DecodeException.protocolError("packet identifier 0 [MQTT-2.2.1-3]");
        }
        return id;
    }

    /** Leftover bytes mean the packet does not have the structure its header claims. */
    void expectEnd(String packet) {
        if (buf.isReadable()) {
            throw DecodeException.malformed(buf.readableBytes() + " unexpected bytes at the end of " + packet);
        }
    }

    static Qos qos(int value, String what) {
        if (value > 2) {
            throw DecodeException.malformed(what + " QoS 3");
        }
        return Qos.of(value);
    }
}
