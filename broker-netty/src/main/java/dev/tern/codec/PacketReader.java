package dev.tern.codec;

import dev.tern.packet.Qos;
import io.netty.buffer.ByteBuf;

/**
 * Reads MQTT data types from the bytes of one packet, {@code [index, end)} of a buffer. Reading past
 * {@code end} means a length inside the packet lied, which is a malformed packet (MQTT 5.0 section 1.5).
 *
 * <p>One reader per decoder, {@link #reset} for each packet: it reads the frame in place with absolute
 * gets, so decoding a packet allocates neither a slice nor a reader. The buffer's own indices are never
 * touched. A nested block (MQTT 5 properties) narrows {@code end} with {@link #limit} and widens it
 * back with {@link #restoreLimit}.
 */
final class PacketReader {
    private ByteBuf buf;
    private int index;
    private int end;

    PacketReader() {
    }

    /** Reads {@code [from, to)} of {@code buf} from now on. */
    PacketReader reset(ByteBuf buf, int from, int to) {
        this.buf = buf;
        this.index = from;
        this.end = to;
        return this;
    }

    /** Drops the buffer reference, so an idle decoder holds no input buffer. */
    void clear() {
        this.buf = null;
    }

    int remaining() {
        return end - index;
    }

    boolean hasRemaining() {
        return index < end;
    }

    private void need(int n, String what) {
        if (end - index < n) {
            throw DecodeException.malformed(what + " runs past the end of the packet");
        }
    }

    int readUnsignedByte(String what) {
        need(1, what);
        return buf.getUnsignedByte(index++);
    }

    int readUnsignedShort(String what) {
        need(2, what);
        int v = buf.getUnsignedShort(index);
        index += 2;
        return v;
    }

    long readUnsignedInt(String what) {
        need(4, what);
        long v = buf.getUnsignedInt(index);
        index += 4;
        return v;
    }

    int readVariableByteInteger(String what) {
        long packed = VariableByteInteger.peek(buf, index, end);
        if (packed == VariableByteInteger.NEED_MORE) {
            throw DecodeException.malformed(what + " runs past the end of the packet");
        }
        if (packed == VariableByteInteger.INVALID) {
            throw DecodeException.malformed(what + " is not a valid variable byte integer [MQTT-1.5.5-1]");
        }
        index += (int) (packed >>> 32);
        return (int) packed;
    }

    String readUtf8(String what) {
        int length = readUnsignedShort(what);
        need(length, what);
        String s = Utf8.read(buf, index, length);
        index += length;
        return s;
    }

    /**
     * A topic name. When its bytes are those of {@code previous} (a publisher repeating its topic, the
     * common case), returns {@code previous} itself: it was decoded and checked when it first came, and
     * an ASCII string equals its bytes. Anything else is decoded as {@link #readUtf8}.
     */
    String readTopic(String previous) {
        int length = readUnsignedShort("topic name");
        need(length, "topic name");
        String s = previous != null && sameAscii(previous, index, length) ? previous : Utf8.read(buf, index, length);
        index += length;
        return s;
    }

    private boolean sameAscii(String s, int start, int length) {
        if (s.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c >= 0x80 || buf.getByte(start + i) != (byte) c) {
                return false;
            }
        }
        return true;
    }

    byte[] readBinary(String what) {
        int length = readUnsignedShort(what);
        need(length, what);
        return readBytes(length);
    }

    /** The rest of the packet (or of the current limit), copied once (a PUBLISH payload is then shared read-only). */
    byte[] readRest() {
        return readBytes(end - index);
    }

    private byte[] readBytes(int length) {
        byte[] bytes = new byte[length];
        buf.getBytes(index, bytes);
        index += length;
        return bytes;
    }

    /**
     * Narrows the reader to the next {@code length} bytes (a nested block such as a property list).
     *
     * @return the previous end, to pass to {@link #restoreLimit} once the block is read
     */
    int limit(int length, String what) {
        need(length, what);
        int outer = end;
        end = index + length;
        return outer;
    }

    /** Widens the reader back after a block read under {@link #limit}; the block must be fully read. */
    void restoreLimit(int outer) {
        end = outer;
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
        if (hasRemaining()) {
            throw DecodeException.malformed(remaining() + " unexpected bytes at the end of " + packet);
        }
    }

    static Qos qos(int value, String what) {
        if (value > 2) {
            throw DecodeException.malformed(what + " QoS 3");
        }
        return Qos.of(value);
    }
}
