package dev.tern.store;

import dev.tern.packet.PublishProperties;
import dev.tern.packet.Qos;

/**
 * An application message as persisted. Times are wall-clock (epoch milliseconds) because they must
 * mean the same after a restart.
 *
 * @param expiresAtMillis epoch ms at which the message expires, or {@link Long#MAX_VALUE} for never
 * @param senderId        client id of the publisher, or null
 */
public record StoredMessage(String topic, byte[] payload, Qos qos, boolean retain, PublishProperties properties,
                            long expiresAtMillis, String senderId) {
}
