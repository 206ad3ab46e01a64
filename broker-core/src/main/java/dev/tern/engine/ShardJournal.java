package dev.tern.engine;

import dev.tern.packet.PublishProperties;
import dev.tern.session.Delivery;
import dev.tern.session.InflightEntry;
import dev.tern.session.Message;
import dev.tern.session.Session;
import dev.tern.session.SessionJournal;
import dev.tern.session.SubscriptionData;
import dev.tern.store.SessionStore;
import dev.tern.store.StoredDelivery;
import dev.tern.store.StoredMessage;
import dev.tern.store.StoredSession;
import dev.tern.time.ShardExecutor;

/**
 * Writes a shard's durable state into its store batch, translating engine values (monotonic
 * deadlines) into stored ones (wall-clock times), and back at recovery.
 */
final class ShardJournal implements SessionJournal {
    private final ShardExecutor executor;
    private final SessionStore.Batch batch;
    private final GroupCommit commit;

    ShardJournal(ShardExecutor executor, GroupCommit commit) {
        this.executor = executor;
        this.commit = commit;
        this.batch = commit.batch();
    }

    void putSession(Session s, long disconnectedAtMillis) {
        batch.putSession(s.clientId(), s.version(), s.expiryInterval(), disconnectedAtMillis);
        commit.journaled();
    }

    void deleteSession(String clientId) {
        batch.deleteSession(clientId);
        commit.journaled();
    }

    void putWill(String clientId, Message will, long dueAtMillis) {
        batch.putWill(clientId, toStored(will), dueAtMillis);
        commit.journaled();
    }

    void deleteWill(String clientId) {
        batch.deleteWill(clientId);
        commit.journaled();
    }

    void putRetained(Message m) {
        batch.putRetained(m.topic(), toStored(m));
        commit.journaled();
    }

    void deleteRetained(String topic) {
        batch.deleteRetained(topic);
        commit.journaled();
    }

    @Override
    public void putDelivery(String clientId, long sequence, InflightEntry.State state, int packetId, Delivery d) {
        batch.putDelivery(clientId, new StoredDelivery(sequence, StoredDelivery.State.valueOf(state.name()), packetId,
                d == null ? dev.tern.packet.Qos.EXACTLY_ONCE : d.qos(), d != null && d.retain(),
                d == null ? java.util.List.of() : d.subscriptionIds(), d == null ? null : toStored(d.message())));
        commit.journaled();
    }

    @Override
    public void deleteDelivery(String clientId, long sequence) {
        batch.deleteDelivery(clientId, sequence);
        commit.journaled();
    }

    @Override
    public void putAwaitingPubrel(String clientId, int packetId) {
        batch.putAwaitingPubrel(clientId, packetId);
        commit.journaled();
    }

    @Override
    public void deleteAwaitingPubrel(String clientId, int packetId) {
        batch.deleteAwaitingPubrel(clientId, packetId);
        commit.journaled();
    }

    @Override
    public void putSubscription(String clientId, String filter, SubscriptionData data) {
        batch.putSubscription(clientId, filter, new StoredSession.StoredSubscription(data.options(), data.subscriptionId()));
        commit.journaled();
    }

    @Override
    public void deleteSubscription(String clientId, String filter) {
        batch.deleteSubscription(clientId, filter);
        commit.journaled();
    }

    StoredMessage toStored(Message m) {
        long expiresAt = m.expiryDeadline() == Message.NEVER ? Long.MAX_VALUE
                : executor.currentTimeMillis() + (m.expiryDeadline() - executor.nanoTime()) / 1_000_000L;
        return new StoredMessage(m.topic(), m.payload(), m.qos(), m.retain(), m.properties(), expiresAt, m.senderId());
    }

    static Message fromStored(StoredMessage s, ShardExecutor executor) {
        long deadline = s.expiresAtMillis() == Long.MAX_VALUE ? Message.NEVER
                : executor.nanoTime() + (s.expiresAtMillis() - executor.currentTimeMillis()) * 1_000_000L;
        return new Message(s.topic(), s.payload(), s.qos(), s.retain(),
                s.properties() == null ? PublishProperties.NONE : s.properties(), deadline, s.senderId());
    }
}
