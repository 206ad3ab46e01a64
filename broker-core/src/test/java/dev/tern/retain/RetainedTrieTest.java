package dev.tern.retain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.routing.ReferenceMatcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Retained messages (MQTT 5.0 section 3.3.1.3) matched by filters (section 4.7). */
class RetainedTrieTest {

    private final RetainedTrie<String> trie = new RetainedTrie<>();

    private List<String> match(String filter) {
        List<String> out = new ArrayList<>();
        trie.match(filter, out::add);
        return out;
    }

    private void retain(String... topics) {
        for (String t : topics) {
            trie.put(t, t);
        }
    }

    @Test
    void put_get_replace_remove() {
        assertThat(trie.put("a/b", "1")).isNull();
        assertThat(trie.put("a/b", "2")).isEqualTo("1");
        assertThat(trie.get("a/b")).isEqualTo("2");
        assertThat(trie.get("a")).isNull();
        assertThat(trie.get("a/b/c")).isNull();
        assertThat(trie.size()).isEqualTo(1);
        assertThat(trie.remove("a/b")).isEqualTo("2");
        assertThat(trie.remove("a/b")).isNull();
        assertThat(trie.remove("x/y")).isNull();
        assertThat(trie.size()).isZero();
    }

    @Test
    void hash_matches_parent_level_MQTT_4_7_1_2() {
        retain("sport", "sport/tennis", "sport/tennis/player1", "sports", "other");
        assertThat(match("sport/#")).containsExactlyInAnyOrder("sport", "sport/tennis", "sport/tennis/player1");
        assertThat(match("sport/tennis/player1/#")).containsExactly("sport/tennis/player1");
    }

    @Test
    void plus_matches_one_level_MQTT_4_7_1_3() {
        retain("sport", "sport/", "sport/tennis", "sport/tennis/player1", "/finance");
        assertThat(match("sport/+")).containsExactlyInAnyOrder("sport/", "sport/tennis");
        assertThat(match("+")).containsExactly("sport");
        assertThat(match("+/+")).containsExactlyInAnyOrder("sport/", "sport/tennis", "/finance");
        assertThat(match("/+")).containsExactly("/finance");
    }

    @Test
    void dollar_topics_not_matched_by_leading_wildcard_MQTT_4_7_2_1() {
        retain("$SYS/monitor/Clients", "$SYS", "a/$b");
        assertThat(match("#")).containsExactly("a/$b");
        assertThat(match("+/monitor/Clients")).isEmpty();
        assertThat(match("+")).isEmpty();
        assertThat(match("$SYS/#")).containsExactlyInAnyOrder("$SYS", "$SYS/monitor/Clients");
        assertThat(match("$SYS/monitor/+")).containsExactly("$SYS/monitor/Clients");
        assertThat(match("a/+")).containsExactly("a/$b");
    }

    @Test
    void exact_filter_and_case_sensitivity_MQTT_4_7_3() {
        retain("Accounts", "accounts", "a//b");
        assertThat(match("Accounts")).containsExactly("Accounts");
        assertThat(match("a//b")).containsExactly("a//b");
        assertThat(match("a/+/b")).containsExactly("a//b");
    }

    @Test
    void remove_prunes_empty_branches() {
        retain("a/b/c", "a/b", "x", "/");
        trie.remove("a/b/c");
        assertThat(trie.nodeCount()).isEqualTo(2 + 1 + 2);
        trie.remove("a/b");
        trie.remove("x");
        trie.remove("/");
        assertThat(trie.nodeCount()).isZero();
        assertThat(match("#")).isEmpty();
    }

    @Test
    void for_each_gives_topic_and_message() {
        trie.put("a/b", "m1");
        trie.put("c", "m2");
        Map<String, String> all = new HashMap<>();
        trie.forEach(all::put);
        assertThat(all).containsExactlyInAnyOrderEntriesOf(Map.of("a/b", "m1", "c", "m2"));
    }

    @Test
    void trie_agrees_with_brute_force_matcher() {
        Random rnd = new Random(42);
        String[] levels = {"a", "b", "", "c"};
        Map<String, String> model = new HashMap<>();
        for (int i = 0; i < 3000; i++) {
            StringBuilder sb = new StringBuilder(rnd.nextInt(6) == 0 ? "$SYS" : levels[rnd.nextInt(4)]);
            for (int n = rnd.nextInt(4); n > 0; n--) {
                sb.append('/').append(levels[rnd.nextInt(4)]);
            }
            String topic = sb.isEmpty() ? "x" : sb.toString();
            if (rnd.nextInt(3) == 0) {
                assertThat(trie.remove(topic)).isEqualTo(model.remove(topic));
            } else {
                assertThat(trie.put(topic, topic + i)).isEqualTo(model.put(topic, topic + i));
            }
        }
        assertThat(trie.size()).isEqualTo(model.size());
        String[] filterLevels = {"a", "b", "", "+", "$SYS"};
        for (int i = 0; i < 2000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = 1 + rnd.nextInt(4);
            for (int l = 0; l < n; l++) {
                if (l > 0) {
                    sb.append('/');
                }
                sb.append(l == n - 1 && rnd.nextInt(5) == 0 ? "#" : filterLevels[rnd.nextInt(5)]);
            }
            String filter = sb.isEmpty() ? "x" : sb.toString();
            List<String> expected = model.entrySet().stream()
                    .filter(e -> ReferenceMatcher.matches(filter, e.getKey()))
                    .map(Map.Entry::getValue).toList();
            assertThat(match(filter)).as("filter %s", filter).containsExactlyInAnyOrderElementsOf(expected);
        }
        new ArrayList<>(model.keySet()).forEach(trie::remove);
        assertThat(trie.nodeCount()).isZero();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void readers_while_one_thread_writes() throws InterruptedException {
        trie.put("s/stable", "stable");
        AtomicBoolean done = new AtomicBoolean();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        Thread writer = new Thread(() -> {
            try {
                Random rnd = new Random(3);
                for (int i = 0; i < 50_000; i++) {
                    String topic = "s/" + rnd.nextInt(40) + (rnd.nextBoolean() ? "/x" : "");
                    if (rnd.nextBoolean()) {
                        trie.put(topic, topic);
                    } else {
                        trie.remove(topic);
                    }
                }
            } catch (Throwable t) {
                failures.add(t);
            } finally {
                done.set(true);
            }
        });
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            Thread reader = new Thread(() -> {
                try {
                    while (!done.get()) {
                        int[] stable = new int[1];
                        trie.match("s/#", m -> {
                            if (m.equals("stable")) {
                                stable[0]++;
                            }
                        });
                        trie.match("+/+/x", m -> { });
                        if (stable[0] != 1 || !"stable".equals(trie.get("s/stable"))) {
                            throw new AssertionError("stable retained message seen " + stable[0] + " times");
                        }
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            });
            readers.add(reader);
            reader.start();
        }
        writer.start();
        writer.join(TimeUnit.SECONDS.toMillis(50));
        for (Thread reader : readers) {
            reader.join(TimeUnit.SECONDS.toMillis(5));
        }
        assertThat(done.get()).isTrue();
        assertThat(failures).isEmpty();
    }
}
