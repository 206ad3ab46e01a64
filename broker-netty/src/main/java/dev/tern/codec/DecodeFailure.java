package dev.tern.codec;

import dev.tern.packet.PacketType;
import dev.tern.packet.ReasonCode;
import java.util.Objects;

/**
 * What {@link MqttDecoder} emits instead of a packet when the input is bad (MQTT 5.0 section 4.13).
 * The decoder stays pure: the connection handler decides whether to answer (CONNACK or DISCONNECT
 * with {@code reason}, where the protocol version allows) and closes. After emitting one of these the
 * decoder discards all further input.
 *
 * @param reason        the reason code to report (MALFORMED_PACKET, PROTOCOL_ERROR, PACKET_TOO_LARGE ...)
 * @param message       a human readable reason, suitable for a Reason String and the log
 * @param packetType    the type of the offending packet, null if it could not be determined
 * @param protocolLevel the protocol level from CONNECT when known (also for an unsupported level), else 0
 */
public record DecodeFailure(ReasonCode reason, String message, PacketType packetType, int protocolLevel) {
    public DecodeFailure {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }
}
