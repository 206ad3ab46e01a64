package dev.tern.routing;

/**
 * Receives the subscriptions that match a published topic (MQTT 5.0 section 4.7).
 *
 * @param <S> subscriber identity
 * @param <V> per-subscription data
 */
@FunctionalInterface
public interface MatchVisitor<S, V> {
    /**
     * @param filter the filter as subscribed, including a {@code $share/{group}/} prefix for a
     *               shared subscription, so the caller can tell which subscription matched
     */
    void onMatch(S subscriber, V data, String filter);
}
