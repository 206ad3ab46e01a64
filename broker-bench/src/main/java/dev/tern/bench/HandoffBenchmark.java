package dev.tern.bench;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cross-shard hand-off: the benchmark thread (the sending shard) passes messages to another
 * Netty event loop (the owning shard), either a {@link DefaultEventLoop} (a blocking queue, parks
 * when idle) or a one-thread {@link NioEventLoopGroup} (an MPSC queue, woken through the selector).
 *
 * <p>{@code perMessage} posts one task per message; {@code batched} posts one task per
 * {@value #BATCH} messages, as a shard that collects the messages of one read batch per target
 * shard would. Both send {@value #BURST} messages and wait until the loop has consumed them all,
 * so the queue stays bounded and the figure is time per message. {@code roundTrip} posts one task
 * and spins until it has run: the latency of one hop to an idle-or-spinning loop and back.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HandoffBenchmark {
    static final int BURST = 1024;
    static final int BATCH = 32;

    @Param({"default", "nio"})
    public String loop;

    private EventLoopGroup group;
    private EventLoop target;
    /** Consumer side: messages seen; written only on the target loop. */
    private long consumed;
    /** Published by the target loop after each task, read by the sender. */
    private final AtomicLong done = new AtomicLong();
    private long sent;

    /** What crosses shards: a small immutable message, allocated per publish as in the broker. */
    record Message(long seq) {
    }

    @Setup(Level.Trial)
    public void setUp() {
        group = loop.equals("nio") ? new NioEventLoopGroup(1) : new DefaultEventLoop();
        target = group.next();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    private void consume(Message m) {
        consumed += m.seq() >= 0 ? 1 : 0;
    }

    private void await(long target) {
        while (done.get() < target) {
            Thread.onSpinWait();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @OperationsPerInvocation(BURST)
    public void perMessage() {
        for (int i = 0; i < BURST; i++) {
            Message m = new Message(sent++);
            target.execute(() -> {
                consume(m);
                done.lazySet(consumed);
            });
        }
        await(sent);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @OperationsPerInvocation(BURST)
    public void batched() {
        for (int b = 0; b < BURST; b += BATCH) {
            Message[] batch = new Message[BATCH]; // ownership passes to the target loop
            for (int i = 0; i < BATCH; i++) {
                batch[i] = new Message(sent++);
            }
            target.execute(() -> {
                for (Message m : batch) {
                    consume(m);
                }
                done.lazySet(consumed);
            });
        }
        await(sent);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public void roundTrip() {
        Message m = new Message(sent++);
        target.execute(() -> {
            consume(m);
            done.lazySet(consumed);
        });
        await(sent);
    }
}
