package dev.tern.session;

/**
 * An outgoing QoS 1/2 message that the client has not finished acknowledging (MQTT 5.0 section 4.3).
 * Mutable, owned by its session's shard.
 */
public final class InflightEntry {

    /** Where the exchange stands. */
    public enum State {
        /** Waiting in the session's queue (used for persistence only; not in the inflight map). */
        QUEUED,
        /** QoS 1 PUBLISH sent, PUBACK awaited. */
        AWAIT_PUBACK,
        /** QoS 2 PUBLISH sent, PUBREC awaited. */
        AWAIT_PUBREC,
        /** PUBREL sent, PUBCOMP awaited; the message itself is no longer needed. */
        AWAIT_PUBCOMP
    }

    final long sequence;
    final int packetId;
    Delivery delivery;
    State state;
    long sentAtNanos;
    /** Not yet re-sent on the current connection: the client's Receive Maximum had no room at resume. */
    boolean resendPending;

    InflightEntry(long sequence, int packetId, Delivery delivery, State state, long sentAtNanos) {
        this.sequence = sequence;
        this.packetId = packetId;
        this.delivery = delivery;
        this.state = state;
        this.sentAtNanos = sentAtNanos;
    }

    /** Position in the session's outgoing stream (the persistence key). */
    public long sequence() {
        return sequence;
    }

    public int packetId() {
        return packetId;
    }

    public State state() {
        return state;
    }

    public Delivery delivery() {
        return delivery;
    }
}
