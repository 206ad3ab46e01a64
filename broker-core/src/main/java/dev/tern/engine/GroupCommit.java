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

    private final int shardIndex;
    private final ShardExecutor executor;
    private final SessionStore.Batch batch;
    private final List<Connection> dirty = new ArrayList<>();
    private List<Runnable> afterCommit = new ArrayList<>();
    private final Runnable endOfTurn = this::endOfTurn;
    private boolean scheduled;
    private boolean failing;
    private long lastFailureLog = Long.MIN_VALUE;

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

    /** The batch was written to during this turn: commit it at the end. */
    void journaled() {
        schedule();
    }

    /** Runs the action once this turn's writes are durable (at once if nothing is pending). */
    void afterCommit(Runnable action) {
        if (batch == null || (batch.isEmpty() && !scheduled)) {
            action.run();
            return;
        }
        afterCommit.add(action);
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
        boolean durable = commit();
        for (int i = 0; i < dirty.size(); i++) {
            dirty.get(i).endOfTurn(durable);
        }
        dirty.clear();
        List<Runnable> actions = afterCommit;
        if (!actions.isEmpty()) {
            afterCommit = new ArrayList<>();
            if (durable) {
                actions.forEach(Runnable::run);
            }
        }
    }

    private boolean commit() {
        if (batch == null || batch.isEmpty()) {
            return true;
        }
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
