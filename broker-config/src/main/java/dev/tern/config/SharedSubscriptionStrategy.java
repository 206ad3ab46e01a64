package dev.tern.config;

/**
 * {@code mqtt.shared_subscription_strategy}: how a shared subscription group picks the member that
 * receives a message (MQTT 5.0 section 4.8.2 leaves the choice to the server). The engine maps it
 * onto its routing strategy by name.
 */
public enum SharedSubscriptionStrategy {
    ROUND_ROBIN,
    RANDOM,
    STICKY,
    HASH_CLIENTID
}
