package dev.tern.engine;

/**
 * Holds back the acknowledgement of a QoS 1/2 PUBLISH until every other shard it was handed to has
 * committed its share (the queued copies for its persistent sessions). Lives on the publisher's
 * shard: the other shards report back by posting {@link #arrive()} there, so no locking is needed.
 */
final class AckBarrier {
    private int remaining;
    private Runnable onComplete;

    AckBarrier(int shards) {
        this.remaining = shards;
    }

    /** Sets what to run when every shard has reported; runs it at once if they already have. */
    void onComplete(Runnable action) {
        if (remaining == 0) {
            action.run();
        } else {
            onComplete = action;
        }
    }

    /** One shard has made its deliveries durable. */
    void arrive() {
        if (--remaining == 0 && onComplete != null) {
            Runnable r = onComplete;
            onComplete = null;
            r.run();
        }
    }
}
