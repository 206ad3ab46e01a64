package dev.tern.bench;

import dev.tern.retain.RetainedTrie;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link RetainedTrie} holding one retained message on every topic of the {@link DeviceTopics}
 * space ({@code retained} topics, 30 devices per site): a lookup by topic, and what a new
 * subscription walks: an exact filter (1 message), {@code site/{s}/dev/+/telemetry} (30) and
 * {@code site/{s}/#} (30).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class RetainedBenchmark {

    @Param({"100000", "1000000"})
    public int retained;

    private final RetainedTrie<Object> trie = new RetainedTrie<>();
    private String[] topics;
    private String[] plusFilters;
    private String[] hashFilters;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        int sites = DeviceTopics.sites(retained);
        Object message = new Object();
        for (int s = 0; s < sites; s++) {
            for (int d = 0; d < DeviceTopics.DEVICES_PER_SITE; d++) {
                trie.put(DeviceTopics.topic(s, d), message);
            }
        }
        topics = DeviceTopics.randomTopics(retained, 4);
        SplittableRandom random = new SplittableRandom(5);
        plusFilters = new String[DeviceTopics.PROBES];
        hashFilters = new String[DeviceTopics.PROBES];
        for (int i = 0; i < DeviceTopics.PROBES; i++) {
            int site = random.nextInt(sites);
            plusFilters[i] = DeviceTopics.plusFilter(site);
            hashFilters[i] = DeviceTopics.hashFilter(site);
        }
    }

    /** Counts what a match hands over; thread-confined like a shard's sink. */
    @State(Scope.Thread)
    public static class Sink implements Consumer<Object> {
        int count;

        @Override
        public void accept(Object message) {
            count++;
        }
    }

    private int probe() {
        return next++ & (DeviceTopics.PROBES - 1);
    }

    @Benchmark
    public Object get() {
        return trie.get(topics[probe()]);
    }

    @Benchmark
    public int matchExact(Sink sink) {
        sink.count = 0;
        trie.match(topics[probe()], sink);
        return sink.count;
    }

    @Benchmark
    public int matchPlus(Sink sink) {
        sink.count = 0;
        trie.match(plusFilters[probe()], sink);
        return sink.count;
    }

    @Benchmark
    public int matchHash(Sink sink) {
        sink.count = 0;
        trie.match(hashFilters[probe()], sink);
        return sink.count;
    }
}
