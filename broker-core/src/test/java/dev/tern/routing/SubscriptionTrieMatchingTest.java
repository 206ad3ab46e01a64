package dev.tern.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Topic matching, MQTT 5.0 section 4.7, with the examples of the specification. */
class SubscriptionTrieMatchingTest {

    private final SubscriptionTrie<String, Integer> trie = new SubscriptionTrie<>();

    /** Filters of all subscriptions matching {@code topic}, in visit order. */
    private List<String> matched(String topic) {
        List<String> filters = new ArrayList<>();
        trie.match(topic, (s, d, f) -> filters.add(f));
        return filters;
    }

    private boolean matches(String filter, String topic) {
        SubscriptionTrie<String, Integer> t = new SubscriptionTrie<>();
        t.subscribe(filter, "c", 1);
        List<String> seen = new ArrayList<>();
        t.match(topic, (s, d, f) -> seen.add(f));
        return !seen.isEmpty();
    }

    @Test
    void hash_matches_all_levels_below_MQTT_4_7_1_2() {
        // Example of section 4.7.1.2.
        assertThat(matches("sport/tennis/player1/#", "sport/tennis/player1")).isTrue();
        assertThat(matches("sport/tennis/player1/#", "sport/tennis/player1/ranking")).isTrue();
        assertThat(matches("sport/tennis/player1/#", "sport/tennis/player1/score/wimbledon")).isTrue();
        assertThat(matches("sport/tennis/player1/#", "sport/tennis/player2")).isFalse();
    }

    @Test
    void hash_matches_parent_level_MQTT_4_7_1_2() {
        assertThat(matches("sport/#", "sport")).isTrue();
        assertThat(matches("sport/#", "sport/")).isTrue();
        assertThat(matches("sport/#", "sports")).isFalse();
    }

    @Test
    void lone_hash_matches_every_topic_MQTT_4_7_1_2() {
        assertThat(matches("#", "sport")).isTrue();
        assertThat(matches("#", "/")).isTrue();
        assertThat(matches("#", "a/b/c/d/e")).isTrue();
    }

    @Test
    void plus_matches_exactly_one_level_MQTT_4_7_1_3() {
        // Examples of section 4.7.1.3.
        assertThat(matches("sport/tennis/+", "sport/tennis/player1")).isTrue();
        assertThat(matches("sport/tennis/+", "sport/tennis/player2")).isTrue();
        assertThat(matches("sport/tennis/+", "sport/tennis/player1/ranking")).isFalse();
        assertThat(matches("sport/+", "sport")).isFalse();
        assertThat(matches("sport/+", "sport/")).isTrue();
    }

    @Test
    void plus_combinations_with_empty_levels_MQTT_4_7_1_3() {
        // "+/+" and "/+" match "/finance"; "+" does not.
        assertThat(matches("+/+", "/finance")).isTrue();
        assertThat(matches("/+", "/finance")).isTrue();
        assertThat(matches("+", "/finance")).isFalse();
        assertThat(matches("+/+", "/")).isTrue();
        assertThat(matches("+", "")).isTrue();
        assertThat(matches("+/tennis/#", "sport/tennis/player1")).isTrue();
        assertThat(matches("sport/+/player1", "sport/tennis/player1")).isTrue();
    }

    @Test
    void empty_levels_are_levels_MQTT_4_7_3() {
        assertThat(matches("a//b", "a//b")).isTrue();
        assertThat(matches("a//b", "a/b")).isFalse();
        assertThat(matches("a/+/b", "a//b")).isTrue();
        assertThat(matches("/", "/")).isTrue();
        assertThat(matches("a/", "a")).isFalse();
    }

    @Test
    void topics_are_case_sensitive_MQTT_4_7_3() {
        assertThat(matches("ACCOUNTS", "Accounts")).isFalse();
        assertThat(matches("Accounts payable", "Accounts payable")).isTrue();
    }

    @Test
    void dollar_topics_not_matched_by_leading_wildcard_MQTT_4_7_2_1() {
        // Examples of section 4.7.2.
        assertThat(matches("#", "$SYS/monitor/Clients")).isFalse();
        assertThat(matches("+/monitor/Clients", "$SYS/monitor/Clients")).isFalse();
        assertThat(matches("$SYS/#", "$SYS/monitor/Clients")).isTrue();
        assertThat(matches("$SYS/monitor/+", "$SYS/monitor/Clients")).isTrue();
        assertThat(matches("$SYS/#", "$SYS")).isTrue();
        assertThat(matches("+", "$SYS")).isFalse();
    }

    @Test
    void dollar_later_in_the_topic_is_an_ordinary_character_MQTT_4_7_2_1() {
        assertThat(matches("#", "a/$b")).isTrue();
        assertThat(matches("a/+", "a/$b")).isTrue();
    }

    @Test
    void every_matching_filter_is_visited() {
        trie.subscribe("sport/tennis/player1", "c", 1);
        trie.subscribe("sport/tennis/+", "c", 2);
        trie.subscribe("sport/#", "c", 3);
        trie.subscribe("#", "d", 4);
        trie.subscribe("sport/+/player2", "d", 5);

        assertThat(matched("sport/tennis/player1"))
                .containsExactlyInAnyOrder("sport/tennis/player1", "sport/tennis/+", "sport/#", "#");
    }

    @Test
    void visitor_receives_subscriber_and_data() {
        trie.subscribe("a/b", "c1", 7);
        trie.subscribe("a/+", "c2", 8);
        List<String> seen = new ArrayList<>();
        trie.match("a/b", (s, d, f) -> seen.add(s + ":" + d + ":" + f));
        assertThat(seen).containsExactlyInAnyOrder("c1:7:a/b", "c2:8:a/+");
    }

    @Test
    void nothing_matches_an_empty_trie() {
        assertThat(matched("a/b")).isEmpty();
    }
}
