package dev.tern.packet;

import java.util.Objects;

/**
 * Subscription options (MQTT 5.0 section 3.8.3.1). For 3.1.1 only maxQos is meaningful; the rest
 * keep their defaults (noLocal false, retainAsPublished false, retainHandling 0).
 *
 * @param retainHandling 0 send retained on subscribe, 1 only if the subscription is new, 2 never
 */
public record SubscriptionOptions(Qos maxQos, boolean noLocal, boolean retainAsPublished, int retainHandling) {
    public SubscriptionOptions {
        Objects.requireNonNull(maxQos, "maxQos");
        if (retainHandling < 0 || retainHandling > 2) {
            throw new IllegalArgumentException("retainHandling " + retainHandling);
        }
    }

    public static SubscriptionOptions of(Qos qos) {
        return new SubscriptionOptions(qos, false, false, 0);
    }
}
