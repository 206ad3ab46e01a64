package dev.tern.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Broker-wide counters. Written from every shard (LongAdder: no contention on the hot path),
 * read by the management API, $SYS and logs.
 */
public final class EngineMetrics {
    public final LongAdder connectionsAccepted = new LongAdder();
    public final LongAdder connectionsClosed = new LongAdder();
    public final LongAdder connectsRejected = new LongAdder();
    public final LongAdder messagesReceived = new LongAdder();
    public final LongAdder messagesSent = new LongAdder();
    public final LongAdder messagesRetried = new LongAdder();
    /** Dropped because a session's queue was full (either drop policy). */
    public final LongAdder droppedQueueFull = new LongAdder();
    /** QoS 0 not sent: subscriber offline (queue_qos0 off) or its socket not writable. */
    public final LongAdder droppedQos0 = new LongAdder();
    /** Not sent because the message expired first. */
    public final LongAdder droppedExpired = new LongAdder();
    /** Not sent because it exceeds the client's Maximum Packet Size. */
    public final LongAdder droppedTooLarge = new LongAdder();
    public final LongAdder willsPublished = new LongAdder();
    public final LongAdder sessionsExpired = new LongAdder();
    public final LongAdder keepaliveTimeouts = new LongAdder();
    /** Publisher connections moved to the shard of their subscribers (publisher affinity). */
    public final LongAdder publishersMoved = new LongAdder();

    /** A snapshot by metric name, for the API and Prometheus. */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("connections_accepted", connectionsAccepted.sum());
        m.put("connections_closed", connectionsClosed.sum());
        m.put("connects_rejected", connectsRejected.sum());
        m.put("messages_received", messagesReceived.sum());
        m.put("messages_sent", messagesSent.sum());
        m.put("messages_retried", messagesRetried.sum());
        m.put("messages_dropped_queue_full", droppedQueueFull.sum());
        m.put("messages_dropped_qos0", droppedQos0.sum());
        m.put("messages_dropped_expired", droppedExpired.sum());
        m.put("messages_dropped_too_large", droppedTooLarge.sum());
        m.put("wills_published", willsPublished.sum());
        m.put("sessions_expired", sessionsExpired.sum());
        m.put("keepalive_timeouts", keepaliveTimeouts.sum());
        m.put("publishers_moved", publishersMoved.sum());
        return m;
    }
}
