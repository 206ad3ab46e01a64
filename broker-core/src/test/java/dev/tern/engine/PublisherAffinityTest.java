package dev.tern.engine;

import dev.tern.packet.Connect;
import dev.tern.packet.MqttVersion;
import dev.tern.packet.Puback;
import dev.tern.packet.Pubcomp;
import dev.tern.packet.Pubrec;
import dev.tern.packet.Pubrel;
import dev.tern.packet.Publish;
import dev.tern.packet.PublishProperties;
import dev.tern.packet.Qos;
import dev.tern.packet.ReasonCode;
import dev.tern.session.Session;
import dev.tern.store.RocksStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static dev.tern.engine.EngineHarness.v5Connect;
import static dev.tern.engine.EngineHarness.will;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Publisher affinity (docs/architecture.md): a publisher whose messages all go to subscribers on one
 * other shard, one or two per hand-off, moves to that shard; everything the protocol promises about
 * its session (ordering, takeover, keepalive, will, expiry) holds across the move.
 */
class PublisherAffinityTest {
    private final EngineHarness h = new EngineHarness();
    private static final int STREAK = Connection.AFFINITY_STREAK;

    /** A client id that hashes to the given shard of two. */
    private static String idOn(int shard, String prefix) {
        for (int i = 0; ; i++) {
            String id = prefix + i;
            if (Math.floorMod(id.hashCode(), 2) == shard) {
                return id;
            }
        }
    }

    private static final String SUB = idOn(1, "sub-");
    private static final String PUB = idOn(0, "pub-");

    private TestClient subscriber() {
        TestClient sub = h.v5(SUB);
        sub.subscribe("t", Qos.AT_LEAST_ONCE);
        return sub;
    }

    private TestClient subscriberToAll(Qos qos) {
        TestClient sub = h.v5(SUB);
        sub.subscribe("#", qos);
        return sub;
    }

    /** The publisher, clean and not persistent, with the given keep alive and a will "gone" on will/pub. */
    private TestClient publisherWithWill(int keepAlive, Qos willQos) {
        return h.connected(Connect.of(MqttVersion.V5, PUB, true, keepAlive).withWill(will("will/pub", "gone", willQos, 0)));
    }

    /** Publishes QoS 1 messages one per turn; the subscriber gets and acknowledges each, in order [MQTT-4.6.0-6]. */
    private void exchange(TestClient pub, TestClient sub, int from, int count) {
        for (int i = from; i < from + count; i++) {
            int id = pub.publish("t", Qos.AT_LEAST_ONCE, "m" + i);
            assertThat(pub.expect(Puback.class).packetId()).isEqualTo(id);
            Publish p = sub.expectPublish("t", "m" + i);
            sub.puback(p.packetId());
        }
    }

    private int shardOf(String clientId) {
        return h.engine.shardFor(clientId).index();
    }

    @Test
    void a_lone_publisher_moves_to_its_subscribers_shard_after_a_streak_and_loses_nothing() {
        TestClient sub = subscriber();
        TestClient pub = h.connected(Connect.of(MqttVersion.V5, PUB, true, 10));
        assertThat(shardOf(SUB)).isEqualTo(1);
        assertThat(shardOf(PUB)).isZero();

        exchange(pub, sub, 0, STREAK - 1);
        assertThat(shardOf(PUB)).as("not before %d messages in a row", STREAK).isZero();
        exchange(pub, sub, STREAK - 1, 1);
        assertThat(shardOf(PUB)).isEqualTo(1);
        assertThat(h.engine.shard(0).session(PUB)).isNull();
        Session moved = h.engine.shard(1).session(PUB);
        assertThat(moved).isNotNull();
        assertThat(moved.shardIndex()).isEqualTo(1);
        assertThat(moved.link()).isSameAs(pub.connection);
        assertThat(pub.moves).isEqualTo(1);
        assertThat(h.engine.metrics().publishersMoved.sum()).isEqualTo(1);
        assertThat(h.engine.shard(0).keepalives().pending()).as("nothing left in the old shard's wheel").isZero();

        exchange(pub, sub, STREAK, 100);
        assertThat(pub.moves).as("delivered locally now: it stays").isEqualTo(1);
        sub.expectNothing();
        pub.expectNothing();
    }

