package dev.tern.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Shared subscriptions, MQTT 5.0 section 4.8.2. */
class SharedSubscriptionTest {

    private static List<String> subscribers(SubscriptionTrie<String, Integer> trie, String topic, String publisher) {
        List<String> seen = new ArrayList<>();
        trie.match(topic, publisher, (s, d, f) -> seen.add(s));
        return seen;
    }

    @Test
    void one_member_per_group_per_message_MQTT_4_8_2() {
        SubscriptionTrie<String, Integer> trie = new SubscriptionTrie<>();
        trie.subscribe("$share/g1/sport/+", "a", 1);
        trie.subscribe("$share/g1/sport/+", "b", 2);
        trie.subscribe("$share/g1/sport/+", "c", 3);
        trie.subscribe("$share/g2/sport/+", "d", 4);
        trie.subscribe("$share/g2/sport/+", "e", 5);
        trie.subscribe("sport/+", "plain", 6);

        for (int i = 0; i < 50; i++) {
            List<String> seen = subscribers(trie, "sport/tennis", null);
            assertThat(seen).hasSize(3).contains("plain");
            assertThat(seen).filteredOn(s -> "abc".contains(s)).hasSize(1);
            assertThat(seen).filteredOn(s -> "de".contains(s)).hasSize(1);
        }
    }

    @Test
    void same_group_name_on_different_filters_are_different_shared_subscriptions_MQTT_4_8_2() {
        SubscriptionTrie<String, Integer> trie = new SubscriptionTrie<>();
        trie.subscribe("$share/g/a/+", "x", 1);
        trie.subscribe("$share/g/a/#", "y", 2);
        assertThat(subscribers(trie, "a/b", null)).containsExactlyInAnyOrder("x", "y");
    }

    @Test
    void shared_and_plain_subscription_of_one_session_are_independent() {
        SubscriptionTrie<String, Integer> trie = new SubscriptionTrie<>();
        trie.subscribe("$share/g/a", "x", 1);
        trie.subscribe("a", "x", 2);
        List<String> filters = new ArrayList<>();
        trie.match("a", (s, d, f) -> filters.add(f));
        assertThat(filters).containsExactlyInAnyOrder("$share/g/a", "a");
        assertThat(trie.subscriptionCount()).isEqualTo(2);
    }

    @Test
    void round_robin_distributes_evenly() {
        SubscriptionTrie<String, Integer> trie = new SubscriptionTrie<>(SharedStrategy.ROUND_ROBIN);
        for (String m : List.of("a", "b", "c", "d")) {
            trie.subscribe("$share/g/t/#", m, 0);
        }
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 400; i++) {
            trie.match("t/x", (s, d, f) -> counts.merge(s, 1, Integer::sum));
        }
        assertThat(counts).containsOnlyKeys("a", "b", "c", "d").allSatisfy((k, v) -> assertThat(v).isEqualTo(100));
    }

    @Test
    void removed_member_gets_nothing_and_last_member_ends_the_group() {
        SubscriptionTrie<String, Integer> trie = new SubscriptionTrie<>();
        trie.subscribe("$share/g/t", "a", 1);
        trie.subscribe("$share/g/t", "b", 2);
        assertThat(trie.unsubscribe("$share/g/t", "a")).isEqualTo(1);
        for (int i = 0; i < 10; i++) {
            assertThat(subscribers(trie, "t", null)).containsExactly("b");
        }
        assertThat(trie.unsubscribe("$share/g/t", "b")).isEqualTo(2);
        assertThat(subscribers(trie, "t", null)).isEmpty();
        assertThat(trie.nodeCount()).isZero();
        assertThat(trie.subscriptionCount()).isZero();
    }

    @Test
    void resubscribing_a_member_replaces_its_data() {
        SubscriptionTrie<String, Integer> trie = new SubscriptionTrie<>();
        assertThat(trie.subscribe("$share/g/t", "a", 1)).isNull();
        assertThat(trie.subscribe("$share/g/t", "a", 9)).isEqualTo(1);
        List<Integer> data = new ArrayList<>();
        trie.match("t", (s, d, f) -> data.add(d));
        assertThat(data).containsExactly(9);
        assertThat(trie.subscriptionCount()).isEqualTo(1);
    }

    @Test
    void sticky_keeps_the_oldest_member_until_it_leaves() {
        SubscriptionTrie<String, Integer> trie = new SubscriptionTrie<>(SharedStrategy.STICKY);
        trie.subscribe("$share/g/t", "a", 1);
        trie.subscribe("$share/g/t", "b", 2);
        trie.subscribe("$share/g/t", "c", 3);
        for (int i = 0; i < 10; i++) {
            assertThat(subscribers(trie, "t", null)).containsExactly("a");
        }
        trie.unsubscribe("$share/g/t", "a");
        assertThat(subscribers(trie, "t", null)).containsExactly("b");
    }

    @Test
    void hash_clientid_sends_one_publisher_to_one_member() {
        SubscriptionTrie<String, Integer> trie = new SubscriptionTrie<>(SharedStrategy.HASH_CLIENTID);
        for (String m : List.of("a", "b", "c")) {
            trie.subscribe("$share/g/t", m, 0);
        }
        Map<String, String> chosen = new HashMap<>();
        for (int p = 0; p < 50; p++) {
            String publisher = "publisher-" + p;
            String first = subscribers(trie, "t", publisher).get(0);
            for (int i = 0; i < 5; i++) {
                assertThat(subscribers(trie, "t", publisher)).containsExactly(first);
            }
            chosen.put(publisher, first);
        }
        assertThat(chosen.values()).as("different publishers spread over members").contains("a", "b", "c");
        assertThat(subscribers(trie, "t", null)).hasSize(1); // 2-arg match delegates with null
    }

    @Test
    void random_picks_exactly_one_member() {
        SubscriptionTrie<String, Integer> trie = new SubscriptionTrie<>(SharedStrategy.RANDOM);
        trie.subscribe("$share/g/t", "a", 0);
        trie.subscribe("$share/g/t", "b", 0);
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 200; i++) {
            List<String> seen = subscribers(trie, "t", null);
            assertThat(seen).hasSize(1);
            counts.merge(seen.get(0), 1, Integer::sum);
        }
        assertThat(counts).containsOnlyKeys("a", "b");
    }

    @Test
    void shared_filter_follows_matching_rules_MQTT_4_7_2_1() {
        SubscriptionTrie<String, Integer> trie = new SubscriptionTrie<>();
        trie.subscribe("$share/g/#", "a", 0);
        assertThat(subscribers(trie, "$SYS/x", null)).isEmpty();
        assertThat(subscribers(trie, "sport", null)).containsExactly("a");
    }
}
