package dev.tern.store;

import dev.tern.packet.MqttVersion;
import dev.tern.packet.SubscriptionOptions;

import java.util.List;
import java.util.Map;

/**
 * A persistent session as recovered at start-up.
 *
 * @param expiryInterval        seconds (0xFFFFFFFF = never)
 * @param disconnectedAtMillis  epoch ms when its last connection closed; 0 if it was connected when the
 *                              broker stopped (recovery then counts from the restart)
 * @param subscriptions         filter -> (options, subscription id)
 * @param deliveries            in sequence order
 * @param awaitingPubrel        inbound QoS 2 packet ids received and not yet released
 * @param will                  a will waiting for its delay, or null
 * @param willAtMillis          epoch ms at which the pending will is due
 */
public record StoredSession(String clientId, MqttVersion version, long expiryInterval, long disconnectedAtMillis,
                            Map<String, StoredSubscription> subscriptions, List<StoredDelivery> deliveries,
                            List<Integer> awaitingPubrel, StoredMessage will, long willAtMillis) {

    /** A subscription as persisted. */
    public record StoredSubscription(SubscriptionOptions options, int subscriptionId) {
    }
}
