package dev.tern.routing;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The members of one shared subscription {@code $share/{name}/{filter}} (MQTT 5.0 section 4.8.2).
 * Members are a copy-on-write array in subscription order; the trie serializes the writers.
 */
final class SharedGroup<S, V> {

    final String name;
    volatile Subscription<S, V>[] members;
    /** Round-robin cursor; floorMod keeps the index valid after the int wraps. */
    private final AtomicInteger next = new AtomicInteger();

    SharedGroup(String name, Subscription<S, V>[] members) {
        this.name = name;
        this.members = members;
    }

    /** The one member that receives this message, or null if the group just emptied. */
    Subscription<S, V> pick(SharedStrategy strategy, String publisherId) {
        Subscription<S, V>[] m = members;
        int n = m.length;
        if (n == 0) {
            return null;
        }
        if (n == 1) {
            return m[0];
        }
        return switch (strategy) {
            case ROUND_ROBIN -> m[Math.floorMod(next.getAndIncrement(), n)];
            case RANDOM -> m[ThreadLocalRandom.current().nextInt(n)];
            // The oldest member stays first in the array until it unsubscribes.
            case STICKY -> m[0];
            case HASH_CLIENTID -> m[Math.floorMod(publisherId == null ? 0 : publisherId.hashCode(), n)];
        };
    }
}
