package dev.tern.packet;

import java.util.Objects;

/** One topic filter of a SUBSCRIBE with its options. The filter is not yet validated. */
public record TopicSubscription(String filter, SubscriptionOptions options) {
    public TopicSubscription {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(options, "options");
    }
}
