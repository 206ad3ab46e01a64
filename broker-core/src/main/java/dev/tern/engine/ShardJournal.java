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

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes a shard's durable state into its store batch, translating engine values (monotonic
 * deadlines) into stored ones (wall-clock times), and back at recovery.
 */
final class ShardJournal implements SessionJournal {
    private final ShardExecutor executor;
    private final SessionStore.Batch batch;
    private final GroupCommit commit;

    /** Per client, what this turn noted for the end of the turn ({@link #deleteDelivery}, {@link #markSent}). */
    private final Map<String, Pending> pending = new HashMap<>();
    /** The client of the last note and its entry: a session's notes come in runs (one drain, one read). */
    private String lastClient;
    private Pending last;

    ShardJournal(ShardExecutor executor, GroupCommit commit) {
        this.executor = executor;
        this.commit = commit;
        this.batch = commit.batch();
        commit.beforeCommit(this::writeCoalesced);
    }

    void putSession(Session s, long disconnectedAtMillis) {
        batch.putSession(s.clientId(), s.version(), s.expiryInterval(), disconnectedAtMillis);
        commit.journaled();
    }

    void deleteSession(String clientId) {
        // What this turn noted for the client is covered by the session's range delete, and must not be
        // written after it: a new session under the same client id may already be journaling.
        if (pending.remove(clientId) != null && clientId.equals(lastClient)) {
            lastClient = null;
            last = null;
        }
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

    /**
     * Deferred to the end of the turn, where runs of consecutive sequences become one range delete: a
     * subscriber acknowledging 30 messages in one read costs one store write, not 30. A delivery is
     * never written again after its delete within a session (sequences are not reused), so the
     * deferral cannot undo a later write.
     */
    @Override
    public void deleteDelivery(String clientId, long sequence) {
        pendingOf(clientId).delete(sequence);
        commit.journaled();
    }

    @Override
    public void markSent(String clientId, long sequence) {
        Pending p = pendingOf(clientId);
        p.sentMark = Math.max(p.sentMark, sequence);
        commit.journaled();
    }

    private Pending pendingOf(String clientId) {
        if (clientId != lastClient) { // identity: the same session passes the same String
            Pending p = pending.get(clientId);
            if (p == null) {
                p = new Pending();
                pending.put(clientId, p);
            }
            lastClient = clientId;
            last = p;
        }
        return last;
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

    /** End of turn, before the commit: the coalesced deletes and sent marks go into the batch. */
    private void writeCoalesced() {
        if (pending.isEmpty()) {
            return;
        }
        for (Map.Entry<String, Pending> e : pending.entrySet()) {
            String clientId = e.getKey();
            Pending p = e.getValue();
            long[] seqs = p.deletes;
            int n = p.deleteCount;
            Arrays.sort(seqs, 0, n);
            int i = 0;
            while (i < n) {
                int j = i;
                while (j + 1 < n && seqs[j + 1] <= seqs[j] + 1) {
                    j++;
                }
                if (j == i) {
                    batch.deleteDelivery(clientId, seqs[i]);
                } else {
                    batch.deleteDeliveries(clientId, seqs[i], seqs[j] + 1);
                }
                i = j + 1;
            }
            if (p.sentMark > 0) {
                batch.putSentMark(clientId, p.sentMark);
            }
        }
        pending.clear();
        lastClient = null;
        last = null;
    }

    /** One client's notes of the current turn. */
    private static final class Pending {
        long[] deletes = new long[8];
        int deleteCount;
        long sentMark;

        void delete(long sequence) {
            if (deleteCount == deletes.length) {
                deletes = Arrays.copyOf(deletes, deleteCount * 2);
            }
            deletes[deleteCount++] = sequence;
        }
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
