package dev.tern.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The trie against {@link ReferenceMatcher} on random filters and topics (MQTT 5.0 section 4.7). */
class SubscriptionTrieRandomizedTest {

    private static final String[] LEVELS = {"a", "b", "c", "", "ab"};

    static String randomTopic(Random rnd) {
        StringBuilder sb = new StringBuilder();
        int n = 1 + rnd.nextInt(5);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append('/');
            }
            sb.append(i == 0 && rnd.nextInt(8) == 0 ? "$SYS" : LEVELS[rnd.nextInt(LEVELS.length)]);
        }
        return sb.isEmpty() ? "x" : sb.toString(); // a topic name is never empty [MQTT-4.7.3-1]
    }

    static String randomFilter(Random rnd) {
        StringBuilder sb = new StringBuilder();
        int n = 1 + rnd.nextInt(5);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append('/');
            }
            int r = rnd.nextInt(10);
            if (i == n - 1 && r == 0) {
                sb.append('#');
            } else if (r < 3) {
                sb.append('+');
            } else if (i == 0 && r == 3) {
                sb.append("$SYS");
            } else {
                sb.append(LEVELS[rnd.nextInt(LEVELS.length)]);
            }
        }
        return sb.isEmpty() ? "x" : sb.toString(); // nor is a filter
    }

    @Test
    void trie_agrees_with_brute_force_matcher() {
        Random rnd = new Random(20240601L);
        SubscriptionTrie<Integer, String> trie = new SubscriptionTrie<>();
        Map<String, Map<Integer, String>> model = new HashMap<>(); // filter -> subscriber -> data

        for (int round = 0; round < 4; round++) {
            for (int i = 0; i < 3000; i++) {
                String filter = randomFilter(rnd);
                int subscriber = rnd.nextInt(20);
                if (rnd.nextInt(4) == 0) {
                    String expected = model.getOrDefault(filter, Map.of()).get(subscriber);
                    assertThat(trie.unsubscribe(filter, subscriber)).isEqualTo(expected);
                    Map<Integer, String> subs = model.get(filter);
                    if (subs != null) {
                        subs.remove(subscriber);
                    }
                } else {
                    String data = filter + "#" + i;
                    String expected = model.getOrDefault(filter, Map.of()).get(subscriber);
                    assertThat(trie.subscribe(filter, subscriber, data)).isEqualTo(expected);
                    model.computeIfAbsent(filter, k -> new HashMap<>()).put(subscriber, data);
                }
            }
            assertThat(trie.subscriptionCount()).isEqualTo(model.values().stream().mapToInt(Map::size).sum());

            for (int i = 0; i < 500; i++) {
                String topic = randomTopic(rnd);
                List<String> expected = new ArrayList<>();
                model.forEach((filter, subs) -> {
                    if (ReferenceMatcher.matches(filter, topic)) {
                        subs.forEach((s, d) -> expected.add(s + "|" + d));
                    }
                });
                List<String> actual = new ArrayList<>();
                trie.match(topic, (s, d, f) -> actual.add(s + "|" + d));
                assertThat(actual).as("topic %s", topic).containsExactlyInAnyOrderElementsOf(expected);
            }
        }

        model.forEach((filter, subs) -> subs.keySet().forEach(s -> trie.unsubscribe(filter, s)));
        assertThat(trie.subscriptionCount()).isZero();
        assertThat(trie.nodeCount()).isZero();
    }

    @Test
    void reference_matcher_agrees_with_the_specification_examples() {
        assertThat(ReferenceMatcher.matches("sport/#", "sport")).isTrue();
        assertThat(ReferenceMatcher.matches("+", "/finance")).isFalse();
        assertThat(ReferenceMatcher.matches("/+", "/finance")).isTrue();
        assertThat(ReferenceMatcher.matches("#", "$SYS/x")).isFalse();
    }
}
