package dev.tern.session;

import dev.tern.packet.SubscriptionOptions;

/**
 * What the subscription index keeps per (filter, session).
 *
 * @param options        with maxQos already capped to what the broker granted
 * @param subscriptionId 0 when the SUBSCRIBE carried none
 */
public record SubscriptionData(SubscriptionOptions options, int subscriptionId) {
}
