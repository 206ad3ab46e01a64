package dev.tern.store;

import static dev.tern.store.StoreFixtures.bareMessage;
import static dev.tern.store.StoreFixtures.delivery;
import static dev.tern.store.StoreFixtures.fullMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.packet.MqttVersion;
import dev.tern.packet.Qos;
import dev.tern.packet.SubscriptionOptions;
import dev.tern.store.StoredDelivery.State;
import dev.tern.store.StoredSession.StoredSubscription;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/** Everything committed survives close and reopen; nothing else does (DESIGN.md: Persistence). */
class RocksStoreTest {

    @TempDir
    Path dir;

    private final List<SessionStore> open = new ArrayList<>();

    @AfterEach
    void closeAll() {
        open.forEach(SessionStore::close);
    }

    private RocksStore open(boolean sync) {
        RocksStore store = RocksStore.open(dir, sync);
        open.add(store);
        return store;
    }

    private RocksStore reopen(RocksStore store) {
        store.close();
        return open(false);
    }

    private static final class Recovered {
        final Map<String, StoredSession> sessions = new LinkedHashMap<>();
        final Map<String, StoredMessage> retained = new LinkedHashMap<>();
    }

    private static Recovered recover(SessionStore store) {
        Recovered r = new Recovered();
        store.recover(s -> r.sessions.put(s.clientId(), s), r.retained::put);
        return r;
    }

    @Test
    void committed_state_of_a_session_survives_a_reopen() {
        RocksStore store = open(true);
        SessionStore.Batch batch = store.newBatch();
        batch.putSession("clïent-1", MqttVersion.V5, 0xFFFF_FFFFL, 1_700_000_000_000L);
        var s1 = new StoredSubscription(new SubscriptionOptions(Qos.EXACTLY_ONCE, true, true, 2), 12);
        var s2 = new StoredSubscription(SubscriptionOptions.of(Qos.AT_MOST_ONCE), 0);
        batch.putSubscription("clïent-1", "a/+/#", s1);
        batch.putSubscription("clïent-1", "$share/g/x", s2);
        // Written out of order, with a sequence above 255 so byte order (not insertion order) is what is tested.
        List<StoredDelivery> deliveries = List.of(
                delivery(0, State.AWAIT_PUBACK, 1), delivery(1, State.AWAIT_PUBREC, 2),
                delivery(2, State.AWAIT_PUBCOMP, 3), delivery(3, State.QUEUED, 0), delivery(300, State.QUEUED, 0));
        for (int i = deliveries.size() - 1; i >= 0; i--) {
            batch.putDelivery("clïent-1", deliveries.get(i));
        }
        batch.putAwaitingPubrel("clïent-1", 65535);
        batch.putAwaitingPubrel("clïent-1", 1);
        batch.putAwaitingPubrel("clïent-1", 256);
        StoredMessage will = fullMessage("will/t");
        batch.putWill("clïent-1", will, 1_700_000_005_000L);
        batch.putSession("c2", MqttVersion.V3_1_1, 60, 0);
        batch.putRetained("r/1", fullMessage("r/1"));
        batch.putRetained("r/2", bareMessage("r/2"));
        assertThat(batch.isEmpty()).isFalse();
        batch.commit();
        assertThat(batch.isEmpty()).isTrue();

        Recovered r = recover(reopen(store));

        assertThat(r.sessions).containsOnlyKeys("clïent-1", "c2");
        StoredSession s = r.sessions.get("clïent-1");
        assertThat(s.version()).isEqualTo(MqttVersion.V5);
        assertThat(s.expiryInterval()).isEqualTo(0xFFFF_FFFFL);
        assertThat(s.disconnectedAtMillis()).isEqualTo(1_700_000_000_000L);
        assertThat(s.subscriptions()).containsExactlyInAnyOrderEntriesOf(Map.of("a/+/#", s1, "$share/g/x", s2));
        assertThat(s.deliveries()).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(deliveries);
        assertThat(s.awaitingPubrel()).containsExactly(1, 256, 65535);
        assertThat(s.will()).usingRecursiveComparison().isEqualTo(will);
        assertThat(s.willAtMillis()).isEqualTo(1_700_000_005_000L);
        StoredSession c2 = r.sessions.get("c2");
        assertThat(c2).isEqualTo(new StoredSession("c2", MqttVersion.V3_1_1, 60, 0, Map.of(), List.of(), List.of(), null, 0));
        assertThat(r.retained).containsOnlyKeys("r/1", "r/2");
        assertThat(r.retained.get("r/1")).usingRecursiveComparison().isEqualTo(fullMessage("r/1"));
        assertThat(r.retained.get("r/2")).usingRecursiveComparison().isEqualTo(bareMessage("r/2"));
    }

