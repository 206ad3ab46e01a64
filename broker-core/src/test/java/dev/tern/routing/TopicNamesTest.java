package dev.tern.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** MQTT 5.0 section 4.7.1 (wildcards), 4.7.3 (topic semantics), 4.8.2 (shared subscriptions). */
class TopicNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"sport/tennis/+", "sport/+/player1", "+", "+/+", "/+", "+/tennis/#"})
    void plus_alone_in_its_level_is_valid_MQTT_4_7_1_3(String filter) {
        assertThat(TopicNames.isValidFilter(filter)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sport+", "sport/+tennis", "+a", "a/b+/c", "++"})
    void plus_sharing_a_level_is_invalid_MQTT_4_7_1_3(String filter) {
        assertThat(TopicNames.isValidFilter(filter)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"#", "sport/#", "sport/tennis/player1/#", "/#", "+/#"})
    void hash_last_and_alone_is_valid_MQTT_4_7_1_2(String filter) {
        assertThat(TopicNames.isValidFilter(filter)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sport/tennis#", "sport/tennis/#/ranking", "#/", "a#", "##", "#/a"})
    void hash_not_last_or_not_alone_is_invalid_MQTT_4_7_1_2(String filter) {
        assertThat(TopicNames.isValidFilter(filter)).isFalse();
    }

    @Test
    void empty_filter_and_topic_are_invalid_MQTT_4_7_3_1() {
        assertThat(TopicNames.isValidFilter("")).isFalse();
        assertThat(TopicNames.isValidTopicName("")).isFalse();
    }

    @Test
    void empty_levels_are_valid() {
        assertThat(TopicNames.isValidFilter("/")).isTrue();
        assertThat(TopicNames.isValidFilter("a//b")).isTrue();
        assertThat(TopicNames.isValidTopicName("/")).isTrue();
        assertThat(TopicNames.isValidTopicName("a//b")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/+", "#", "a/#", "a+b", "x#"})
    void topic_names_hold_no_wildcards_MQTT_4_7_1_1(String topic) {
        assertThat(TopicNames.isValidTopicName(topic)).isFalse();
    }

    @Test
    void topic_names_are_otherwise_free() {
        assertThat(TopicNames.isValidTopicName("$SYS/broker/load")).isTrue();
        assertThat(TopicNames.isValidTopicName("Sport/Tennis")).isTrue();
        assertThat(TopicNames.isValidTopicName(" ")).isTrue();
    }

    @Test
    void has_wildcard() {
        assertThat(TopicNames.hasWildcard("a/+/b")).isTrue();
        assertThat(TopicNames.hasWildcard("a/#")).isTrue();
        assertThat(TopicNames.hasWildcard("a/b")).isFalse();
    }

    @Test
    void shared_filter_is_parsed_MQTT_4_8_2_1() {
        assertThat(TopicNames.parseShared("$share/consumers/sport/+"))
                .isEqualTo(new SharedFilter("consumers", "sport/+"));
        assertThat(TopicNames.parseShared("$share/g/#")).isEqualTo(new SharedFilter("g", "#"));
        assertThat(TopicNames.parseShared("$share/g//")).isEqualTo(new SharedFilter("g", "/"));
        assertThat(TopicNames.isValidFilter("$share/consumers/sport/+")).isTrue();
    }

    @Test
    void non_shared_filters_parse_to_null() {
        assertThat(TopicNames.parseShared("sport/+")).isNull();
        assertThat(TopicNames.parseShared("$SYS/#")).isNull();
        assertThat(TopicNames.parseShared("$sharex/g/a")).isNull();
        assertThat(TopicNames.isValidFilter("$sharex/g/a")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"$share", "$share/", "$share/g", "$share/g/", "$share//a"})
    void shared_filter_needs_group_and_filter_MQTT_4_8_2_1(String filter) {
        assertThat(TopicNames.isValidFilter(filter)).isFalse();
        assertThat(TopicNames.parseShared(filter)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"$share/g+/a", "$share/+/a", "$share/#/a", "$share/g#/a", "$share/g/a#", "$share/g/#/a"})
    void shared_group_without_wildcards_and_valid_filter_MQTT_4_8_2_2(String filter) {
        assertThat(TopicNames.isValidFilter(filter)).isFalse();
    }
}
