package dev.tern.engine;

/**
 * Holds back the acknowledgement of a QoS 1/2 PUBLISH until every shard it touched has committed its
 * share (the queued copies for its persistent sessions, and the publisher's own shard with its local
 * copies, retained message and QoS 2 id). Lives on the publisher's shard: the other shards report back
 * by posting {@link #arrive()} or {@link #fail()} there, so no locking is needed.
 */
final class AckBarrier {
    private int remaining;
    private boolean failed;
    private Runnable onComplete;
    private Runnable onFailure;

    AckBarrier(int shards) {
        this.remaining = shards;
    }

    /**
     * Sets what to run when every shard has reported: {@code ack} if all made their share durable,
     * else {@code refuse}. Runs it at once if they already have.
     */
    void onComplete(Runnable ack, Runnable refuse) {
        onComplete = ack;
        onFailure = refuse;
        if (remaining == 0) {
            complete();
        }
    }

    /** One shard has made its share durable. */
    void arrive() {
        if (--remaining == 0 && onComplete != null) {
            complete();
        }
    }

    /** One shard's commit failed: the message must not be acknowledged. */
    void fail() {
        failed = true;
        arrive();
    }

    private void complete() {
        Runnable r = failed ? onFailure : onComplete;
        onComplete = null;
        onFailure = null;
        r.run();
    }
}
