package dev.tern.engine;

import dev.tern.config.DropPolicy;
import dev.tern.packet.Connect;
import dev.tern.packet.MqttVersion;
import dev.tern.packet.Publish;
import dev.tern.packet.PublishProperties;
import dev.tern.packet.Pubrel;
import dev.tern.packet.Qos;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.function.Consumer;

import static dev.tern.engine.EngineHarness.v311Connect;
import static dev.tern.engine.EngineHarness.v5Connect;
import static org.assertj.core.api.Assertions.assertThat;

/** Messages for a disconnected session, and what goes out on resume (MQTT 5.0 sections 4.1, 4.4, 4.9). */
class OfflineQueueTest {
    private EngineHarness h;
    private TestClient pub;

    private void start(Consumer<TestConfig> cfg) {
        h = new EngineHarness(cfg);
        pub = h.v5("pub");
    }

    /** A subscriber with a kept session, subscribed to "q/#" at QoS 2, then gone. */
    private void offlineSubscriber(Connect c) {
        TestClient s = h.connected(c);
        s.subscribe("q/#", Qos.EXACTLY_ONCE);
        s.dropConnection();
    }

    @Test
    void qos1_and_qos2_are_queued_and_sent_right_after_connack_MQTT_3_1_2_4() {
        // the NanoMQ report: queued messages waited for retry_interval after a resume
        start(c -> c.retryInterval = Duration.ofSeconds(30));
        offlineSubscriber(v5Connect("s", false, 3600));
        pub.publish("q/1", Qos.AT_LEAST_ONCE, "one");
        pub.publish("q/2", Qos.EXACTLY_ONCE, "two");
        assertThat(h.session("s").queuedCount()).isEqualTo(2);

        TestClient back = h.connect(v5Connect("s", false, 3600));
        assertThat(back.expectConnack().sessionPresent()).isTrue();
        Publish p1 = back.expectPublish("q/1", "one");
        Publish p2 = back.expectPublish("q/2", "two");
        assertThat(p1.qos()).isEqualTo(Qos.AT_LEAST_ONCE);
        assertThat(p2.qos()).isEqualTo(Qos.EXACTLY_ONCE);
        assertThat(p1.dup()).isFalse();
        back.expectNothing();
    }

    @Test
    void each_session_gets_its_own_queue_and_window_on_first_use() {
        // Sessions start on shared empty collections: what one queues must never show up in another.
        start(c -> { });
        offlineSubscriber(v5Connect("s", false, 3600));
        TestClient other = h.connected(v5Connect("o", false, 3600));
        other.subscribe("elsewhere", Qos.AT_LEAST_ONCE);
        other.dropConnection();
        pub.publish("q/1", Qos.AT_LEAST_ONCE, "one");
        assertThat(h.session("s").queuedCount()).isEqualTo(1);
        assertThat(h.session("o").queuedCount()).isZero();
        assertThat(h.session("o").subscriptions()).containsOnlyKeys("elsewhere");
        assertThat(h.session("s").subscriptions()).containsOnlyKeys("q/#");

        TestClient back = h.connect(v5Connect("s", false, 3600));
        back.expectConnack();
        back.expectPublish("q/1", "one"); // now in s's window, unacknowledged
        assertThat(h.session("s").inflightCount()).isEqualTo(1);
        assertThat(h.session("o").inflightCount()).isZero();
    }

    @Test
    void v311_queued_messages_are_sent_right_after_connack_MQTT_3_1_2_4() {
        start(c -> c.retryInterval = Duration.ofSeconds(30));
        offlineSubscriber(v311Connect("s", false));
        pub.publish("q/1", Qos.AT_LEAST_ONCE, "one");
        TestClient back = h.connect(v311Connect("s", false));
        assertThat(back.expectConnack().sessionPresent()).isTrue();
        back.expectPublish("q/1", "one");
    }

    @Test
    void qos0_is_not_queued_by_default() {
        start(c -> { });
        offlineSubscriber(v5Connect("s", false, 3600));
        pub.publish("q/0", Qos.AT_MOST_ONCE, "zero");
        pub.publish("q/1", Qos.AT_LEAST_ONCE, "one");
        TestClient back = h.connect(v5Connect("s", false, 3600));
        back.expectConnack();
        back.expectPublish("q/1", "one");
        back.expectNothing();
        assertThat(h.engine.metrics().droppedQos0.sum()).isEqualTo(1);
    }

    @Test
    void qos0_is_queued_with_queue_qos0() {
        start(c -> c.queueQos0 = true);
        offlineSubscriber(v5Connect("s", false, 3600));
        pub.publish("q/0", Qos.AT_MOST_ONCE, "zero");
        TestClient back = h.connect(v5Connect("s", false, 3600));
        back.expectConnack();
        assertThat(back.expectPublish("q/0", "zero").qos()).isEqualTo(Qos.AT_MOST_ONCE);
    }

