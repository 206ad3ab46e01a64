package dev.tern.store;

import dev.tern.packet.MqttVersion;

import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * {@code persistence.type = memory}: nothing is persisted, a restart starts empty. The engine keeps all
 * state in memory anyway and skips writes when {@link #durable()} is false; the batch is a no-op for
 * callers that write regardless.
 */
public final class MemoryStore implements SessionStore {

    @Override
    public boolean durable() {
        return false;
    }

    @Override
    public Batch newBatch() {
        return NoOpBatch.INSTANCE;
    }

    @Override
    public void recover(Consumer<StoredSession> sessions, BiConsumer<String, StoredMessage> retained) {
        // nothing was stored
    }

    @Override
    public void close() {
    }

    /** Stateless, so one instance serves every shard. Always empty: there is never anything to commit. */
    private enum NoOpBatch implements Batch {
        INSTANCE;

        @Override
        public void putSession(String clientId, MqttVersion version, long expiryInterval, long disconnectedAtMillis) {
        }

        @Override
        public void deleteSession(String clientId) {
        }

        @Override
        public void putSubscription(String clientId, String filter, StoredSession.StoredSubscription sub) {
        }

        @Override
        public void deleteSubscription(String clientId, String filter) {
        }

        @Override
        public void putDelivery(String clientId, StoredDelivery delivery) {
        }

        @Override
        public void deleteDelivery(String clientId, long sequence) {
        }

        @Override
        public void deleteDeliveries(String clientId, long from, long toExclusive) {
        }

        @Override
        public void putSentMark(String clientId, long sequence) {
        }

        @Override
        public void putAwaitingPubrel(String clientId, int packetId) {
        }

        @Override
        public void deleteAwaitingPubrel(String clientId, int packetId) {
        }

        @Override
        public void putWill(String clientId, StoredMessage will, long dueAtMillis) {
        }

        @Override
        public void deleteWill(String clientId) {
        }

        @Override
        public void putRetained(String topic, StoredMessage message) {
        }

        @Override
        public void deleteRetained(String topic) {
        }

        @Override
        public boolean isEmpty() {
            return true;
        }

        @Override
        public void commit() {
        }
    }
}