    @Test
    void after_the_move_the_new_shard_enforces_keepalive_and_publishes_the_will_MQTT_3_1_2_22() {
        TestClient sub = subscriberToAll(Qos.AT_LEAST_ONCE);
        TestClient pub = publisherWithWill(10, Qos.AT_LEAST_ONCE);
        for (int i = 0; i < STREAK; i++) {
            pub.publish("t", Qos.AT_MOST_ONCE, "m" + i);
            sub.expectPublish("t", "m" + i);
        }
        assertThat(shardOf(PUB)).isEqualTo(1);

        h.advance(Duration.ofMillis(14_990)); // 1.5 x 10 s from the last packet, less 10 ms
        assertThat(pub.closed).isFalse();
        h.advance(Duration.ofMillis(20));
        assertThat(pub.closed).isTrue();
        pub.expectDisconnect(ReasonCode.KEEP_ALIVE_TIMEOUT);
        Publish w = sub.expectPublish("will/pub", "gone");
        sub.puback(w.packetId());
        assertThat(shardOf(PUB)).as("the session ended: the id belongs to its hash again").isZero();
        assertThat(h.engine.relocatedCount()).isZero();
    }

    @Test
    void a_new_connection_with_the_id_takes_over_on_the_new_shard_MQTT_3_1_4_3() {
        TestClient sub = subscriber();
        TestClient pub = h.connected(v5Connect(PUB, true, 60));
        exchange(pub, sub, 0, STREAK);
        assertThat(shardOf(PUB)).isEqualTo(1);

        TestClient again = h.connect(v5Connect(PUB, false, 60));
        pub.expectDisconnect(ReasonCode.SESSION_TAKEN_OVER);
        assertThat(pub.closed).isTrue();
        assertThat(again.expectConnack().sessionPresent()).isTrue();
        assertThat(h.allSessions().stream().filter(s -> s.clientId().equals(PUB))).hasSize(1);
        assertThat(h.engine.shard(1).session(PUB).link()).isSameAs(again.connection);
        exchange(again, sub, STREAK, 5);
    }

    @Test
    void a_kept_session_stays_on_the_new_shard_until_it_expires_MQTT_3_1_2_5() {
        TestClient sub = subscriber();
        TestClient pub = h.connected(v5Connect(PUB, true, 60));
        exchange(pub, sub, 0, STREAK);
        pub.disconnect(ReasonCode.SUCCESS);
        assertThat(shardOf(PUB)).isEqualTo(1);
        assertThat(h.engine.shard(1).session(PUB)).isNotNull();

        TestClient back = h.connect(v5Connect(PUB, false, 60));
        assertThat(back.expectConnack().sessionPresent()).isTrue();
        back.disconnect(ReasonCode.SUCCESS);
        h.advance(Duration.ofSeconds(61));
        assertThat(h.allSessions().stream().filter(s -> s.clientId().equals(PUB))).isEmpty();
        assertThat(shardOf(PUB)).isZero();
        TestClient fresh = h.connect(v5Connect(PUB, false, 60));
        assertThat(fresh.expectConnack().sessionPresent()).isFalse();
        assertThat(h.engine.shard(0).session(PUB)).isNotNull();
    }

    @Test
    void a_clean_start_on_the_new_shard_keeps_the_id_there() {
        TestClient sub = subscriber();
        TestClient pub = h.connected(v5Connect(PUB, true, 0));
        exchange(pub, sub, 0, STREAK);
        TestClient again = h.connect(v5Connect(PUB, true, 0)); // takeover ends the old session, then a new one
        again.expectConnack();
        assertThat(shardOf(PUB)).isEqualTo(1);
        assertThat(h.engine.shard(1).session(PUB).link()).isSameAs(again.connection);
        assertThat(h.allSessions().stream().filter(s -> s.clientId().equals(PUB))).hasSize(1);
        again.disconnect(ReasonCode.SUCCESS);
        assertThat(shardOf(PUB)).isZero();
    }

