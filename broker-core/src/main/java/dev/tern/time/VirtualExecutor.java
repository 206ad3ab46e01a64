package dev.tern.time;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.PriorityQueue;

/**
 * A deterministic {@link ShardExecutor} for tests and simulations: tasks run only from
 * {@link #runPending()} or {@link #advance(Duration)}, on the calling thread, and time moves only
 * when advanced. Several shards may share one instance; then everything runs on one thread in a
 * reproducible order.
 */
public final class VirtualExecutor implements ShardExecutor {

    private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private long now;
    private long wallClockOffsetMillis = 1_700_000_000_000L;
    private long sequence;

    @Override
    public boolean inThread() {
        return true;
    }

    @Override
    public void execute(Runnable task) {
        ready.add(task);
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public long currentTimeMillis() {
        return wallClockOffsetMillis + now / 1_000_000L;
    }

    @Override
    public Cancellable schedule(Runnable task, long delayNanos) {
        Timer t = new Timer(now + Math.max(0, delayNanos), sequence++, task);
        timers.add(t);
        return () -> t.cancelled = true;
    }

    /** Runs every ready task (and the tasks they queue) without moving time. */
    public void runPending() {
        Runnable r;
        while ((r = ready.poll()) != null) {
            r.run();
        }
    }

    /** Moves time forward, running due timers in deadline order and ready tasks between them. */
    public void advance(Duration d) {
        long target = now + d.toNanos();
        runPending();
        while (true) {
            Timer t = timers.peek();
            if (t == null || t.deadline > target) {
                break;
            }
            timers.poll();
            now = Math.max(now, t.deadline);
            if (!t.cancelled) {
                t.task.run();
            }
            runPending();
        }
        now = target;
        runPending();
    }

    /** Moves time forward in steps, as a real timer wheel would see it (useful when asserting "not yet"). */
    public void advanceMillis(long millis) {
        advance(Duration.ofMillis(millis));
    }

    /** Number of timers not yet run or cancelled. */
    public int pendingTimers() {
        return (int) timers.stream().filter(t -> !t.cancelled).count();
    }

    private static final class Timer implements Comparable<Timer> {
        final long deadline;
        final long seq;
        final Runnable task;
        boolean cancelled;

        Timer(long deadline, long seq, Runnable task) {
            this.deadline = deadline;
            this.seq = seq;
            this.task = task;
        }

        @Override
        public int compareTo(Timer o) {
            int c = Long.compare(deadline, o.deadline);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}