    @Test
    void delete_session_removes_everything_of_that_client_and_nothing_of_a_client_with_a_longer_id() {
        RocksStore store = open(false);
        SessionStore.Batch batch = store.newBatch();
        for (String id : List.of("a", "ab", "")) {
            batch.putSession(id, MqttVersion.V5, 100, 0);
            batch.putSubscription(id, "t/#", new StoredSubscription(SubscriptionOptions.of(Qos.AT_LEAST_ONCE), 1));
            batch.putDelivery(id, delivery(5, State.AWAIT_PUBACK, 5));
            batch.putAwaitingPubrel(id, 9);
            batch.putWill(id, bareMessage("w"), 1);
        }
        batch.commit();
        batch.deleteSession("a");
        batch.commit();

        Recovered r = recover(reopen(store));

        assertThat(r.sessions).containsOnlyKeys("ab", "");
        for (StoredSession s : r.sessions.values()) {
            assertThat(s.subscriptions()).containsOnlyKeys("t/#");
            assertThat(s.deliveries()).hasSize(1);
            assertThat(s.awaitingPubrel()).containsExactly(9);
            assertThat(s.will()).isNotNull();
        }
    }

    @Test
    void a_deleted_session_leaves_no_orphans_that_a_new_session_of_the_same_id_would_inherit() {
        RocksStore store = open(false);
        SessionStore.Batch batch = store.newBatch();
        batch.putSession("a", MqttVersion.V5, 100, 0);
        batch.putSubscription("a", "x", new StoredSubscription(SubscriptionOptions.of(Qos.AT_LEAST_ONCE), 1));
        batch.putDelivery("a", delivery(1, State.QUEUED, 0));
        batch.commit();
        batch.deleteSession("a");
        batch.putSession("a", MqttVersion.V3_1_1, 5, 0); // same batch, after the range delete
        batch.commit();

        StoredSession s = recover(reopen(store)).sessions.get("a");
        assertThat(s).isEqualTo(new StoredSession("a", MqttVersion.V3_1_1, 5, 0, Map.of(), List.of(), List.of(), null, 0));
    }

    @Test
    void single_deletes_remove_one_record_each() {
        RocksStore store = open(false);
        SessionStore.Batch batch = store.newBatch();
        batch.putSession("c", MqttVersion.V5, 100, 0);
        batch.putSubscription("c", "x", new StoredSubscription(SubscriptionOptions.of(Qos.AT_LEAST_ONCE), 1));
        batch.putSubscription("c", "y", new StoredSubscription(SubscriptionOptions.of(Qos.AT_LEAST_ONCE), 2));
        batch.putDelivery("c", delivery(1, State.QUEUED, 0));
        batch.putDelivery("c", delivery(2, State.QUEUED, 0));
        batch.putAwaitingPubrel("c", 1);
        batch.putAwaitingPubrel("c", 2);
        batch.putWill("c", bareMessage("w"), 1);
        batch.putRetained("r", bareMessage("r"));
        batch.putRetained("s", bareMessage("s"));
        batch.commit();
        batch.deleteSubscription("c", "x");
        batch.deleteDelivery("c", 1);
        batch.deleteAwaitingPubrel("c", 1);
        batch.deleteWill("c");
        batch.deleteRetained("r");
        batch.commit();

        Recovered r = recover(reopen(store));
        StoredSession s = r.sessions.get("c");
        assertThat(s.subscriptions()).containsOnlyKeys("y");
        assertThat(s.deliveries()).extracting(StoredDelivery::sequence).containsExactly(2L);
        assertThat(s.awaitingPubrel()).containsExactly(2);
        assertThat(s.will()).isNull();
        assertThat(r.retained).containsOnlyKeys("s");
    }

