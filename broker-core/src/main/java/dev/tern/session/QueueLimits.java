package dev.tern.session;

import dev.tern.config.DropPolicy;

/**
 * The per-session bounds from `mqtt { ... }`.
 *
 * @param retryIntervalNanos MQTT 3.1.1 in-session re-send period; 0 = off (never used for MQTT 5)
 */
public record QueueLimits(int maxQueueLength, DropPolicy dropPolicy, boolean queueQos0, long retryIntervalNanos) {
}
