package dev.tern.time;

/**
 * The single thread that owns an engine shard, seen from the engine: it runs tasks in order, tells
 * the time and schedules timers. In production it is a Netty event loop (adapted in broker-netty);
 * in tests a {@link VirtualExecutor} whose clock only moves when the test says so. The engine reads
 * time nowhere else (CONVENTIONS.md: injected time).
 */
public interface ShardExecutor {

    /** Whether the calling thread is this executor's thread. */
    boolean inThread();

    /** Runs the task on this executor's thread, after the tasks already queued. */
    void execute(Runnable task);

    /** Monotonic time in nanoseconds, for deadlines. */
    long nanoTime();

    /** Wall-clock time in milliseconds since the epoch, for what must survive a restart. */
    long currentTimeMillis();

    /** Runs the task on this executor's thread once delayNanos have passed. */
    Cancellable schedule(Runnable task, long delayNanos);
}
