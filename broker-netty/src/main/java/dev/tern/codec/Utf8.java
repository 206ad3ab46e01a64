package dev.tern.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 Encoded Strings (MQTT 5.0 section 1.5.4). Decoding is strict: ill-formed UTF-8, including
 * encoded UTF-16 surrogates [MQTT-1.5.4-1] and overlong forms, and U+0000 [MQTT-1.5.4-2] are malformed.
 * The JDK's UTF-8 decoder already rejects surrogates and overlong forms when told to REPORT.
 */
final class Utf8 {
    /** CharsetDecoder is stateful and not thread-safe; one per event loop thread. */
    private static final ThreadLocal<CharsetDecoder> DECODER = ThreadLocal.withInitial(() ->
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT));

    private Utf8() {
    }

    /** Decodes {@code length} bytes at {@code start}; the buffer's indices are not touched. */
    static String read(ByteBuf buf, int start, int length) {
        String s;
        if (isPlainAscii(buf, start, length)) {
            // Fast path for the common case (topics, client ids): no decoder, no checks left to do.
            s = buf.toString(start, length, StandardCharsets.US_ASCII);
        } else {
            s = decodeStrict(buf.nioBuffer(start, length));
            if (s.indexOf('\u0000') >= 0) {
                throw DecodeException.malformed("UTF-8 string contains U+0000 [MQTT-1.5.4-2]");
            }
        }
        return s;
    }

    /** ASCII without NUL: valid UTF-8 that needs no further checks. */
    private static boolean isPlainAscii(ByteBuf buf, int start, int length) {
        for (int i = start, end = start + length; i < end; i++) {
            byte b = buf.getByte(i);
            if (b <= 0) {
                return false;
            }
        }
        return true;
    }

    private static String decodeStrict(ByteBuffer bytes) {
        CharsetDecoder decoder = DECODER.get();
        try {
            CharBuffer chars = decoder.reset().decode(bytes);
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw DecodeException.malformed("ill-formed UTF-8 string [MQTT-1.5.4-1]");
        }
    }

    /** Encoded length without encoding (for sizing a packet before allocating it). */
    static int encodedLength(String s) {
        return ByteBufUtil.utf8Bytes(s);
    }
}