    @Test
    void full_queue_drops_the_oldest_and_counts_it() {
        start(c -> {
            c.maxMqueueLen = 3;
            c.dropPolicy = DropPolicy.OLDEST;
        });
        offlineSubscriber(v5Connect("s", false, 3600));
        for (int i = 1; i <= 5; i++) {
            pub.publish("q/" + i, Qos.AT_LEAST_ONCE, "m" + i);
        }
        assertThat(h.engine.metrics().droppedQueueFull.sum()).isEqualTo(2);
        TestClient back = h.connect(v5Connect("s", false, 3600));
        back.expectConnack();
        back.expectPublish("q/3");
        back.expectPublish("q/4");
        back.expectPublish("q/5");
        back.expectNothing();
    }

    @Test
    void full_queue_drops_the_newest_and_counts_it() {
        start(c -> {
            c.maxMqueueLen = 3;
            c.dropPolicy = DropPolicy.NEWEST;
        });
        offlineSubscriber(v5Connect("s", false, 3600));
        for (int i = 1; i <= 5; i++) {
            pub.publish("q/" + i, Qos.AT_LEAST_ONCE, "m" + i);
        }
        assertThat(h.engine.metrics().droppedQueueFull.sum()).isEqualTo(2);
        assertThat(h.engine.metrics().snapshot()).containsEntry("messages_dropped_queue_full", 2L);
        TestClient back = h.connect(v5Connect("s", false, 3600));
        back.expectConnack();
        back.expectPublish("q/1");
        back.expectPublish("q/2");
        back.expectPublish("q/3");
        back.expectNothing();
    }

    @Test
    void resume_resends_unacknowledged_publish_with_dup_and_pubrel_before_the_queue_MQTT_4_4_0_1_MQTT_4_3_3_3() {
        start(c -> { });
        TestClient s = h.connected(v5Connect("s", false, 3600));
        s.subscribe("q/#", Qos.EXACTLY_ONCE);
        pub.publish("q/a", Qos.AT_LEAST_ONCE, "unacked");
        pub.publish("q/b", Qos.EXACTLY_ONCE, "received");
        pub.publish("q/c", Qos.EXACTLY_ONCE, "unreceived");
        Publish a = s.expectPublish("q/a");
        Publish b = s.expectPublish("q/b");
        Publish c = s.expectPublish("q/c");
        s.pubrec(b.packetId());
        assertThat(s.expect(Pubrel.class).packetId()).isEqualTo(b.packetId());
        s.dropConnection();
        pub.publish("q/d", Qos.AT_LEAST_ONCE, "queued");

        TestClient back = h.connect(v5Connect("s", false, 3600));
        assertThat(back.expectConnack().sessionPresent()).isTrue();
        Publish a2 = back.expectPublish("q/a", "unacked");
        assertThat(a2.dup()).isTrue();
        assertThat(a2.packetId()).isEqualTo(a.packetId());
        assertThat(back.expect(Pubrel.class).packetId()).isEqualTo(b.packetId());
        Publish c2 = back.expectPublish("q/c", "unreceived");
        assertThat(c2.dup()).isTrue();
        assertThat(c2.packetId()).isEqualTo(c.packetId());
        Publish d = back.expectPublish("q/d", "queued");
        assertThat(d.dup()).isFalse();
        assertThat(d.packetId()).isNotIn(a.packetId(), b.packetId(), c.packetId());
        back.expectNothing();

        back.puback(a.packetId());
        back.pubcomp(b.packetId());
        back.pubrec(c.packetId());
        back.expect(Pubrel.class);
        back.pubcomp(c.packetId());
        back.puback(d.packetId());
        assertThat(h.session("s").inflightCount()).isZero();
    }

    @Test
    void send_window_is_the_clients_receive_maximum_MQTT_3_3_4_7() {
        start(c -> { });
        TestClient s = h.connected(v5Connect("s", true, 0).withReceiveMaximum(2));
        s.subscribe("q/#", Qos.AT_LEAST_ONCE);
        for (int i = 1; i <= 5; i++) {
            pub.publish("q/" + i, Qos.AT_LEAST_ONCE, "m" + i);
        }
        Publish p1 = s.expectPublish("q/1");
        s.expectPublish("q/2");
        s.expectNothing();
        s.puback(p1.packetId());
        s.expectPublish("q/3");
        s.expectNothing();
    }

