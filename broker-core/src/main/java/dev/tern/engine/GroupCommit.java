package dev.tern.engine;

import dev.tern.store.SessionStore;
import dev.tern.store.StoreException;
import dev.tern.time.ShardExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The end of one event-loop turn of a shard: first the turn's store writes are committed together
 * (one write-ahead-log append, DESIGN.md: Persistence), then the sockets written during the turn are
 * flushed, so nothing a client sees (a PUBACK, a PUBLISH with its packet id) can precede the durable
 * state it depends on. Without a durable store it is just flush consolidation: one flush per socket
 * per turn, however many packets the turn wrote.
 *
 * <p>The end of the turn is a task posted to the shard's own executor when the turn first writes;
 * on a Netty event loop it runs after the I/O of the current loop iteration.
 */
final class GroupCommit {
    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);
    private static final long FAILURE_LOG_PERIOD_NANOS = 10_000_000_000L;
    /** While failing, how often a turn with nothing new to write retries the batch left by a failed commit. */
    private static final long RETRY_PERIOD_NANOS = 1_000_000_000L;

    private final int shardIndex;
    private final ShardExecutor executor;
    private final SessionStore.Batch batch;
    private final List<Connection> dirty = new ArrayList<>();
    private List<Runnable> afterCommit = new ArrayList<>();
    private List<Runnable> ifFailed = new ArrayList<>();
    private final Runnable endOfTurn = this::endOfTurn;
    private boolean scheduled;
    /** Something was written to the batch during this turn (the turn's acks depend on its commit). */
    private boolean journaledThisTurn;
    private boolean failing;
    private long lastAttempt;
    private long lastFailureLog = Long.MIN_VALUE;
    /** Posts the turn's cross-shard batches once the turn's commit is known (see {@link Handoff}). */
    private java.util.function.Consumer<Boolean> afterTurn = durable -> { };
    private Runnable beforeCommit = () -> { };

    /** @param batch null when nothing is persisted */
    GroupCommit(int shardIndex, ShardExecutor executor, SessionStore.Batch batch) {
        this.shardIndex = shardIndex;
        this.executor = executor;
        this.batch = batch;
    }

    /** The store batch of this shard, or null when nothing is persisted. */
    SessionStore.Batch batch() {
        return batch;
    }

    /** Whether the last commit failed (persistent messages are refused until one succeeds). */
    boolean failing() {
        return failing;
    }

    /** A connection was written to during this turn: flush it at the end. */
    void written(Connection c) {
        dirty.add(c);
        schedule();
    }

    void onTurnEnd(java.util.function.Consumer<Boolean> hook) {
        this.afterTurn = hook;
    }

    /** Runs just before each commit: the last writes of the turn (the journal's coalesced ones). */
    void beforeCommit(Runnable hook) {
        this.beforeCommit = hook;
    }

    /** Cross-shard work is waiting for the end of this turn. */
    void handoffPending() {
        schedule();
    }

    /** The batch was written to during this turn: commit it at the end. */
    void journaled() {
        journaledThisTurn = true;
        schedule();
    }

    /**
     * Runs {@code action} once this turn's writes are durable (at once if nothing is pending), or
     * {@code failed} if their commit fails: one of the two always runs, so nobody waits forever.
     */
    void afterCommit(Runnable action, Runnable failed) {
        if (batch == null || (batch.isEmpty() && !scheduled)) {
            action.run();
            return;
        }
        afterCommit.add(action);
        ifFailed.add(failed);
        schedule();
    }

    private void schedule() {
        if (!scheduled) {
            scheduled = true;
            executor.execute(endOfTurn);
        }
    }

    private void endOfTurn() {
        scheduled = false;
        boolean fresh = journaledThisTurn;
        journaledThisTurn = false;
        // A failed commit leaves its writes in the batch (the engine's memory already has them), so they go
        // with the next commit. A turn that wrote nothing new (a refusal with 0x97, a CONNACK of a clean
        // session, a PINGRESP) does not depend on them: it is flushed, and only retries them now and then.
        boolean retryDue = !failing || executor.nanoTime() - lastAttempt >= RETRY_PERIOD_NANOS;
        boolean committed = fresh || retryDue ? commit() : false;
        boolean durable = committed || !fresh;
        // Other shards first: waking them costs a scheduler slot, so they start on their share while this
        // shard is still writing its own sockets (a cross-shard delivery then waits one wake-up, not the
        // wake-up plus this turn's flushes).
        afterTurn.accept(durable);
        for (int i = 0; i < dirty.size(); i++) {
            dirty.get(i).endOfTurn(durable);
        }
        dirty.clear();
        List<Runnable> actions = afterCommit;
        List<Runnable> failed = ifFailed;
        if (!actions.isEmpty()) {
            afterCommit = new ArrayList<>();
            ifFailed = new ArrayList<>();
            (durable ? actions : failed).forEach(Runnable::run);
        }
    }

    private boolean commit() {
        if (batch != null) {
            beforeCommit.run();
        }
        if (batch == null || batch.isEmpty()) {
            return true;
        }
        lastAttempt = executor.nanoTime();
        try {
            batch.commit();
            if (failing) {
                log.warn("shard {}: store writes succeed again", shardIndex);
                failing = false;
            }
            return true;
        } catch (StoreException e) {
            failing = true;
            long now = executor.nanoTime();
            if (lastFailureLog == Long.MIN_VALUE || now - lastFailureLog >= FAILURE_LOG_PERIOD_NANOS) {
                lastFailureLog = now;
                log.error("shard {}: store write failed: {}; the turn's acknowledgements are withheld and its "
                        + "connections closed (clients will re-send); new persistent messages are refused until "
                        + "a write succeeds", shardIndex, e.getMessage());
            }
            return false;
        }
    }
}
