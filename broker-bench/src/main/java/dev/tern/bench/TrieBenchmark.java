package dev.tern.bench;

import dev.tern.routing.MatchVisitor;
import dev.tern.routing.SubscriptionTrie;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
 * {@link SubscriptionTrie} with {@code subscriptions} entries over the {@link DeviceTopics} space:
 * a third exact filters {@code site/{s}/dev/{d}/telemetry} (one per device, for the first third of
 * the devices in a random order), a third {@code site/{s}/dev/+/telemetry} and a third
 * {@code site/{s}/#}, spread evenly over the sites (10 subscribers per wildcard filter). A random
 * device topic so matches about 20 wildcard subscriptions and, one time in three, an exact one.
 * Every subscription has its own subscriber.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class TrieBenchmark {

    @Param({"100000", "1000000"})
    public int subscriptions;

    private final SubscriptionTrie<Object, Object> trie = new SubscriptionTrie<>();
    private String[] topics;
    private String[] freshFilters;
    private final Object benchSubscriber = new Object();
    private final Object data = new Object();
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        int sites = DeviceTopics.sites(subscriptions);
        int devices = sites * DeviceTopics.DEVICES_PER_SITE;
        int third = subscriptions / 3;
        int[] order = shuffled(devices, 1);
        for (int i = 0; i < third; i++) {
            int dev = order[i];
            trie.subscribe(DeviceTopics.topic(dev / DeviceTopics.DEVICES_PER_SITE, dev % DeviceTopics.DEVICES_PER_SITE),
                    Integer.valueOf(i), data);
        }
        for (int i = 0; i < third; i++) {
            trie.subscribe(DeviceTopics.plusFilter(i % sites), Integer.valueOf(third + i), data);
        }
        for (int i = 0; i < subscriptions - 2 * third; i++) {
            trie.subscribe(DeviceTopics.hashFilter(i % sites), Integer.valueOf(2 * third + i), data);
        }
        if (trie.subscriptionCount() != subscriptions) {
            throw new IllegalStateException("built " + trie.subscriptionCount() + " subscriptions");
        }
        topics = DeviceTopics.randomTopics(subscriptions, 2);
        // Exact filters a new subscriber takes and drops: a mix of devices with and without a node.
        freshFilters = DeviceTopics.randomTopics(subscriptions, 3);
    }

    private static int[] shuffled(int n, long seed) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    /** Counts matches; a thread-confined visitor, as a shard would hold one. */
    @State(Scope.Thread)
    public static class Counter implements MatchVisitor<Object, Object> {
        int matches;

        @Override
        public void onMatch(Object subscriber, Object data, String filter) {
            matches++;
        }
    }

    /** One publish's routing lookup: every subscription matching a random device topic. */
    @Benchmark
    public int match(Counter counter) {
        String topic = topics[next++ & (DeviceTopics.PROBES - 1)];
        counter.matches = 0;
        trie.match(topic, counter);
        return counter.matches;
    }

    /** A client subscribing to one exact filter and unsubscribing again (one op = both). */
    @Benchmark
    public Object subscribeUnsubscribe() {
        String filter = freshFilters[next++ & (DeviceTopics.PROBES - 1)];
        trie.subscribe(filter, benchSubscriber, data);
        return trie.unsubscribe(filter, benchSubscriber);
    }
}