    @Test
    void a_put_replaces_the_record_with_the_same_key() {
        RocksStore store = open(false);
        SessionStore.Batch batch = store.newBatch();
        batch.putSession("c", MqttVersion.V5, 100, 0);
        batch.putDelivery("c", delivery(1, State.QUEUED, 0));
        batch.commit();
        batch.putDelivery("c", delivery(1, State.AWAIT_PUBCOMP, 77));
        batch.commit();

        StoredSession s = recover(reopen(store)).sessions.get("c");
        assertThat(s.deliveries()).singleElement().satisfies(d -> {
            assertThat(d.state()).isEqualTo(State.AWAIT_PUBCOMP);
            assertThat(d.packetId()).isEqualTo(77);
        });
    }

    @Test
    void uncommitted_writes_are_not_visible_after_reopen() {
        RocksStore store = open(false);
        SessionStore.Batch batch = store.newBatch();
        batch.putSession("kept", MqttVersion.V5, 10, 0);
        batch.commit();
        batch.putSession("lost", MqttVersion.V5, 10, 0);
        batch.putRetained("lost", bareMessage("lost"));
        batch.deleteSession("kept");

        Recovered r = recover(reopen(store));
        assertThat(r.sessions).containsOnlyKeys("kept");
        assertThat(r.retained).isEmpty();
    }

    @Test
    void ten_thousand_deliveries_in_one_batch_commit_and_recover_in_order() {
        RocksStore store = open(true);
        SessionStore.Batch batch = store.newBatch();
        batch.putSession("bulk", MqttVersion.V5, 100, 0);
        for (int i = 0; i < 10_000; i++) {
            batch.putDelivery("bulk", delivery(i, State.QUEUED, 0));
        }
        batch.commit();

        StoredSession s = recover(reopen(store)).sessions.get("bulk");
        assertThat(s.deliveries()).hasSize(10_000);
        for (int i = 0; i < 10_000; i++) {
            assertThat(s.deliveries().get(i).sequence()).isEqualTo(i);
        }
        assertThat(s.deliveries().get(9_999)).usingRecursiveComparison().isEqualTo(delivery(9_999, State.QUEUED, 0));
    }

    @Test
    void a_second_open_of_the_same_directory_fails_naming_the_lock() {
        open(false);
        assertThatThrownBy(() -> RocksStore.open(dir, false))
                .isInstanceOf(StoreException.class)
                .hasMessage("another Tern process holds the store at " + dir
                        + " (LOCK); stop it or point persistence at another directory");
    }

    @Test
    void a_store_of_another_format_is_refused() throws Exception {
        open(false).close();
        writeRawFormat(3);
        assertThatThrownBy(() -> RocksStore.open(dir, false))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("store at " + dir + " has format 3, this Tern reads formats 1 to 2; ");
        // and the refused open released everything: the right format opens again
        writeRawFormat(2);
        assertThat(recover(open(false)).sessions).isEmpty();
    }

    @Test
    void a_format_1_store_is_read_as_is_and_marked_format_2() throws Exception {
        RocksStore s = open(false);
        SessionStore.Batch b = s.newBatch();
        b.putSession("c", MqttVersion.V5, 60, 0);
        b.putDelivery("c", delivery(1, State.AWAIT_PUBACK, 7));
        b.commit();
        s.close();
        writeRawFormat(1);

        RocksStore upgraded = open(false);
        assertThat(recover(upgraded).sessions.get("c").deliveries()).extracting(StoredDelivery::packetId)
                .containsExactly(7);
        upgraded.close();
        assertThat(readRawFormat()).isEqualTo(2);
    }

