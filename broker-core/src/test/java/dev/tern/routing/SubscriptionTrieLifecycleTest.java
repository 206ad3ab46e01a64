package dev.tern.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Subscribe, replace, unsubscribe and pruning (MQTT 5.0 sections 3.8.4, 3.10.4). */
class SubscriptionTrieLifecycleTest {

    private final SubscriptionTrie<String, Integer> trie = new SubscriptionTrie<>();

    private List<Integer> data(String topic) {
        List<Integer> seen = new ArrayList<>();
        trie.match(topic, (s, d, f) -> seen.add(d));
        return seen;
    }

    @Test
    void same_filter_replaces_the_subscription_MQTT_3_8_4_3() {
        assertThat(trie.subscribe("a/+", "c", 1)).isNull();
        assertThat(trie.subscribe("a/+", "c", 2)).isEqualTo(1);
        assertThat(data("a/b")).containsExactly(2);
        assertThat(trie.subscriptionCount()).isEqualTo(1);
    }

    @Test
    void subscribers_are_independent() {
        trie.subscribe("a/b", "c1", 1);
        trie.subscribe("a/b", "c2", 2);
        assertThat(trie.subscriptionCount()).isEqualTo(2);
        assertThat(trie.unsubscribe("a/b", "c1")).isEqualTo(1);
        assertThat(data("a/b")).containsExactly(2);
    }

    @Test
    void unsubscribe_of_unknown_returns_null() {
        trie.subscribe("a/b", "c", 1);
        assertThat(trie.unsubscribe("a/b", "other")).isNull();
        assertThat(trie.unsubscribe("a/c", "c")).isNull();
        assertThat(trie.unsubscribe("a/b/c", "c")).isNull();
        assertThat(trie.unsubscribe("a", "c")).isNull();
        assertThat(trie.unsubscribe("$share/g/a/b", "c")).isNull();
        assertThat(trie.unsubscribe("bad+", "c")).isNull();
        assertThat(trie.subscriptionCount()).isEqualTo(1);
    }

    @Test
    void unsubscribe_prunes_empty_branches() {
        trie.subscribe("a/b/c", "c", 1);
        trie.subscribe("a/+/#", "c", 2);
        trie.subscribe("a/b", "c", 3);
        trie.subscribe("$share/g/a/b/c", "c", 4);
        trie.subscribe("//", "c", 5);
        assertThat(trie.nodeCount()).isEqualTo(3 + 2 + 3);

        trie.unsubscribe("a/b/c", "c");
        assertThat(trie.nodeCount()).as("the shared group still holds a/b/c").isEqualTo(8);
        trie.unsubscribe("$share/g/a/b/c", "c");
        assertThat(trie.nodeCount()).isEqualTo(7);
        trie.unsubscribe("a/+/#", "c");
        trie.unsubscribe("a/b", "c");
        trie.unsubscribe("//", "c");

        assertThat(trie.nodeCount()).isZero();
        assertThat(trie.subscriptionCount()).isZero();
        assertThat(data("a/b/c")).isEmpty();
    }

    @Test
    void node_with_children_is_kept_when_its_subscription_goes() {
        trie.subscribe("a", "c", 1);
        trie.subscribe("a/b", "c", 2);
        trie.unsubscribe("a", "c");
        assertThat(trie.nodeCount()).isEqualTo(2);
        assertThat(data("a/b")).containsExactly(2);
    }

    @Test
    void remove_all_drops_every_filter_of_a_session() {
        trie.subscribe("a/#", "c", 1);
        trie.subscribe("b/+", "c", 2);
        trie.subscribe("$share/g/x", "c", 3);
        trie.subscribe("a/#", "keep", 4);
        trie.removeAll("c", List.of("a/#", "b/+", "$share/g/x"));
        assertThat(trie.subscriptionCount()).isEqualTo(1);
        assertThat(data("a/z")).containsExactly(4);
        assertThat(trie.nodeCount()).isEqualTo(2);
    }

    @Test
    void many_siblings_grow_and_shrink_the_level_table() {
        for (int i = 0; i < 1000; i++) {
            trie.subscribe("devices/" + i + "/cmd", "c" + i, i);
        }
        for (int i = 0; i < 1000; i++) {
            assertThat(data("devices/" + i + "/cmd")).containsExactly(i);
        }
        for (int i = 0; i < 1000; i += 2) {
            trie.unsubscribe("devices/" + i + "/cmd", "c" + i);
        }
        for (int i = 0; i < 1000; i++) {
            assertThat(data("devices/" + i + "/cmd")).hasSize(i % 2);
        }
        for (int i = 1; i < 1000; i += 2) {
            trie.unsubscribe("devices/" + i + "/cmd", "c" + i);
        }
        assertThat(trie.nodeCount()).isZero();
    }

    @Test
    void invalid_filter_is_rejected() {
        assertThatThrownBy(() -> trie.subscribe("a/#/b", "c", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> trie.subscribe("", "c", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> trie.subscribe("$share/g", "c", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(trie.nodeCount()).isZero();
    }
}
