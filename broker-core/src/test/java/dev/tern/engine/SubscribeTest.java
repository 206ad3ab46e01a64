package dev.tern.engine;

import dev.tern.packet.Publish;
import dev.tern.packet.Qos;
import dev.tern.packet.ReasonCode;
import dev.tern.packet.Suback;
import dev.tern.packet.SubscriptionOptions;
import dev.tern.packet.TopicSubscription;
import dev.tern.packet.Unsuback;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** SUBSCRIBE / UNSUBSCRIBE and matching (MQTT 5.0 sections 3.8 to 3.11, 4.7). */
class SubscribeTest {
    private final EngineHarness h = new EngineHarness();
    private final TestClient sub = h.v5("sub");
    private final TestClient pub = h.v5("pub");

    private static TopicSubscription ts(String filter, Qos qos) {
        return new TopicSubscription(filter, SubscriptionOptions.of(qos));
    }

    @Test
    void suback_grants_the_requested_qos_MQTT_3_9_3_1_MQTT_3_8_4_1_MQTT_3_8_4_2_MQTT_2_2_1_6() {
        Suback s = sub.subscribe(0, ts("a", Qos.AT_MOST_ONCE), ts("b", Qos.AT_LEAST_ONCE), ts("c", Qos.EXACTLY_ONCE));
        assertThat(s.reasonCodes()).containsExactly(ReasonCode.SUCCESS, ReasonCode.GRANTED_QOS_1, ReasonCode.GRANTED_QOS_2);
    }

    @Test
    void suback_grants_at_most_max_qos_MQTT_3_2_2_9() {
        EngineHarness h2 = new EngineHarness(c -> c.maxQos = 1);
        TestClient c = h2.v5("c");
        assertThat(c.subscribe("a", Qos.EXACTLY_ONCE).reasonCodes()).containsExactly(ReasonCode.GRANTED_QOS_1);
    }

    @Test
    void invalid_filters_get_0x8F_while_the_others_succeed_MQTT_3_8_3_2_MQTT_3_8_4_5_MQTT_3_8_4_7() {
        Suback s = sub.subscribe(0, ts("ok/+", Qos.AT_LEAST_ONCE), ts("bad/#/x", Qos.AT_LEAST_ONCE),
                ts("a+b", Qos.AT_MOST_ONCE), ts("fine/#", Qos.AT_MOST_ONCE));
        assertThat(s.reasonCodes()).containsExactly(ReasonCode.GRANTED_QOS_1, ReasonCode.TOPIC_FILTER_INVALID,
                ReasonCode.TOPIC_FILTER_INVALID, ReasonCode.SUCCESS);
        assertThat(sub.closed).isFalse();
        pub.publish("ok/1", Qos.AT_MOST_ONCE, "m");
        sub.expectPublish("ok/1");
    }

    @Test
    void unsuback_codes_success_and_no_subscription_existed_MQTT_3_11_3_1_MQTT_3_10_4_1_MQTT_3_10_4_6() {
        sub.subscribe("a", Qos.AT_MOST_ONCE);
        Unsuback u = sub.unsubscribe("a", "never");
        assertThat(u.reasonCodes()).containsExactly(ReasonCode.SUCCESS, ReasonCode.NO_SUBSCRIPTION_EXISTED);
        pub.publish("a", Qos.AT_MOST_ONCE, "m");
        sub.expectNothing();
    }

    @Test
    void overlapping_subscriptions_deliver_once_at_the_highest_qos_MQTT_3_3_4_2() {
        sub.subscribe("a/+", Qos.AT_MOST_ONCE);
        sub.subscribe("a/#", Qos.EXACTLY_ONCE);
        sub.subscribe("a/b", Qos.AT_LEAST_ONCE);
        pub.publish("a/b", Qos.EXACTLY_ONCE, "m");
        Publish p = sub.expectPublish("a/b", "m");
        assertThat(p.qos()).isEqualTo(Qos.EXACTLY_ONCE);
        sub.expectNothing();
    }

    @Test
    void overlapping_subscriptions_carry_every_subscription_identifier_MQTT_3_3_4_3_MQTT_3_3_4_4() {
        sub.subscribe(11, ts("a/+", Qos.AT_MOST_ONCE));
        sub.subscribe(22, ts("a/#", Qos.AT_LEAST_ONCE));
        sub.subscribe(0, ts("#", Qos.AT_MOST_ONCE));
        pub.publish("a/b", Qos.AT_LEAST_ONCE, "m");
        Publish p = sub.expectPublish("a/b");
        assertThat(p.qos()).isEqualTo(Qos.AT_LEAST_ONCE);
        assertThat(p.properties().subscriptionIdentifiers()).containsExactlyInAnyOrder(11, 22);
        sub.expectNothing();
    }