    @Test
    void queued_qos1_deliveries_up_to_the_sent_mark_come_back_in_flight_with_their_derived_ids() {
        RocksStore s = open(false);
        SessionStore.Batch b = s.newBatch();
        b.putSession("c", MqttVersion.V5, 60, 0);
        for (long seq = 1; seq <= 4; seq++) {
            b.putDelivery("c", new StoredDelivery(seq, State.QUEUED, 0, Qos.AT_LEAST_ONCE, false, List.of(),
                    fullMessage("d/" + seq)));
        }
        b.putSentMark("c", 2);
        b.deleteDeliveries("c", 1, 2); // sequence 1 acknowledged
        b.commit();

        List<StoredDelivery> d = recover(s).sessions.get("c").deliveries();
        assertThat(d).extracting(StoredDelivery::sequence).containsExactly(2L, 3L, 4L);
        assertThat(d).extracting(x -> x.state()).containsExactly(State.AWAIT_PUBACK, State.QUEUED, State.QUEUED);
        assertThat(d.get(0).packetId()).isEqualTo(dev.tern.packet.PacketIds.forSequence(2));
    }

    @Test
    void a_rocksdb_database_that_is_not_a_tern_store_is_refused() throws Exception {
        try (Options options = new Options().setCreateIfMissing(true);
             RocksDB db = RocksDB.open(options, dir.toString())) {
            db.put(new byte[] {1}, new byte[] {2});
        }
        assertThatThrownBy(() -> RocksStore.open(dir, false))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("not a Tern store");
    }

    @Test
    void a_directory_that_cannot_be_created_is_reported_with_its_name() throws Exception {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        assertThatThrownBy(() -> RocksStore.open(file.resolve("store"), false))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("cannot create the store directory " + file.resolve("store"));
    }

    @Test
    void a_closed_store_refuses_writes_clearly() {
        RocksStore store = open(false);
        SessionStore.Batch batch = store.newBatch();
        store.close();
        assertThatThrownBy(() -> batch.putSession("c", MqttVersion.V5, 1, 0))
                .isInstanceOf(StoreException.class).hasMessage("the store at " + dir + " is closed");
        assertThatThrownBy(batch::commit).isInstanceOf(StoreException.class);
        assertThatThrownBy(store::newBatch).isInstanceOf(StoreException.class);
    }

    private int readRawFormat() throws Exception {
        byte[] v = withRawMeta((db, meta) -> db.get(meta, RocksStore.FORMAT_KEY));
        return (v[0] & 0xFF) << 24 | (v[1] & 0xFF) << 16 | (v[2] & 0xFF) << 8 | v[3] & 0xFF;
    }

    private void writeRawFormat(int format) throws Exception {
        withRawMeta((db, meta) -> {
            db.put(meta, RocksStore.FORMAT_KEY, RocksStore.formatBytes(format));
            return null;
        });
    }

    private interface RawMetaAccess<T> {
        T apply(RocksDB db, ColumnFamilyHandle meta) throws Exception;
    }

    /** Opens the closed store with RocksDB itself, bypassing RocksStore, and works on its meta column family. */
    private <T> T withRawMeta(RawMetaAccess<T> access) throws Exception {
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        for (byte[] name : RocksDB.listColumnFamilies(new Options(), dir.toString())) {
            descriptors.add(new ColumnFamilyDescriptor(name));
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (DBOptions options = new DBOptions();
             RocksDB db = RocksDB.open(options, dir.toString(), descriptors, handles)) {
            try {
                for (int i = 0; i < descriptors.size(); i++) {
                    if (new String(descriptors.get(i).getName()).equals(RocksStore.META)) {
                        return access.apply(db, handles.get(i));
                    }
                }
                throw new AssertionError("no meta column family");
            } finally {
                handles.forEach(ColumnFamilyHandle::close);
            }
        }
    }
}
