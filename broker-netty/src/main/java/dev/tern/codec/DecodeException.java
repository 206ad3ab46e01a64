package dev.tern.codec;

import dev.tern.packet.ReasonCode;

/**
 * Thrown by the packet parsers and caught by {@link MqttDecoder}, which turns it into a
 * {@link DecodeFailure}. Not part of the API; no stack trace because it is an expected outcome of bad
 * input, and filling one in for every hostile packet would be wasted work.
 */
final class DecodeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient ReasonCode reason;

    DecodeException(ReasonCode reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    static DecodeException malformed(String message) {
        return new DecodeException(ReasonCode.MALFORMED_PACKET, message);
    }

    static DecodeException protocolError(String message) {
        return new DecodeException(ReasonCode.PROTOCOL_ERROR, message);
    }

    ReasonCode reason() {
        return reason;
    }
}
