package dev.tern.engine;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Checks a payload announced as UTF-8 (Payload Format Indicator 1, MQTT 5.0 section 3.3.2.3.2). */
final class Utf8Payload {
    private Utf8Payload() {
    }

    /** True if the bytes are well-formed UTF-8 (the JDK decoder rejects overlongs and surrogates). */
    static boolean isValid(byte[] payload) {
        for (byte b : payload) {
            if (b < 0) {
                return decodes(payload);
            }
        }
        return true; // pure ASCII, the common case, without allocating a decoder
    }

    private static boolean decodes(byte[] payload) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