    @Test
    void a_qos2_flow_open_at_the_move_completes_on_the_new_shard_exactly_once_MQTT_4_3_3_10() {
        TestClient sub = subscriber();
        TestClient pub = h.v5(PUB);
        exchange(pub, sub, 0, STREAK - 1);
        int id = pub.publish("t", Qos.EXACTLY_ONCE, "q");
        assertThat(pub.expect(Pubrec.class).packetId()).isEqualTo(id);
        assertThat(shardOf(PUB)).as("moved with its PUBREL outstanding").isEqualTo(1);
        Publish p = sub.expectPublish("t", "q");
        sub.puback(p.packetId());
        // The client re-sends the PUBLISH before PUBREL: acknowledged again, not delivered again.
        pub.packet(new Publish("t", Qos.EXACTLY_ONCE, true, false, id, PublishProperties.NONE, "q".getBytes(StandardCharsets.UTF_8)));
        assertThat(pub.expect(Pubrec.class).packetId()).isEqualTo(id);
        sub.expectNothing();
        pub.packet(Pubrel.of(id));
        assertThat(pub.expect(Pubcomp.class).packetId()).isEqualTo(id);
        assertThat(pub.moves).isEqualTo(1);
    }

    @Test
    void with_a_durable_store_the_move_waits_for_the_acknowledgements_of_other_shards_commits(@TempDir Path dir) {
        RocksStore store = RocksStore.open(dir, false);
        try {
            EngineHarness d = new EngineHarness(c -> { }, store);
            TestClient sub = d.connected(v5Connect(SUB, true, 3600)); // persistent: its deliveries are journaled
            sub.subscribe("t", Qos.AT_LEAST_ONCE);
            TestClient pub = d.v5(PUB); // not persistent: nothing of it is in the store
            for (int i = 0; i < STREAK + 10; i++) {
                int id = pub.publish("t", Qos.AT_LEAST_ONCE, "m" + i);
                // Acknowledged only after the subscriber's shard committed the delivery (DESIGN.md: Persistence).
                assertThat(pub.expect(Puback.class).packetId()).isEqualTo(id);
                Publish p = sub.expectPublish("t", "m" + i);
                sub.puback(p.packetId());
            }
            assertThat(d.engine.shardFor(PUB).index()).isEqualTo(1);
            assertThat(pub.moves).isEqualTo(1);
            assertThat(d.engine.shard(1).session(PUB).isJournaled()).isFalse();
            pub.expectNothing();
        } finally {
            store.close();
        }
    }

    @Test
    void a_persistent_session_in_a_durable_store_stays_with_its_records(@TempDir Path dir) {
        RocksStore store = RocksStore.open(dir, false);
        try {
            EngineHarness d = new EngineHarness(c -> { }, store);
            TestClient sub = d.v5(SUB);
            sub.subscribe("t", Qos.AT_MOST_ONCE);
            TestClient pub = d.connected(v5Connect(PUB, true, 3600));
            for (int i = 0; i < 3 * STREAK; i++) {
                pub.publish("t", Qos.AT_MOST_ONCE, "m" + i);
                sub.expectPublish("t", "m" + i);
            }
            assertThat(pub.moves).isZero();
            assertThat(d.engine.shardFor(PUB).index()).isZero();
        } finally {
            store.close();
        }
    }

    @Test
    void a_client_that_ever_subscribed_does_not_move() {
        TestClient sub = subscriber();
        TestClient pub = h.v5(PUB);
        pub.subscribe("elsewhere", Qos.AT_MOST_ONCE);
        pub.unsubscribe("elsewhere");
        exchange(pub, sub, 0, 3 * STREAK);
        assertThat(shardOf(PUB)).isZero();
        assertThat(pub.moves).isZero();
    }

