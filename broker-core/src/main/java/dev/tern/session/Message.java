package dev.tern.session;

import dev.tern.packet.PublishProperties;
import dev.tern.packet.Qos;

import java.util.Objects;

/**
 * An application message as routed by the engine: made once per incoming PUBLISH (or will) and
 * shared, never copied, by every subscriber it reaches (DESIGN.md: Routing).
 *
 * @param properties       as received, minus the Topic Alias (which is per connection); for 3.1.1
 *                         publishers {@link PublishProperties#NONE}
 * @param expiryDeadline   engine nanoTime at which the message expires, or {@link #NEVER}
 * @param senderId         client id of the publisher (for No Local), or null for the broker
 */
public record Message(String topic, byte[] payload, Qos qos, boolean retain, PublishProperties properties,
                      long expiryDeadline, String senderId) {

    public static final long NEVER = Long.MAX_VALUE;

    public Message {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(qos, "qos");
        Objects.requireNonNull(properties, "properties");
    }

    public boolean expiresAt(long nowNanos) {
        return expiryDeadline != NEVER && nowNanos - expiryDeadline >= 0;
    }

    /** Seconds left, rounded up, for the Message Expiry Interval sent on [MQTT-3.3.2-6]. */
    public long remainingExpirySeconds(long nowNanos) {
        long left = expiryDeadline - nowNanos;
        return left <= 0 ? 0 : (left + 999_999_999L) / 1_000_000_000L;
    }

    /** The same message with another retain flag (retained copies are stored with retain = true). */
    public Message withRetain(boolean r) {
        return r == retain ? this : new Message(topic, payload, qos, r, properties, expiryDeadline, senderId);
    }
}
