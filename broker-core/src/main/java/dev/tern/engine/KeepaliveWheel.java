package dev.tern.engine;

import dev.tern.time.ShardExecutor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The keepalive deadlines of one shard, grouped by tick (5 ms): one timer per tick that has any
 * deadline, however many connections share it. Ten thousand clients that go silent together cost
 * a handful of timer tasks, each closing its whole batch, instead of ten thousand tasks
 * (CONVENTIONS.md: batch mass events). A deadline is rounded up to its tick, so detection is late by
 * less than one tick and never early.
 *
 * <p>Lazy, like a single per-connection timer: a connection is filed once per deadline; when its
 * tick comes it checks its own last activity and either closes or files itself again for the
 * remainder. A closed connection is simply skipped. Single-threaded (the shard's thread).
 */
final class KeepaliveWheel {
    /**
     * 5 ms: with 10 ms, 10,000 simultaneous expiries were detected p50 6-8 ms late (max 34-58 ms over
     * 17 runs); with 5 ms, p50 4-5 ms (max 27-60 ms over 12 runs, 10 of them within 50 ms). Those runs
     * had the fixed 32 MB young generation of the time; with the launcher's current JVM options the
     * maximum is 14-39 ms (docs/benchmarks.md, "Sixth session"). A tick costs a timer task only when some
     * deadline falls in it.
     */
    static final long DEFAULT_TICK_NANOS = 5_000_000L;

    private final ShardExecutor executor;
    private final long tickNanos;
    private final Map<Long, List<Connection>> buckets = new HashMap<>();

    KeepaliveWheel(ShardExecutor executor, long tickNanos) {
        if (tickNanos <= 0) {
            throw new IllegalArgumentException("tick must be positive: " + tickNanos);
        }
        this.executor = executor;
        this.tickNanos = tickNanos;
    }

    /** Files the connection to be checked at (the tick containing) deadlineNanos, on the executor's clock. */
    void schedule(Connection c, long deadlineNanos) {
        long tick = -Math.floorDiv(-deadlineNanos, tickNanos); // ceiling: never check early
        List<Connection> bucket = buckets.get(tick);
        if (bucket == null) {
            bucket = new ArrayList<>();
            buckets.put(tick, bucket);
            long delay = Math.max(0, tick * tickNanos - executor.nanoTime());
            executor.schedule(() -> fire(tick), delay);
        }
        bucket.add(c);
        c.filedAtTick = tick;
    }

    /** Takes the connection out of the wheel (it is leaving this shard). */
    void remove(Connection c) {
        List<Connection> bucket = buckets.get(c.filedAtTick);
        if (bucket != null) {
            bucket.remove(c);
        }
    }

    private void fire(long tick) {
        List<Connection> due = buckets.remove(tick);
        if (due == null) {
            return;
        }
        for (int i = 0; i < due.size(); i++) {
            due.get(i).keepaliveTick();
        }
    }

    /** Connections filed and not yet checked (for tests and metrics). */
    int pending() {
        int n = 0;
        for (List<Connection> b : buckets.values()) {
            n += b.size();
        }
        return n;
    }
}
