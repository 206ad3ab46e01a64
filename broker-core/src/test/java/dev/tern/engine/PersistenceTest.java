package dev.tern.engine;

import dev.tern.packet.Connack;
import dev.tern.packet.MqttPacket;
import dev.tern.packet.MqttVersion;
import dev.tern.packet.Puback;
import dev.tern.packet.Pubcomp;
import dev.tern.packet.Publish;
import dev.tern.packet.PublishProperties;
import dev.tern.packet.Pubrec;
import dev.tern.packet.Pubrel;
import dev.tern.packet.Qos;
import dev.tern.packet.ReasonCode;
import dev.tern.packet.SubscriptionOptions;
import dev.tern.packet.TopicSubscription;
import dev.tern.session.SubscriptionData;
import dev.tern.store.RocksStore;
import dev.tern.store.StoredSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import static dev.tern.engine.EngineHarness.bytes;
import static dev.tern.engine.EngineHarness.v5Connect;
import static dev.tern.engine.EngineHarness.will;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Persistence (issue 5, DESIGN.md: Persistence): what a restart over a RocksDB store gives back, on the
 * virtual clock. A "restart" abandons the engine as a crash would (no shutdown, nothing closed
 * gracefully) and recovers a new one from the store. Client ids are chosen so that most flows cross
 * shards: s, w, c2 live on shard 1; p, c1 on shard 0.
 */
class PersistenceTest {
    private static final long HOUR = 3600;

    @TempDir
    Path dir;
    private FaultyStore store;
    private EngineHarness h;

    private void start() {
        start(c -> { });
    }

    private void start(Consumer<TestConfig> cfg) {
        store = new FaultyStore(RocksStore.open(dir, false));
        h = new EngineHarness(cfg, store);
    }

    /** A connected subscriber "s" with a session kept for an hour, on "t" at QoS 1. */
    private TestClient persistentQos1Subscriber() {
        TestClient s = h.connected(v5Connect("s", true, HOUR));
        s.subscribe("t", Qos.AT_LEAST_ONCE);
        return s;
    }