    @Test
    void messages_to_subscribers_on_both_shards_do_not_move_the_publisher() {
        TestClient sub = subscriber();
        TestClient local = h.v5(idOn(0, "local-"));
        local.subscribe("t", Qos.AT_MOST_ONCE);
        TestClient pub = h.v5(PUB);
        for (int i = 0; i < 3 * STREAK; i++) {
            pub.publish("t", Qos.AT_MOST_ONCE, "m" + i);
            sub.expectPublish("t", "m" + i);
            local.expectPublish("t", "m" + i);
        }
        assertThat(pub.moves).isZero();
    }

    @Test
    void a_publisher_whose_hand_offs_fill_a_batch_stays_where_it_is() {
        TestClient sub = h.v5(SUB);
        sub.subscribe("t", Qos.AT_MOST_ONCE);
        TestClient pub = h.v5(PUB);
        for (int turn = 0; turn < 10; turn++) {
            for (int i = 0; i < STREAK; i++) { // a read batch: one turn, one hand-off of 32 deliveries
                pub.connection.onPacket(new Publish("t", Qos.AT_MOST_ONCE, false, false, 0, PublishProperties.NONE,
                        ("m" + i).getBytes(StandardCharsets.UTF_8)));
            }
            h.runPending();
            assertThat(sub.drain()).hasSize(STREAK);
        }
        assertThat(pub.moves).isZero();
        assertThat(shardOf(PUB)).isZero();
    }

    @Test
    void nothing_moves_when_publisher_affinity_is_off_or_the_transport_cannot_move_the_connection() {
        EngineHarness off = new EngineHarness(c -> c.publisherAffinity = false);
        TestClient sub = off.v5(SUB);
        sub.subscribe("t", Qos.AT_MOST_ONCE);
        TestClient pub = off.v5(PUB);
        for (int i = 0; i < 2 * STREAK; i++) {
            pub.publish("t", Qos.AT_MOST_ONCE, "m" + i);
        }
        assertThat(sub.drain()).hasSize(2 * STREAK);
        assertThat(pub.moves).isZero();
        assertThat(off.engine.shardFor(PUB).index()).isZero();

        TestClient sub2 = subscriber();
        TestClient pinned = h.v5(PUB);
        pinned.movable = false;
        exchange(pinned, sub2, 0, 2 * STREAK);
        assertThat(pinned.moves).isZero();
        assertThat(shardOf(PUB)).isZero();
    }

    @Test
    void a_connection_whose_socket_closes_while_it_leaves_ends_on_the_old_shard_with_its_will() {
        TestClient sub = subscriberToAll(Qos.AT_MOST_ONCE);
        TestClient pub = publisherWithWill(0, Qos.AT_MOST_ONCE);
        pub.whileLeaving = () -> {
            pub.closed = true;
            pub.connection.onChannelClosed(null);
        };
        for (int i = 0; i < STREAK; i++) {
            pub.publish("t", Qos.AT_MOST_ONCE, "m" + i);
            sub.expectPublish("t", "m" + i);
        }
        assertThat(pub.moves).isZero();
        assertThat(shardOf(PUB)).isZero();
        assertThat(h.allSessions().stream().filter(s -> s.clientId().equals(PUB))).isEmpty();
        sub.expectPublish("will/pub", "gone");
        assertThat(h.engine.metrics().publishersMoved.sum()).isZero();
    }

    @Test
    void a_takeover_while_it_leaves_wins_and_the_move_is_dropped_MQTT_3_1_4_3() {
        TestClient sub = subscriber();
        TestClient pub = h.connected(v5Connect(PUB, true, 60));
        TestClient[] again = new TestClient[1];
        pub.whileLeaving = () -> again[0] = h.connect(v5Connect(PUB, false, 60));
        exchange(pub, sub, 0, STREAK);
        pub.expectDisconnect(ReasonCode.SESSION_TAKEN_OVER);
        assertThat(again[0].expectConnack().sessionPresent()).isTrue();
        assertThat(pub.moves).isZero();
        assertThat(shardOf(PUB)).isZero();
        assertThat(h.engine.shard(0).session(PUB).link()).isSameAs(again[0].connection);
        exchange(again[0], sub, STREAK, 3);
    }
}
