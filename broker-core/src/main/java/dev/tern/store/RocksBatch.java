package dev.tern.store;

import dev.tern.packet.MqttVersion;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * A {@link SessionStore.Batch} over a native {@link WriteBatch}: writes only append to the batch's buffer
 * (no I/O); {@link #commit()} hands it to RocksDB as one atomic WAL record. Used by one thread; the
 * native buffer is released when the store closes.
 */
final class RocksBatch implements SessionStore.Batch {
    private final RocksStore store;
    private final WriteBatch batch = new WriteBatch();
    // Touching a released native batch would crash the JVM, not throw; writes after close are a caller bug.
    private volatile boolean released;

    RocksBatch(RocksStore store) {
        this.store = store;
    }

    @Override
    public void putSession(String clientId, MqttVersion version, long expiryInterval, long disconnectedAtMillis) {
        checkOpen();
        byte[] value = StoreCodec.encodeSession(version, expiryInterval, disconnectedAtMillis);
        try {
            batch.put(store.sessions(), StoreKeys.utf8(clientId), value);
        } catch (RocksDBException e) {
            throw failed("putSession", e);
        }
    }

    @Override
    public void deleteSession(String clientId) {
        checkOpen();
        byte[] start = StoreKeys.clientStart(clientId);
        byte[] end = StoreKeys.clientEnd(clientId);
        byte[] id = StoreKeys.utf8(clientId);
        try {
            batch.delete(store.sessions(), id);
            batch.delete(store.wills(), id);
            // Range tombstones: one entry each however many subscriptions or deliveries the client had.
            batch.deleteRange(store.subscriptions(), start, end);
            batch.deleteRange(store.deliveries(), start, end);
            batch.deleteRange(store.qos2(), start, end);
        } catch (RocksDBException e) {
            throw failed("deleteSession", e);
        }
    }

    @Override
    public void putSubscription(String clientId, String filter, StoredSession.StoredSubscription sub) {
        checkOpen();
        try {
            batch.put(store.subscriptions(), StoreKeys.subscription(clientId, filter), StoreCodec.encodeSubscription(sub));
        } catch (RocksDBException e) {
            throw failed("putSubscription", e);
        }
    }

    @Override
    public void deleteSubscription(String clientId, String filter) {
        checkOpen();
        try {
            batch.delete(store.subscriptions(), StoreKeys.subscription(clientId, filter));
        } catch (RocksDBException e) {
            throw failed("deleteSubscription", e);
        }
    }

    @Override
    public void putDelivery(String clientId, StoredDelivery delivery) {
        checkOpen();
        try {
            batch.put(store.deliveries(), StoreKeys.delivery(clientId, delivery.sequence()),
                    StoreCodec.encodeDelivery(delivery));
        } catch (RocksDBException e) {
            throw failed("putDelivery", e);
        }
    }

    @Override
    public void deleteDelivery(String clientId, long sequence) {
        checkOpen();
        try {
            batch.delete(store.deliveries(), StoreKeys.delivery(clientId, sequence));
        } catch (RocksDBException e) {
            throw failed("deleteDelivery", e);
        }
    }

    @Override
    public void deleteDeliveries(String clientId, long from, long toExclusive) {
        checkOpen();
        try {
            batch.deleteRange(store.deliveries(), StoreKeys.delivery(clientId, from), StoreKeys.delivery(clientId, toExclusive));
        } catch (RocksDBException e) {
            throw failed("deleteDeliveries", e);
        }
    }

    @Override
    public void putSentMark(String clientId, long sequence) {
        checkOpen();
        try {
            batch.put(store.deliveries(), StoreKeys.sentMark(clientId), StoreCodec.encodeLong(sequence));
        } catch (RocksDBException e) {
            throw failed("putSentMark", e);
        }
    }

    @Override
    public void putAwaitingPubrel(String clientId, int packetId) {
        checkOpen();
        try {
            batch.put(store.qos2(), StoreKeys.awaitingPubrel(clientId, packetId), new byte[0]);
        } catch (RocksDBException e) {
            throw failed("putAwaitingPubrel", e);
        }
    }

    @Override
    public void deleteAwaitingPubrel(String clientId, int packetId) {
        checkOpen();
        try {
            batch.delete(store.qos2(), StoreKeys.awaitingPubrel(clientId, packetId));
        } catch (RocksDBException e) {
            throw failed("deleteAwaitingPubrel", e);
        }
    }

    @Override
    public void putWill(String clientId, StoredMessage will, long dueAtMillis) {
        checkOpen();
        try {
            batch.put(store.wills(), StoreKeys.utf8(clientId), StoreCodec.encodeWill(will, dueAtMillis));
        } catch (RocksDBException e) {
            throw failed("putWill", e);
        }
    }

    @Override
    public void deleteWill(String clientId) {
        checkOpen();
        try {
            batch.delete(store.wills(), StoreKeys.utf8(clientId));
        } catch (RocksDBException e) {
            throw failed("deleteWill", e);
        }
    }

    @Override
    public void putRetained(String topic, StoredMessage message) {
        checkOpen();
        try {
            batch.put(store.retained(), StoreKeys.utf8(topic), StoreCodec.encodeMessage(message));
        } catch (RocksDBException e) {
            throw failed("putRetained", e);
        }
    }

    @Override
    public void deleteRetained(String topic) {
        checkOpen();
        try {
            batch.delete(store.retained(), StoreKeys.utf8(topic));
        } catch (RocksDBException e) {
            throw failed("deleteRetained", e);
        }
    }

    @Override
    public boolean isEmpty() {
        checkOpen();
        return batch.count() == 0;
    }

    @Override
    public void commit() {
        checkOpen();
        if (batch.count() == 0) {
            return;
        }
        store.write(batch);
        // Cleared only on success: on failure nothing was applied and the caller decides what to do.
        batch.clear();
    }

    /** Called by the store while it closes. */
    void release() {
        released = true;
        batch.close();
    }

    private void checkOpen() {
        if (released) {
            throw new StoreException("the store at " + store.dir() + " is closed");
        }
    }

    private StoreException failed(String operation, RocksDBException e) {
        return new StoreException(operation + " on the store at " + store.dir() + " failed: " + e.getMessage(), e);
    }
}
