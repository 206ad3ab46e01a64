package dev.tern.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Lock-free readers against one mutating thread: no exception, no torn state, bounded time. */
class SubscriptionTrieConcurrencyTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void matching_while_one_thread_mutates() throws InterruptedException {
        SubscriptionTrie<String, Integer> trie = new SubscriptionTrie<>();
        // Stable subscriptions that every match must see, whatever the writer does around them.
        trie.subscribe("s/+/x", "stable", 1);
        trie.subscribe("$share/g/s/#", "member0", 2);

        AtomicBoolean done = new AtomicBoolean();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicLong matches = new AtomicLong();
        int readers = 3;
        CountDownLatch finished = new CountDownLatch(readers + 1);

        Thread writer = new Thread(() -> {
            try {
                Random rnd = new Random(7);
                for (int i = 0; i < 50_000; i++) {
                    String filter = rnd.nextInt(5) == 0
                            ? "$share/g/s/#"
                            : "s/" + (rnd.nextBoolean() ? "+" : "y") + "/" + rnd.nextInt(30) + (rnd.nextBoolean() ? "/#" : "");
                    String subscriber = "c" + rnd.nextInt(50);
                    if (rnd.nextBoolean()) {
                        trie.subscribe(filter, subscriber, i);
                    } else {
                        trie.unsubscribe(filter, subscriber);
                    }
                }
            } catch (Throwable t) {
                failures.add(t);
            } finally {
                done.set(true);
                finished.countDown();
            }
        });
        for (int r = 0; r < readers; r++) {
            new Thread(() -> {
                try {
                    int[] counts = new int[2];
                    while (!done.get()) {
                        for (String topic : List.of("s/y/x", "s/y/7/x")) {
                            counts[0] = 0;
                            counts[1] = 0;
                            trie.match(topic, (s, d, f) -> {
                                if (s.equals("stable")) {
                                    counts[0]++;
                                }
                                if (f.startsWith("$share/")) {
                                    counts[1]++;
                                }
                            });
                            if (topic.equals("s/y/x") && counts[0] != 1) {
                                throw new AssertionError("stable subscription seen " + counts[0] + " times");
                            }
                            if (counts[1] != 1) {
                                throw new AssertionError("shared group delivered " + counts[1] + " times");
                            }
                            matches.incrementAndGet();
                        }
                    }
                } catch (Throwable t) {
                    failures.add(t);
                } finally {
                    finished.countDown();
                }
            }).start();
        }
        writer.start();

        assertThat(finished.await(50, TimeUnit.SECONDS)).isTrue();
        assertThat(failures).isEmpty();
        assertThat(matches.get()).isPositive();
    }
}