    @Test
    void send_window_is_capped_by_max_inflight_window_MQTT_3_3_4_7() {
        start(c -> c.maxInflightWindow = 3);
        TestClient s = h.connected(v5Connect("s", true, 0));
        s.subscribe("q/#", Qos.EXACTLY_ONCE);
        for (int i = 1; i <= 5; i++) {
            pub.publish("q/" + i, Qos.EXACTLY_ONCE, "m" + i);
        }
        Publish p1 = s.expectPublish("q/1");
        s.expectPublish("q/2");
        s.expectPublish("q/3");
        s.expectNothing();
        s.pubrec(p1.packetId()); // still in flight until PUBCOMP
        s.expect(Pubrel.class);
        s.expectNothing();
        s.pubcomp(p1.packetId());
        s.expectPublish("q/4");
        s.expectNothing();
    }

    @Test
    void an_expired_queued_message_is_not_sent_MQTT_3_3_2_5() {
        start(c -> { });
        offlineSubscriber(v5Connect("s", false, 3600));
        pub.publish("q/x", Qos.AT_LEAST_ONCE, false, "short", PublishProperties.NONE.withMessageExpiryInterval(10));
        pub.publish("q/y", Qos.AT_LEAST_ONCE, "forever");
        h.advance(Duration.ofSeconds(10));
        TestClient back = h.connect(v5Connect("s", false, 3600));
        back.expectConnack();
        back.expectPublish("q/y", "forever");
        back.expectNothing();
        assertThat(h.engine.metrics().droppedExpired.sum()).isEqualTo(1);
    }

    @Test
    void the_forwarded_message_expiry_interval_is_decremented_MQTT_3_3_2_6() {
        start(c -> { });
        offlineSubscriber(v5Connect("s", false, 3600));
        pub.publish("q/x", Qos.AT_LEAST_ONCE, false, "m", PublishProperties.NONE.withMessageExpiryInterval(10));
        h.advance(Duration.ofSeconds(4));
        TestClient back = h.connect(v5Connect("s", false, 3600));
        back.expectConnack();
        assertThat(back.expectPublish("q/x").properties().messageExpiryInterval()).isEqualTo(6);
    }

    @Test
    void a_live_forward_keeps_the_message_expiry_interval_MQTT_3_3_2_6() {
        start(c -> { });
        TestClient s = h.v5("s");
        s.subscribe("q/#", Qos.AT_LEAST_ONCE);
        pub.publish("q/x", Qos.AT_LEAST_ONCE, false, "m", PublishProperties.NONE.withMessageExpiryInterval(10));
        assertThat(s.expectPublish("q/x").properties().messageExpiryInterval()).isEqualTo(10);
    }

    @Test
    void a_v311_subscriber_gets_no_properties_from_a_v5_publisher() {
        start(c -> { });
        TestClient s = h.connected(Connect.of(MqttVersion.V3_1_1, "s", true, 0));
        s.subscribe("q/#", Qos.AT_LEAST_ONCE);
        pub.publish("q/x", Qos.AT_LEAST_ONCE, false, "m", PublishProperties.NONE.withMessageExpiryInterval(10));
        assertThat(s.expectPublish("q/x").properties()).isEqualTo(PublishProperties.NONE);
    }

    @Test
    void a_socket_that_is_not_writable_queues_then_drains_on_writable() {
        start(c -> { });
        TestClient s = h.v5("s");
        s.subscribe("q/#", Qos.AT_LEAST_ONCE);
        s.writable = false;
        pub.publish("q/1", Qos.AT_LEAST_ONCE, "m");
        s.expectNothing();
        s.writable = true;
        s.connection.onWritable();
        h.runPending();
        s.expectPublish("q/1", "m");
    }

    @Test
    void resume_respects_a_smaller_receive_maximum_MQTT_3_3_4_7() {
        start(c -> { });
        TestClient s = h.connected(v5Connect("s", false, 3600));
        s.subscribe("q/#", Qos.AT_LEAST_ONCE);
        for (int i = 1; i <= 4; i++) {
            pub.publish("q/" + i, Qos.AT_LEAST_ONCE, "m" + i);
        }
        assertThat(s.drain()).hasSize(4);
        s.dropConnection();
        pub.publish("q/5", Qos.AT_LEAST_ONCE, "queued");
        TestClient back = h.connect(v5Connect("s", false, 3600).withReceiveMaximum(2));
        back.expectConnack();
        Publish r1 = back.expectPublish("q/1");
        Publish r2 = back.expectPublish("q/2");
        back.expectNothing();
        back.puback(r1.packetId());
        Publish r3 = back.expectPublish("q/3");
        assertThat(r3.dup()).isTrue();
        back.expectNothing();
        back.puback(r2.packetId());
        assertThat(back.expectPublish("q/4").dup()).isTrue();
        back.expectNothing();
        back.puback(r3.packetId());
        assertThat(back.expectPublish("q/5", "queued").dup()).isFalse();
        back.expectNothing();
    }
}
