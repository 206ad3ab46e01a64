package dev.tern.codec;

import io.netty.buffer.ByteBuf;

/** Variable Byte Integer (MQTT 5.0 section 1.5.5): 7 bits per byte, at most 4 bytes. */
final class VariableByteInteger {
    /** The largest value 4 bytes can hold (also the largest Remaining Length). */
    static final int MAX_VALUE = 268_435_455;
    /** Returned by {@link #peek} when more bytes are needed. */
    static final int NEED_MORE = -1;
    /** Returned by {@link #peek} for more than 4 bytes or a non-minimal encoding. */
    static final int INVALID = -2;

    private VariableByteInteger() {
    }

    static int size(int value) {
        if (value < 0 || value > MAX_VALUE) {
            throw new IllegalArgumentException("variable byte integer out of range: " + value);
        }
        return value < 128 ? 1 : value < 16_384 ? 2 : value < 2_097_152 ? 3 : 4;
    }

    static void write(ByteBuf buf, int value) {
        int v = value;
        do {
            int digit = v & 0x7F;
            v >>>= 7;
            buf.writeByte(v > 0 ? digit | 0x80 : digit);
        } while (v > 0);
    }

    /**
     * Reads without moving the reader index, so framing can wait for more bytes.
     *
     * @return the value and its length packed as {@code (length << 32) | value}, {@link #NEED_MORE}
     *         or {@link #INVALID}
     */
    static long peek(ByteBuf buf, int index) {
        return peek(buf, index, buf.writerIndex());
    }

    /** As {@link #peek(ByteBuf, int)}, reading no byte at or after {@code end}. */
    static long peek(ByteBuf buf, int index, int end) {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            if (index + i >= end) {
                return NEED_MORE;
            }
            int b = buf.getUnsignedByte(index + i);
            value |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                // A trailing zero byte after a continuation means a longer than needed encoding,
                // which [MQTT-1.5.5-1] forbids ("MUST use the minimum number of bytes").
                if (i > 0 && b == 0) {
                    return INVALID;
                }
                return ((long) (i + 1) << 32) | value;
            }
        }
        return INVALID;
    }
}