    /** kill -9 and start again after {@code downtime}: the store is reopened from its files. */
    private void restart(Duration downtime) {
        store.close();
        store = new FaultyStore(RocksStore.open(dir, false));
        h = h.restart(downtime, store);
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    private TestClient resume(String id, long expiry) {
        TestClient c = h.connect(v5Connect(id, false, expiry));
        assertThat(c.expectConnack().sessionPresent()).as("session present for %s", id).isTrue();
        return c;
    }

    /** A persistent session subscribed to {@code filter}, then disconnected normally. */
    private void offlineSubscriber(String id, String filter, Qos qos) {
        TestClient c = h.connected(v5Connect(id, true, HOUR));
        c.subscribe(filter, qos);
        c.disconnect(ReasonCode.SUCCESS);
    }

    /** Each message comes back, in order, with its original packet id and DUP = 1 [MQTT-4.4.0-1]. */
    private static List<Publish> expectResent(TestClient c, String topic, Publish... before) {
        List<Publish> again = new java.util.ArrayList<>();
        for (Publish p : before) {
            Publish r = c.expectPublish(topic, text(p));
            assertThat(r.packetId()).as("packet id of %s", text(p)).isEqualTo(p.packetId());
            assertThat(r.dup()).as("DUP of %s", text(p)).isTrue();
            again.add(r);
        }
        return again;
    }

    private static String text(Publish p) {
        return new String(p.payload(), StandardCharsets.UTF_8);
    }

    @Test
    void queued_qos1_and_qos2_of_an_offline_session_survive_a_restart_MQTT_4_1_0_1() {
        start();
        offlineSubscriber("s", "t", Qos.EXACTLY_ONCE);
        TestClient p = h.v5("p");
        p.publishAndComplete("t", Qos.AT_LEAST_ONCE, false, "one");
        p.publishAndComplete("t", Qos.EXACTLY_ONCE, false, "two");

        restart(Duration.ofSeconds(10));

        TestClient s = resume("s", HOUR);
        Publish one = s.expectPublish("t", "one");
        Publish two = s.expectPublish("t", "two");
        assertThat(one.qos()).isEqualTo(Qos.AT_LEAST_ONCE);
        assertThat(two.qos()).isEqualTo(Qos.EXACTLY_ONCE);
        assertThat(one.dup()).isFalse();
        s.expectNothing();
        s.puback(one.packetId());
        s.pubrec(two.packetId());
        s.expect(Pubrel.class);
        s.pubcomp(two.packetId());
        assertThat(store.contents().sessions.get("s").deliveries()).isEmpty();
    }

    @Test
    void in_flight_messages_come_back_with_their_packet_ids_and_dup_and_pubrel_for_await_pubcomp_MQTT_4_4_0_1() {
        start();
        TestClient s = h.connected(v5Connect("s", true, HOUR));
        s.subscribe("t", Qos.EXACTLY_ONCE);
        TestClient p = h.v5("p");
        p.publishAndComplete("t", Qos.AT_LEAST_ONCE, false, "a");
        p.publishAndComplete("t", Qos.EXACTLY_ONCE, false, "b");
        p.publishAndComplete("t", Qos.EXACTLY_ONCE, false, "c");
        Publish a = s.expectPublish("t", "a");
        Publish b = s.expectPublish("t", "b");
        Publish c = s.expectPublish("t", "c");
        s.pubrec(c.packetId()); // c now awaits PUBCOMP
        assertThat(s.expect(Pubrel.class).packetId()).isEqualTo(c.packetId());

        restart(Duration.ofSeconds(5)); // s was connected at the crash

        TestClient back = resume("s", HOUR);
        Publish b2 = expectResent(back, "t", a, b).get(1);
        assertThat(b2.qos()).isEqualTo(Qos.EXACTLY_ONCE);
        assertThat(back.expect(Pubrel.class).packetId()).isEqualTo(c.packetId());
        back.expectNothing();
        back.puback(a.packetId());
        back.pubcomp(c.packetId());
        back.pubrec(b.packetId());
        back.expect(Pubrel.class);
        back.pubcomp(b.packetId());
        back.expectNothing();
        assertThat(store.contents().sessions.get("s").deliveries()).isEmpty();
    }

    @Test
    void qos1_sent_under_its_derived_id_is_written_once_and_restored_in_flight_by_the_sent_mark_MQTT_4_4_0_1() {
        start(c -> c.maxInflightWindow = 2);
        TestClient s = persistentQos1Subscriber();
        TestClient p = h.v5("p");
        for (String m : List.of("a", "b", "c", "d")) {
            p.publishAndComplete("t", Qos.AT_LEAST_ONCE, false, m);
        }
        Publish a = s.expectPublish("t", "a");
        Publish b = s.expectPublish("t", "b");
        s.expectNothing(); // c and d wait for the window
        // Stored once each, as queued; the sent mark says a and b went out under their sequences' ids.
        var stored = store.contents().sessions.get("s").deliveries();
        assertThat(stored).extracting(d -> d.state().name())
                .containsExactly("AWAIT_PUBACK", "AWAIT_PUBACK", "QUEUED", "QUEUED");
        assertThat(stored.subList(0, 2)).extracting(d -> d.packetId()).containsExactly(a.packetId(), b.packetId());

        restart(Duration.ofSeconds(5)); // s was connected at the crash

        TestClient back = resume("s", HOUR);
        expectResent(back, "t", a, b);
        back.expectNothing();
        back.puback(a.packetId());
        Publish c = back.expectPublish("t", "c");
        assertThat(c.dup()).as("never sent before the crash").isFalse();
        back.puback(b.packetId());
        back.puback(c.packetId());
        Publish d = back.expectPublish("t", "d");
        back.puback(d.packetId());
        back.expectNothing();
        assertThat(store.contents().sessions.get("s").deliveries()).isEmpty();

        restart(Duration.ofSeconds(5));
        resume("s", HOUR).expectNothing(); // acknowledged means gone: nothing comes back
    }

    @Test
    void a_qos1_whose_derived_id_is_still_in_flight_takes_another_and_is_stored_with_it_MQTT_2_2_1_4() {
        start(c -> c.maxInflightWindow = 65535);
        TestClient s = persistentQos1Subscriber();
        TestClient p = h.v5("p");
        p.publishAndComplete("t", Qos.AT_LEAST_ONCE, false, "first");
        Publish first = s.expectPublish("t", "first"); // sequence 1, never acknowledged here
        for (int i = 0; i < 65534; i++) { // sequences 2 .. 65535, acknowledged at once
            p.publishAndComplete("t", Qos.AT_LEAST_ONCE, false, "x");
            s.puback(s.expectPublish("t", "x").packetId());
        }
        p.publishAndComplete("t", Qos.AT_LEAST_ONCE, false, "wrapped"); // sequence 65536: derived id = first's
        Publish wrapped = s.expectPublish("t", "wrapped");
        assertThat(wrapped.packetId()).as("a packet id in use is never reused [MQTT-2.2.1-4]")
                .isNotEqualTo(first.packetId());

        restart(Duration.ofSeconds(5));

        TestClient back = resume("s", HOUR);
        Publish first2 = back.expectPublish("t", "first");
        Publish wrapped2 = back.expectPublish("t", "wrapped");
        assertThat(List.of(first2.packetId(), wrapped2.packetId())).containsExactly(first.packetId(), wrapped.packetId());
        back.expectNothing();
    }

    @Test
    void inbound_qos2_awaiting_pubrel_survives_so_a_resent_publish_is_not_delivered_twice_MQTT_4_3_3_10() {
        start();
        offlineSubscriber("s", "t", Qos.EXACTLY_ONCE);
        TestClient p = h.connected(v5Connect("p", true, HOUR));
        int id = p.publish("t", Qos.EXACTLY_ONCE, "once");
        assertThat(p.expect(Pubrec.class).packetId()).isEqualTo(id);

        restart(Duration.ofSeconds(1)); // before the publisher's PUBREL

        TestClient p2 = resume("p", HOUR);
        p2.packet(new Publish("t", Qos.EXACTLY_ONCE, true, false, id, PublishProperties.NONE, bytes("once")));
        assertThat(p2.expect(Pubrec.class).packetId()).isEqualTo(id);
        p2.packet(Pubrel.of(id));
        assertThat(p2.expect(Pubcomp.class).packetId()).isEqualTo(id);

        TestClient s = resume("s", HOUR);
        s.expectPublish("t", "once");
        s.expectNothing();
        assertThat(store.contents().sessions.get("p").awaitingPubrel()).isEmpty();
    }

    @Test
    void subscriptions_with_options_and_identifiers_survive_a_restart_MQTT_3_8_3_1() {
        start();
        TestClient s = h.connected(v5Connect("s", true, HOUR));
        SubscriptionOptions opts = new SubscriptionOptions(Qos.AT_LEAST_ONCE, true, true, 2);
        s.subscribe(7, new TopicSubscription("a/+", opts));
        s.subscribe(9, new TopicSubscription("b/#", SubscriptionOptions.of(Qos.EXACTLY_ONCE)));
        s.disconnect(ReasonCode.SUCCESS);

        restart(Duration.ofSeconds(1));

        assertThat(h.session("s").subscriptions()).containsOnly(
                java.util.Map.entry("a/+", new SubscriptionData(opts, 7)),
                java.util.Map.entry("b/#", new SubscriptionData(SubscriptionOptions.of(Qos.EXACTLY_ONCE), 9)));
        h.v5("p").publishAndComplete("a/x", Qos.EXACTLY_ONCE, true, "kept");
        TestClient back = resume("s", HOUR);
        Publish m = back.expectPublish("a/x", "kept");
        assertThat(m.qos()).isEqualTo(Qos.AT_LEAST_ONCE);       // max QoS of the subscription
        assertThat(m.retain()).isTrue();                         // retain as published
        assertThat(m.properties().subscriptionIdentifiers()).containsExactly(7);
        back.puback(m.packetId());
        back.publish("a/y", Qos.AT_MOST_ONCE, "own");            // no local: not back to itself
        back.expectNothing();
    }

    @Test
    void retained_messages_survive_and_an_empty_payload_deletes_them_across_restarts_MQTT_3_3_1_6() {
        start();
        TestClient p = h.v5("p");
        p.publishAndComplete("r/1", Qos.AT_LEAST_ONCE, true, "v1");
        p.publishAndComplete("r/2", Qos.AT_MOST_ONCE, true, "v2");
        p.publishAndComplete("r/1", Qos.EXACTLY_ONCE, true, "v1b");

        restart(Duration.ofSeconds(1));
        TestClient c = h.v5("c1");
        c.subscribe("r/#", Qos.AT_LEAST_ONCE);
        assertThat(c.drain().stream().map(x -> text((Publish) x)).toList()).containsExactlyInAnyOrder("v1b", "v2");
        h.v5("p").publishAndComplete("r/1", Qos.AT_LEAST_ONCE, true, "");

        restart(Duration.ofSeconds(1));
        TestClient d = h.v5("c2");
        d.subscribe("r/#", Qos.AT_LEAST_ONCE);
        d.expectPublish("r/2", "v2");
        d.expectNothing();
        assertThat(store.contents().retained).containsOnlyKeys("r/2");
    }

    @Test
    void session_expiry_continues_across_a_restart_MQTT_3_1_2_23() {
        start();
        offlineSubscriber("s", "t", Qos.AT_LEAST_ONCE); // disconnected at T, expiry ...
        h.connected(v5Connect("s", false, 100)).disconnect(ReasonCode.SUCCESS); // ... 100 s
        h.advance(Duration.ofSeconds(10));

        restart(Duration.ofSeconds(50)); // up again at T + 60 s

        assertThat(h.session("s")).isNotNull();
        h.advanceMillis(39_999);
        assertThat(h.session("s")).isNotNull();
        h.advanceMillis(1);
        assertThat(h.session("s")).isNull();
        assertThat(store.contents().sessions).doesNotContainKey("s");
    }

    @Test
    void a_session_that_expired_while_down_is_gone_at_recovery_and_its_will_is_published_then_MQTT_3_1_3_9() {
        start();
        offlineSubscriber("w", "will/#", Qos.AT_LEAST_ONCE);
        h.connected(v5Connect("c1", true, 30).withWill(will("will/c1", "gone", Qos.AT_LEAST_ONCE, HOUR)))
                .dropConnection();

        restart(Duration.ofSeconds(100));

        assertThat(h.session("c1")).isNull();
        assertThat(store.contents().sessions).doesNotContainKey("c1");
        TestClient c = h.connect(v5Connect("c1", false, 30));
        assertThat(c.expectConnack().sessionPresent()).isFalse();
        resume("w", HOUR).expectPublish("will/c1", "gone");
    }

    @Test
    void a_will_due_while_down_is_published_at_recovery_and_one_not_yet_due_fires_later_MQTT_3_1_3_9() {
        start();
        offlineSubscriber("w", "will/#", Qos.AT_LEAST_ONCE);
        h.connected(v5Connect("c1", true, HOUR).withWill(will("will/c1", "early", Qos.AT_LEAST_ONCE, 10)))
                .dropConnection();
        h.connected(v5Connect("c2", true, HOUR).withWill(will("will/c2", "late", Qos.AT_LEAST_ONCE, 100)))
                .dropConnection();

        restart(Duration.ofSeconds(50));

        TestClient w = resume("w", HOUR);
        Publish early = w.expectPublish("will/c1", "early");
        w.puback(early.packetId());
        w.expectNothing();
        h.advanceMillis(49_999);
        w.expectNothing();
        h.advanceMillis(1);
        w.expectPublish("will/c2", "late");
        assertThat(h.session("c1")).isNotNull();
        assertThat(h.session("c2")).isNotNull();
        assertThat(store.contents().sessions.get("c2").will()).isNull();
    }

    @Test
    void clean_sessions_and_qos0_are_not_written() {
        start();
        TestClient a = h.v5("p");
        TestClient b = h.connected(EngineHarness.v311Connect("c1", true));
        b.subscribe("t", Qos.EXACTLY_ONCE);
        a.publishAndComplete("t", Qos.AT_LEAST_ONCE, false, "x");
        a.publishAndComplete("t", Qos.EXACTLY_ONCE, false, "y");
        b.drain();
        b.disconnect(ReasonCode.SUCCESS);
        a.disconnect(ReasonCode.SUCCESS);
        assertThat(store.commits).isZero();

        offlineSubscriber("s", "t", Qos.AT_LEAST_ONCE);
        int before = store.commits;
        h.v5("p").publish("t", Qos.AT_MOST_ONCE, "q0");
        assertThat(store.commits).isEqualTo(before);
        assertThat(store.contents().sessions.keySet()).containsExactly("s");
        assertThat(store.contents().sessions.get("s").deliveries()).isEmpty();
    }

    @Test
    void a_clean_start_reconnect_deletes_the_old_session_from_the_store_MQTT_3_1_2_4() {
        start();
        offlineSubscriber("s", "t", Qos.AT_LEAST_ONCE);
        offlineSubscriber("w", "t", Qos.AT_LEAST_ONCE);
        h.v5("p").publishAndComplete("t", Qos.AT_LEAST_ONCE, false, "queued");
        assertThat(store.contents().sessions.get("s").deliveries()).hasSize(1);

        h.connected(v5Connect("s", true, 0)).disconnect(ReasonCode.SUCCESS);
        TestClient w = h.connect(v5Connect("w", true, HOUR));
        assertThat(w.expectConnack().sessionPresent()).isFalse();

        FaultyStore.Contents stored = store.contents();
        assertThat(stored.sessions).doesNotContainKey("s");
        StoredSession fresh = stored.sessions.get("w");
        assertThat(fresh.subscriptions()).isEmpty();
        assertThat(fresh.deliveries()).isEmpty();
    }

    @Test
    void no_puback_before_the_store_commit_and_0x97_while_writes_fail() {
        start();
        offlineSubscriber("s", "t", Qos.AT_LEAST_ONCE); // on the other shard than p
        offlineSubscriber("c1", "t", Qos.AT_LEAST_ONCE); // on p's shard
        TestClient p = h.v5("p");
        store.failing = true;
        p.publish("t", Qos.AT_LEAST_ONCE, "not durable");
        assertThat(p.drain()).as("no PUBACK for a message the store did not take").isEmpty();
        assertThat(p.closed).isTrue();

        TestClient p2 = h.v5("p");
        int id = p2.publish("t", Qos.AT_LEAST_ONCE, "refused");
        Puback ack = p2.expect(Puback.class);
        assertThat(ack.packetId()).isEqualTo(id);
        assertThat(ack.reasonCode()).isEqualTo(ReasonCode.QUOTA_EXCEEDED);

        store.failing = false;
        h.advance(Duration.ofSeconds(2));
        TestClient p3 = h.v5("p");
        p3.publishAndComplete("t", Qos.AT_LEAST_ONCE, false, "accepted again");
    }

    @Test
    void no_puback_while_another_shard_cannot_commit_its_share_the_publisher_is_closed() {
        start();
        offlineSubscriber("s", "t", Qos.AT_LEAST_ONCE); // shard 1 only; p is on shard 0
        TestClient p = h.v5("p");
        store.failing = true;
        p.publish("t", Qos.AT_LEAST_ONCE, "not durable");
        List<MqttPacket> seen = p.drain();
        assertThat(seen).noneMatch(x -> x instanceof Puback);
        assertThat(p.closed).as("the publisher must not wait for a PUBACK that never comes").isTrue();
    }

    @Test
    void a_qos2_message_reaches_another_shard_only_after_its_packet_id_is_durable_MQTT_4_3_3_10() {
        // If another shard delivered before the publisher's shard committed the packet id as awaiting
        // PUBREL, a crash in between would let the publisher's re-send be delivered a second time.
        start();
        TestClient s = h.v5("s"); // a clean session on the other shard than p: it writes nothing durable
        s.subscribe("t", Qos.EXACTLY_ONCE);
        TestClient p = h.connected(v5Connect("p", true, HOUR)); // persistent: its QoS 2 ids are durable state
        store.failing = true;
        p.publish("t", Qos.EXACTLY_ONCE, "once");
        assertThat(s.drain()).as("delivered before the publisher's shard made the packet id durable")
                .noneMatch(x -> x instanceof Publish);
        assertThat(p.drain()).noneMatch(x -> x instanceof Pubrec);
    }

    @Test
    void the_store_holds_what_a_v311_persistent_session_needs_too() {
        start();
        TestClient s = h.connected(EngineHarness.v311Connect("s", false));
        s.subscribe("t", Qos.AT_LEAST_ONCE);
        s.dropConnection();
        h.v5("p").publishAndComplete("t", Qos.AT_LEAST_ONCE, false, "for 3.1.1");

        restart(Duration.ofSeconds(1));

        TestClient back = h.connect(EngineHarness.v311Connect("s", false));
        Connack ack = back.expect(Connack.class);
        assertThat(ack.sessionPresent()).isTrue();
        assertThat(back.version).isEqualTo(MqttVersion.V3_1_1);
        back.expectPublish("t", "for 3.1.1");
    }
}
