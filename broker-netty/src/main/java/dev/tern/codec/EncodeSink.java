package dev.tern.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * Where packet writers put MQTT data types. The same writer code runs twice: once into a
 * {@link Counter} to learn the exact size (so the buffer is allocated once, and a Property Length can
 * be written before its properties), then into a {@link Buf}. One code path for both means the size
 * can never disagree with what is written.
 *
 * <p>Sinks are reused, not allocated per packet: {@link MqttEncoder} keeps one {@link Buf} per thread,
 * and each sink carries a {@link #scratch} counter for the nested sizing of a property block.
 */
abstract class EncodeSink {
    private Counter scratch;

    /** A counter owned by this sink, reset, for sizing a nested block while this sink is in use. */
    final Counter scratch() {
        if (scratch == null) {
            scratch = new Counter();
        }
        scratch.reset();
        return scratch;
    }

    abstract void byte1(int value);

    abstract void byte2(int value);

    abstract void byte4(long value);

    abstract void varInt(int value);

    /** The bytes without a length prefix (a PUBLISH payload). */
    abstract void raw(byte[] bytes);

    /** A UTF-8 Encoded String with its two byte length (MQTT 5.0 section 1.5.4). */
    abstract void utf8(String s);

    /** Binary Data with its two byte length (MQTT 5.0 section 1.5.6). */
    final void binary(byte[] bytes) {
        checkLength(bytes.length, "binary data");
        byte2(bytes.length);
        raw(bytes);
    }

    static void checkLength(int length, String what) {
        if (length > 65_535) {
            throw new IllegalArgumentException(what + " longer than 65,535 bytes: " + length);
        }
    }

    /** Counts bytes; writes nothing. */
    static final class Counter extends EncodeSink {
        private long size;

        long size() {
            return size;
        }

        void reset() {
            size = 0;
        }

        void add(long bytes) {
            size += bytes;
        }

        @Override
        void byte1(int value) {
            size += 1;
        }

        @Override
        void byte2(int value) {
            size += 2;
        }

        @Override
        void byte4(long value) {
            size += 4;
        }

        @Override
        void varInt(int value) {
            size += VariableByteInteger.size(value);
        }

        @Override
        void raw(byte[] bytes) {
            size += bytes.length;
        }

        @Override
        void utf8(String s) {
            int length = Utf8.encodedLength(s);
            checkLength(length, "string");
            size += 2 + length;
        }
    }

    /** Writes into a buffer sized by a {@link Counter} run; {@link #reset} to the next one. */
    static final class Buf extends EncodeSink {
        private ByteBuf buf;

        Buf reset(ByteBuf buf) {
            this.buf = buf;
            return this;
        }

        @Override
        void byte1(int value) {
            buf.writeByte(value);
        }

        @Override
        void byte2(int value) {
            buf.writeShort(value);
        }

        @Override
        void byte4(long value) {
            buf.writeInt((int) value);
        }

        @Override
        void varInt(int value) {
            VariableByteInteger.write(buf, value);
        }

        @Override
        void raw(byte[] bytes) {
            buf.writeBytes(bytes);
        }

        @Override
        void utf8(String s) {
            // Reserve the exact length: writeUtf8 would reserve 3 bytes per char and overflow the
            // buffer that was allocated to the exact packet size.
            int length = ByteBufUtil.utf8Bytes(s);
            buf.writeShort(length);
            ByteBufUtil.reserveAndWriteUtf8(buf, s, length);
        }
    }
}
