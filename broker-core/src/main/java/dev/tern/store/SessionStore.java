package dev.tern.store;

import dev.tern.packet.MqttVersion;

import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Durable state of persistent sessions and retained messages (DESIGN.md: Persistence). Writes are
 * made into a {@link Batch} owned by one shard and become durable together at {@link Batch#commit()}
 * (one WAL write, and one sync when configured, per batch: group commit). Reads happen only at
 * start-up ({@link #recover}). Implementations: {@code MemoryStore} (persists nothing) and a RocksDB one.
 *
 * <p>Thread safety: {@link #newBatch()} may be called from any thread; a batch is used by one thread.
 */
public interface SessionStore extends AutoCloseable {

    /** Whether anything is persisted at all (false for type = memory: the engine then skips all writes). */
    boolean durable();

    Batch newBatch();

    /** Loads every stored session and retained message; called once, before listeners open. */
    void recover(Consumer<StoredSession> sessions, BiConsumer<String, StoredMessage> retained);

    @Override
    void close();

    /** Writes of one shard, applied atomically. */
    interface Batch {
        void putSession(String clientId, MqttVersion version, long expiryInterval, long disconnectedAtMillis);

        /** Deletes the session and everything under it (subscriptions, deliveries, QoS 2 ids, will). */
        void deleteSession(String clientId);

        void putSubscription(String clientId, String filter, StoredSession.StoredSubscription sub);

        void deleteSubscription(String clientId, String filter);

        /** Adds or replaces the delivery with this sequence number. */
        void putDelivery(String clientId, StoredDelivery delivery);

        void deleteDelivery(String clientId, long sequence);

        /** Deletes the deliveries with sequences from (inclusive) to toExclusive: one write for a run of acks. */
        void deleteDeliveries(String clientId, long from, long toExclusive);

        /**
         * Every QoS 1 delivery of the client up to this sequence still stored as QUEUED was sent under
         * the packet id {@link dev.tern.packet.PacketIds#forSequence} derives from its sequence; recovery
         * restores it as in flight (AWAIT_PUBACK) with that id. Replaces the previous mark.
         */
        void putSentMark(String clientId, long sequence);

        void putAwaitingPubrel(String clientId, int packetId);

        void deleteAwaitingPubrel(String clientId, int packetId);

        void putWill(String clientId, StoredMessage will, long dueAtMillis);

        void deleteWill(String clientId);

        void putRetained(String topic, StoredMessage message);

        void deleteRetained(String topic);

        /** Whether anything was written since the last commit. */
        boolean isEmpty();

        /**
         * Makes every write since the last commit durable (in the write-ahead log, synced if
         * configured), atomically. The batch is empty afterwards and can be reused.
         *
         * @throws StoreException if the write failed; nothing of the batch is then applied
         */
        void commit();
    }
}
