package dev.tern.engine;

import dev.tern.packet.Publish;
import dev.tern.packet.Qos;
import dev.tern.packet.SubscriptionOptions;
import dev.tern.packet.TopicSubscription;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Retained messages (MQTT 5.0 section 3.3.1.3, subscription options 3.8.3.1). */
class RetainTest {
    private final EngineHarness h = new EngineHarness();
    private final TestClient pub = h.v5("pub");

    private static TopicSubscription opts(String filter, boolean rap, int retainHandling) {
        return new TopicSubscription(filter, new SubscriptionOptions(Qos.AT_LEAST_ONCE, false, rap, retainHandling));
    }

    @Test
    void retained_message_is_sent_on_subscribe_with_retain_1_MQTT_3_3_1_5_and_3_3_1_9() {
        pub.publishAndComplete("r", Qos.AT_LEAST_ONCE, true, "kept");
        TestClient sub = h.v5("sub");
        sub.subscribe("r", Qos.EXACTLY_ONCE);
        Publish p = sub.expectPublish("r", "kept");
        assertThat(p.retain()).isTrue();
        assertThat(p.qos()).isEqualTo(Qos.AT_LEAST_ONCE);
        sub.expectNothing();
    }

    @Test
    void a_new_retained_message_replaces_the_old_one_MQTT_3_3_1_5() {
        pub.publishAndComplete("r", Qos.AT_MOST_ONCE, true, "one");
        pub.publishAndComplete("r", Qos.AT_MOST_ONCE, true, "two");
        TestClient sub = h.v5("sub");
        sub.subscribe("r", Qos.AT_MOST_ONCE);
        sub.expectPublish("r", "two");
        sub.expectNothing();
    }

    @Test
    void empty_retained_payload_deletes_and_is_not_stored_MQTT_3_3_1_6_and_3_3_1_7() {
        pub.publishAndComplete("r", Qos.AT_MOST_ONCE, true, "one");
        pub.publishAndComplete("r", Qos.AT_MOST_ONCE, true, "");
        assertThat(h.engine.retained().size()).isZero();
        TestClient sub = h.v5("sub");
        sub.subscribe("r", Qos.AT_MOST_ONCE);
        sub.expectNothing();
    }

    @Test
    void normal_forwards_have_retain_0_MQTT_3_3_1_12() {
        TestClient sub = h.v5("sub");
        sub.subscribe("r", Qos.AT_MOST_ONCE);
        pub.publishAndComplete("r", Qos.AT_MOST_ONCE, true, "live");
        assertThat(sub.expectPublish("r", "live").retain()).isFalse();
    }

    @Test
    void retain_as_published_keeps_the_flag_MQTT_3_3_1_13() {
        TestClient sub = h.v5("sub");
        sub.subscribe(0, opts("r", true, 0));
        pub.publishAndComplete("r", Qos.AT_MOST_ONCE, true, "live");
        pub.publishAndComplete("r", Qos.AT_MOST_ONCE, false, "plain");
        assertThat(sub.expectPublish("r", "live").retain()).isTrue();
        assertThat(sub.expectPublish("r", "plain").retain()).isFalse();
    }

    @Test
    void v311_forwards_have_retain_0_MQTT_3_3_1_9_v311() {
        TestClient sub = h.v311("sub");
        sub.subscribe("r", Qos.AT_MOST_ONCE);
        pub.publishAndComplete("r", Qos.AT_MOST_ONCE, true, "live");
        assertThat(sub.expectPublish("r", "live").retain()).isFalse();
    }

    @Test
    void retain_handling_0_sends_on_every_subscribe_MQTT_3_3_1_9() {
        pub.publishAndComplete("r", Qos.AT_MOST_ONCE, true, "kept");
        TestClient sub = h.v5("sub");
        sub.subscribe(0, opts("r", false, 0));
        sub.expectPublish("r", "kept");
        sub.subscribe(0, opts("r", false, 0));
        sub.expectPublish("r", "kept");
    }

    @Test
    void retain_handling_1_sends_only_for_a_new_subscription_MQTT_3_3_1_10() {
        pub.publishAndComplete("r", Qos.AT_MOST_ONCE, true, "kept");
        TestClient sub = h.v5("sub");
        sub.subscribe(0, opts("r", false, 1));
        sub.expectPublish("r", "kept");
        sub.subscribe(0, opts("r", false, 1));
        sub.expectNothing();
    }

    @Test
    void retain_handling_2_never_sends_MQTT_3_3_1_11() {
        pub.publishAndComplete("r", Qos.AT_MOST_ONCE, true, "kept");
        TestClient sub = h.v5("sub");
        sub.subscribe(0, opts("r", false, 2));
        sub.expectNothing();
    }

    @Test
    void retained_messages_match_wildcards_but_not_sys_topics_MQTT_4_7_2_1() {
        pub.publishAndComplete("a/b", Qos.AT_MOST_ONCE, true, "ab");
        pub.publishAndComplete("$SYS/x", Qos.AT_MOST_ONCE, true, "sys");
        TestClient sub = h.v5("sub");
        sub.subscribe("#", Qos.AT_MOST_ONCE);
        sub.expectPublish("a/b", "ab");
        sub.expectNothing();
    }

    @Test
    void retained_on_subscribe_carries_the_subscription_identifier_MQTT_3_3_4_3() {
        pub.publishAndComplete("r", Qos.AT_MOST_ONCE, true, "kept");
        TestClient sub = h.v5("sub");
        sub.subscribe(42, new TopicSubscription("r", SubscriptionOptions.of(Qos.AT_MOST_ONCE)));
        assertThat(sub.expectPublish("r").properties().subscriptionIdentifiers()).containsExactly(42);
    }

    @Test
    void retained_message_expiry_is_decremented_then_it_is_gone_MQTT_3_3_2_6() {
        pub.publish("r", Qos.AT_MOST_ONCE, true, "short", dev.tern.packet.PublishProperties.NONE.withMessageExpiryInterval(10));
        h.advance(java.time.Duration.ofSeconds(4));
        TestClient sub = h.v5("sub");
        sub.subscribe("r", Qos.AT_MOST_ONCE);
        assertThat(sub.expectPublish("r", "short").properties().messageExpiryInterval()).isEqualTo(6);
        h.advance(java.time.Duration.ofSeconds(6));
        TestClient late = h.v5("late");
        late.subscribe("r", Qos.AT_MOST_ONCE);
        late.expectNothing();
    }
}
