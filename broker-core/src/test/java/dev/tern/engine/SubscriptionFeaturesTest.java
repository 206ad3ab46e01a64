package dev.tern.engine;

import dev.tern.packet.Puback;
import dev.tern.packet.Publish;
import dev.tern.packet.PublishProperties;
import dev.tern.packet.Qos;
import dev.tern.packet.Suback;
import dev.tern.packet.SubscriptionOptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.tern.engine.HoconEngineHarness.publish;
import static dev.tern.engine.HoconEngineHarness.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

/** MQTT 5.0 sections 3.8.3.1 (subscription options), 3.8.2.1.2 (identifiers), 4.8.2 (shared). */
class SubscriptionFeaturesTest {

    private static SubscriptionOptions opts(Qos q, boolean noLocal, boolean rap, int rh) {
        return new SubscriptionOptions(q, noLocal, rap, rh);
    }

    private static Publish retained(String topic, String payload) {
        return new Publish(topic, Qos.AT_MOST_ONCE, false, true, 0, PublishProperties.NONE,
                payload.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void overlapping_subscriptions_deliver_once_with_every_identifier_and_highest_qos_MQTT_3_3_4_2_MQTT_3_3_4_3() {
        HoconEngineHarness h = new HoconEngineHarness("");
        HoconEngineHarness.Client sub = h.connectV5("sub");
        sub.send(subscribe(1, "a/+", SubscriptionOptions.of(Qos.AT_MOST_ONCE), 7));
        sub.send(subscribe(2, "a/#", SubscriptionOptions.of(Qos.AT_LEAST_ONCE), 9));
        HoconEngineHarness.Client pub = h.connectV5("pub");
        pub.send(publish("a/b", Qos.AT_LEAST_ONCE, 1, "x"));

        assertThat(sub.publishes()).hasSize(1);
        Publish p = sub.publishes().get(0);
        assertThat(p.qos()).isEqualTo(Qos.AT_LEAST_ONCE);
        assertThat(p.properties().subscriptionIdentifiers()).containsExactlyInAnyOrder(7, 9);
    }

    @Test
    void retained_delivery_carries_the_subscription_identifier_MQTT_3_3_4_3() {
        HoconEngineHarness h = new HoconEngineHarness("");
        h.connectV5("pub").send(retained("r/1", "kept"));
        HoconEngineHarness.Client sub = h.connectV5("sub");
        sub.send(subscribe(1, "r/#", SubscriptionOptions.of(Qos.AT_MOST_ONCE), 42));

        assertThat(sub.publishes()).singleElement().satisfies(p -> {
            assertThat(p.retain()).isTrue();
            assertThat(p.properties().subscriptionIdentifiers()).containsExactly(42);
        });
    }

    @Test
    void no_local_keeps_own_messages_away_MQTT_3_8_3_3() {
        HoconEngineHarness h = new HoconEngineHarness("");
        HoconEngineHarness.Client c = h.connectV5("self");
        c.send(subscribe(1, "t", opts(Qos.AT_MOST_ONCE, true, false, 0), 0));
        c.send(publish("t", Qos.AT_MOST_ONCE, 0, "mine"));
        assertThat(c.publishes()).isEmpty();
        h.connectV5("other").send(publish("t", Qos.AT_MOST_ONCE, 0, "theirs"));
        assertThat(c.publishes()).hasSize(1);
    }

    @Test
    void retain_as_published_keeps_the_flag_only_when_asked_MQTT_3_3_1_12_MQTT_3_3_1_13() {
        HoconEngineHarness h = new HoconEngineHarness("");
        HoconEngineHarness.Client keep = h.connectV5("keep");
        keep.send(subscribe(1, "t", opts(Qos.AT_MOST_ONCE, false, true, 2), 0));
        HoconEngineHarness.Client clear = h.connectV5("clear");
        clear.send(subscribe(1, "t", opts(Qos.AT_MOST_ONCE, false, false, 2), 0));
        h.connectV5("pub").send(retained("t", "v"));

        assertThat(keep.publishes()).singleElement().satisfies(p -> assertThat(p.retain()).isTrue());
        assertThat(clear.publishes()).singleElement().satisfies(p -> assertThat(p.retain()).isFalse());
    }

    @Test
    void retain_handling_0_resends_retained_on_every_subscribe_MQTT_3_3_1_9_MQTT_3_8_4_4() {
        HoconEngineHarness h = new HoconEngineHarness("");
        h.connectV5("pub").send(retained("t", "v"));
        HoconEngineHarness.Client c = h.connectV5("c");
        c.send(subscribe(1, "t", opts(Qos.AT_MOST_ONCE, false, false, 0), 0));
        c.send(subscribe(2, "t", opts(Qos.AT_MOST_ONCE, false, false, 0), 0));
        assertThat(c.publishes()).hasSize(2).allSatisfy(p -> assertThat(p.retain()).isTrue());
    }

    @Test
    void retain_handling_1_sends_retained_only_for_a_new_subscription_MQTT_3_3_1_10() {
        HoconEngineHarness h = new HoconEngineHarness("");
        h.connectV5("pub").send(retained("t", "v"));
        HoconEngineHarness.Client c = h.connectV5("c");
        c.send(subscribe(1, "t", opts(Qos.AT_MOST_ONCE, false, false, 1), 0));
        c.send(subscribe(2, "t", opts(Qos.AT_MOST_ONCE, false, false, 1), 0));
        assertThat(c.publishes()).hasSize(1);
    }

    @Test
    void retain_handling_2_never_sends_retained_MQTT_3_3_1_11() {
        HoconEngineHarness h = new HoconEngineHarness("");
        h.connectV5("pub").send(retained("t", "v"));
        HoconEngineHarness.Client c = h.connectV5("c");
        c.send(subscribe(1, "t", opts(Qos.AT_MOST_ONCE, false, false, 2), 0));
        assertThat(c.publishes()).isEmpty();
    }

    @Test
    void shared_subscription_gets_no_retained_messages() {
        HoconEngineHarness h = new HoconEngineHarness("");
        h.connectV5("pub").send(retained("t", "v"));
        HoconEngineHarness.Client c = h.connectV5("c");
        c.send(subscribe(1, "$share/g/t", SubscriptionOptions.of(Qos.AT_MOST_ONCE), 0));
        assertThat(c.last(Suback.class).reasonCodes()).hasSize(1);
        assertThat(c.publishes()).isEmpty();
    }

    @Test
    void shared_group_round_robin_shares_the_load() {
        HoconEngineHarness h = new HoconEngineHarness("");
        HoconEngineHarness.Client a = h.connectV5("a");
        HoconEngineHarness.Client b = h.connectV5("b");
        a.send(subscribe(1, "$share/g/jobs/#", SubscriptionOptions.of(Qos.AT_MOST_ONCE), 0));
        b.send(subscribe(1, "$share/g/jobs/#", SubscriptionOptions.of(Qos.AT_MOST_ONCE), 0));
        HoconEngineHarness.Client pub = h.connectV5("pub");
        for (int i = 0; i < 10; i++) {
            pub.send(publish("jobs/" + i, Qos.AT_MOST_ONCE, 0, "j"));
        }
        assertThat(a.publishes()).hasSize(5);
        assertThat(b.publishes()).hasSize(5);
    }

    @Test
    void shared_strategy_sticky_from_configuration_keeps_one_member() {
        HoconEngineHarness h = new HoconEngineHarness("mqtt.shared_subscription_strategy = sticky");
        HoconEngineHarness.Client a = h.connectV5("a");
        HoconEngineHarness.Client b = h.connectV5("b");
        a.send(subscribe(1, "$share/g/t", SubscriptionOptions.of(Qos.AT_MOST_ONCE), 0));
        b.send(subscribe(1, "$share/g/t", SubscriptionOptions.of(Qos.AT_MOST_ONCE), 0));
        HoconEngineHarness.Client pub = h.connectV5("pub");
        for (int i = 0; i < 6; i++) {
            pub.send(publish("t", Qos.AT_MOST_ONCE, 0, "j"));
        }
        assertThat(a.publishes()).hasSize(6);
        assertThat(b.publishes()).isEmpty();
    }

    @Test
    void shared_strategy_hash_clientid_keeps_a_publisher_on_one_member() {
        HoconEngineHarness h = new HoconEngineHarness("mqtt.shared_subscription_strategy = hash_clientid");
        HoconEngineHarness.Client a = h.connectV5("a");
        HoconEngineHarness.Client b = h.connectV5("b");
        a.send(subscribe(1, "$share/g/t", SubscriptionOptions.of(Qos.AT_MOST_ONCE), 0));
        b.send(subscribe(1, "$share/g/t", SubscriptionOptions.of(Qos.AT_MOST_ONCE), 0));
        HoconEngineHarness.Client pub = h.connectV5("pub");
        for (int i = 0; i < 6; i++) {
            pub.send(publish("t", Qos.AT_MOST_ONCE, 0, "j"));
        }
        assertThat(List.of(a.publishes().size(), b.publishes().size())).containsExactlyInAnyOrder(0, 6);
    }

    @Test
    void unacknowledged_shared_messages_go_to_another_member_when_a_session_ends() {
        HoconEngineHarness h = new HoconEngineHarness("mqtt.shared_subscription_strategy = sticky\nmqtt.max_inflight_window = 2");
        HoconEngineHarness.Client a = h.connectV5("a");
        HoconEngineHarness.Client b = h.connectV5("b");
        a.send(subscribe(1, "$share/g/t", SubscriptionOptions.of(Qos.AT_LEAST_ONCE), 0));
        b.send(subscribe(1, "$share/g/t", SubscriptionOptions.of(Qos.AT_LEAST_ONCE), 0));
        HoconEngineHarness.Client pub = h.connectV5("pub");
        for (int i = 0; i < 4; i++) {
            pub.send(publish("t", Qos.AT_LEAST_ONCE, i + 1, "m" + i));
        }
        // sticky: all four went to a: two in flight, two queued behind its window of 2; it acks the first
        assertThat(a.publishes()).hasSize(2);
        a.send(Puback.of(a.publishes().get(0).packetId()));
        assertThat(a.publishes()).hasSize(3);
        assertThat(b.publishes()).isEmpty();

        a.dropSocket(); // session expiry 0: the session ends with m1, m2 in flight and m3 queued
        b.send(Puback.of(b.publishes().get(0).packetId())); // b's window is 2 as well

        assertThat(b.publishes()).extracting(p -> new String(p.payload(), StandardCharsets.UTF_8))
                .containsExactly("m1", "m2", "m3");
        assertThat(b.publishes()).allSatisfy(p -> assertThat(p.qos()).isEqualTo(Qos.AT_LEAST_ONCE));
    }

    @Test
    void messages_of_a_kept_session_stay_with_it() {
        HoconEngineHarness h = new HoconEngineHarness("mqtt.shared_subscription_strategy = sticky");
        HoconEngineHarness.Client a = h.connect(dev.tern.packet.Connect.of(dev.tern.packet.MqttVersion.V5, "a", true, 0)
                .withSessionExpiryInterval(60));
        HoconEngineHarness.Client b = h.connectV5("b");
        a.send(subscribe(1, "$share/g/t", SubscriptionOptions.of(Qos.AT_LEAST_ONCE), 0));
        b.send(subscribe(1, "$share/g/t", SubscriptionOptions.of(Qos.AT_LEAST_ONCE), 0));
        h.connectV5("pub").send(publish("t", Qos.AT_LEAST_ONCE, 1, "m"));
        a.dropSocket();
        assertThat(b.publishes()).isEmpty();
    }
}