    @Test
    void no_local_does_not_send_own_messages_back_MQTT_3_8_3_3() {
        sub.subscribe(0, new TopicSubscription("t", new SubscriptionOptions(Qos.AT_LEAST_ONCE, true, false, 0)));
        TestClient other = h.v5("other");
        other.subscribe("t", Qos.AT_LEAST_ONCE);
        sub.publish("t", Qos.AT_MOST_ONCE, "mine");
        sub.expectNothing();
        other.expectPublish("t", "mine");
        pub.publish("t", Qos.AT_MOST_ONCE, "theirs");
        sub.expectPublish("t", "theirs");
    }

    @Test
    void sys_topics_are_not_matched_by_leading_wildcards_MQTT_4_7_2_1() {
        sub.subscribe("#", Qos.AT_MOST_ONCE);
        sub.subscribe("+/x", Qos.AT_MOST_ONCE);
        TestClient sys = h.v5("sys");
        sys.subscribe("$SYS/#", Qos.AT_MOST_ONCE);
        pub.publish("$SYS/x", Qos.AT_MOST_ONCE, "m");
        sub.expectNothing();
        sys.expectPublish("$SYS/x");
    }

    @Test
    void wildcards_match_levels_MQTT_4_7_1_MQTT_3_3_2_3() {
        sub.subscribe("a/+/c", Qos.AT_MOST_ONCE);
        sub.subscribe("x/#", Qos.AT_MOST_ONCE);
        for (String t : List.of("a/b/c", "a/b/d", "a/b/c/d", "x", "x/y/z", "y")) {
            pub.publish(t, Qos.AT_MOST_ONCE, t);
        }
        sub.expectPublish("a/b/c");
        sub.expectPublish("x"); // "#" also matches the parent level [MQTT-4.7.1-2]
        sub.expectPublish("x/y/z");
        sub.expectNothing();
    }

    @Test
    void messages_reach_subscribers_on_both_shards() {
        List<TestClient> subs = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            TestClient c = h.v5("s" + i);
            c.subscribe("fan", Qos.AT_LEAST_ONCE);
            subs.add(c);
        }
        assertThat(subs.stream().map(c -> h.engine.shardFor(c.clientId).index()).distinct()).hasSize(2);
        pub.publish("fan", Qos.AT_LEAST_ONCE, "all");
        for (TestClient c : subs) {
            c.expectPublish("fan", "all");
        }
    }

    @Test
    void unsupported_features_get_their_suback_codes_MQTT_3_9_3() {
        EngineHarness h2 = new EngineHarness(c -> {
            c.wildcardAvailable = false;
            c.sharedAvailable = false;
        });
        TestClient c = h2.v5("c");
        Suback s = c.subscribe(0, ts("a/#", Qos.AT_MOST_ONCE), ts("$share/g/a", Qos.AT_MOST_ONCE), ts("a/b", Qos.AT_MOST_ONCE));
        assertThat(s.reasonCodes()).containsExactly(ReasonCode.WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED,
                ReasonCode.SHARED_SUBSCRIPTIONS_NOT_SUPPORTED, ReasonCode.SUCCESS);
        EngineHarness h3 = new EngineHarness(cfg -> cfg.subscriptionIdsAvailable = false);
        TestClient d = h3.v5("d");
        assertThat(d.subscribe(7, ts("a", Qos.AT_MOST_ONCE)).reasonCodes())
                .containsExactly(ReasonCode.SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED);
    }

    @Test
    void no_local_on_a_shared_subscription_is_a_protocol_error_MQTT_3_8_3_4() {
        sub.packet(new dev.tern.packet.Subscribe(9, List.of(new TopicSubscription("$share/g/t",
                new SubscriptionOptions(Qos.AT_MOST_ONCE, true, false, 0))), 0, List.of()));
        sub.expectDisconnect(ReasonCode.PROTOCOL_ERROR);
        assertThat(sub.closed).isTrue();
    }

    @Test
    void retained_messages_are_not_sent_for_shared_subscriptions_MQTT_3_8_4_4() {
        pub.publishAndComplete("t", Qos.AT_MOST_ONCE, true, "kept");
        sub.subscribe("$share/g/t", Qos.AT_MOST_ONCE);
        sub.expectNothing();
        pub.publish("t", Qos.AT_MOST_ONCE, "live");
        sub.expectPublish("t", "live");
    }

    @Test
    void a_new_subscription_replaces_the_options_of_the_old_one_MQTT_3_8_4_3() {
        sub.subscribe(5, ts("t", Qos.EXACTLY_ONCE));
        sub.subscribe(0, ts("t", Qos.AT_MOST_ONCE));
        pub.publish("t", Qos.EXACTLY_ONCE, "m");
        Publish p = sub.expectPublish("t");
        assertThat(p.qos()).isEqualTo(Qos.AT_MOST_ONCE);
        assertThat(p.properties().subscriptionIdentifiers()).isEmpty();
        sub.expectNothing();
    }
}
