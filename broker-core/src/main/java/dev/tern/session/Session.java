package dev.tern.session;

import dev.tern.metrics.EngineMetrics;
import dev.tern.packet.MqttVersion;
import dev.tern.packet.PacketIds;
import dev.tern.packet.Publish;
import dev.tern.packet.PublishProperties;
import dev.tern.packet.Pubrel;
import dev.tern.packet.Qos;
import dev.tern.packet.ReasonCode;
import dev.tern.time.Cancellable;
import dev.tern.time.ShardExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The server side of an MQTT session (MQTT 5.0 section 4.1): subscriptions, the outgoing QoS 1/2
 * window, the queue of messages not yet sent, and the QoS 2 packet ids received and awaiting PUBREL.
 * It outlives its network connections while its expiry interval runs.
 *
 * <p>Single writer: every method runs on the owning shard's thread (asserted). Other shards reach a
 * session only by posting a task to that shard.
 */
public final class Session {
    private static final Logger log = LoggerFactory.getLogger(Session.class);
    private static final long DROP_LOG_PERIOD_NANOS = 10_000_000_000L;
    /** The queue of every session that never queued anything; it refuses additions. */
    private static final ArrayDeque<Queued> NO_QUEUE = new ArrayDeque<>(0) {
        @Override
        public void addFirst(Queued q) {
            throw new UnsupportedOperationException("shared empty queue: use queueForAdd()");
        }

        @Override
        public void addLast(Queued q) {
            throw new UnsupportedOperationException("shared empty queue: use queueForAdd()");
        }
    };

    private final String clientId;
    /** Changes only for a session that never subscribed (no other shard holds it), see {@link #moveTo}. */
    private int shardIndex;
    private ShardExecutor executor;
    private final QueueLimits limits;
    private final EngineMetrics metrics;

    private MqttVersion version;
    /** Seconds the session outlives its connection; 0 = ends with it; {@code 0xFFFFFFFF} = never expires. */
    private long expiryInterval;
    private SessionLink link;
    private boolean ended;

    /*
     * Subscriptions, the outgoing window and the queue start as shared empty instances and get their own
     * collection on the first add: an idle session then holds none of the ~180 bytes they would take
     * (a HashMap, a LinkedHashMap and its values view, an ArrayDeque and its array), which counts at tens
     * of thousands of idle connections and in every young collection that copies them.
     */
    private Map<String, SubscriptionData> subscriptions = Collections.emptyMap();
    /** By packet id, in send order once created (a LinkedHashMap). */
    private Map<Integer, InflightEntry> inflight = Collections.emptyMap();
    private ArrayDeque<Queued> queue = NO_QUEUE;
    /** Created on the first inbound QoS 2 message: most sessions never receive one. */
    private Set<Integer> awaitingPubrel;
    private int lastPacketId;
    /** Sequence of the last delivery accepted: orders the outgoing stream in the store. */
    private long lastSequence;
    private SessionJournal journal = SessionJournal.NONE;
    /** Inflight entries waiting for window room to be re-sent after a resume. */
    private int pendingResends;

    private Cancellable expiryTimer = Cancellable.NONE;
    private Cancellable willTimer = Cancellable.NONE;
    private Message pendingWill;
    private Cancellable retryTimer = Cancellable.NONE;
    private boolean retryArmed;

    private Object lastClose; // its toString() is the text: built only when asked for
    private long droppedSinceLog;
    private long lastDropLogNanos = Long.MIN_VALUE;

    public Session(String clientId, int shardIndex, ShardExecutor executor, QueueLimits limits,
                   EngineMetrics metrics, MqttVersion version, long expiryInterval) {
        this.clientId = clientId;
        this.shardIndex = shardIndex;
        this.executor = executor;
        this.limits = limits;
        this.metrics = metrics;
        this.version = version;
        this.expiryInterval = expiryInterval;
    }

    public String clientId() {
        return clientId;
    }

    public int shardIndex() {
        return shardIndex;
    }

    /**
     * Whether this session can change shards: it never subscribed (so no subscription index entry or
     * queued hand-off on another shard refers to it), and holds no message, timer or store record
     * that is tied to its shard. QoS 2 packet ids awaiting PUBREL are plain memory here and move with it.
     */
    public boolean movable() {
        return subscriptions == Collections.<String, SubscriptionData>emptyMap() && inflight.isEmpty()
                && queue.isEmpty() && !isJournaled() && pendingWill == null && !retryArmed && !ended;
    }

    /** Hands the session to another shard; called on the old shard's thread, before the new one sees it. */
    public void moveTo(int shardIndex, ShardExecutor executor) {
        assertOwner();
        if (!movable()) {
            throw new IllegalStateException("session " + clientId + " cannot change shards");
        }
        this.shardIndex = shardIndex;
        this.executor = executor;
    }

    public MqttVersion version() {
        return version;
    }

    public void setVersion(MqttVersion v) {
        assertOwner();
        this.version = v;
    }

    public long expiryInterval() {
        return expiryInterval;
    }

    public void setExpiryInterval(long seconds) {
        assertOwner();
        this.expiryInterval = seconds;
    }

    /** Why the last connection of this session closed, for the API; null if none closed yet. */
    public String lastClose() {
        return lastClose == null ? null : lastClose.toString();
    }

    /** Keeps why the last connection closed: any object whose {@code toString()} says it. */
    public void setLastClose(Object reason) {
        this.lastClose = reason;
    }

    /** Starts (or stops, with {@link SessionJournal#NONE}) recording durable changes. */
    public void setJournal(SessionJournal j) {
        assertOwner();
        this.journal = j;
    }

    public boolean isJournaled() {
        return journal != SessionJournal.NONE;
    }

    /** Adds or replaces a subscription of this session (the index is updated by the caller). */
    public void addSubscription(String filter, SubscriptionData data) {
        assertOwner();
        if (subscriptions == Collections.<String, SubscriptionData>emptyMap()) {
            subscriptions = new HashMap<>(4);
        }
        subscriptions.put(filter, data);
        journal.putSubscription(clientId, filter, data);
    }

    /** @return the removed subscription, or null */
    public SubscriptionData removeSubscription(String filter) {
        assertOwner();
        SubscriptionData d = subscriptions.remove(filter);
        if (d != null) {
            journal.deleteSubscription(clientId, filter);
        }
        return d;
    }

    public boolean isConnected() {
        return link != null;
    }

    public SessionLink link() {
        return link;
    }

    public boolean isEnded() {
        return ended;
    }

    /** Read-only: changes go through {@link #addSubscription} and {@link #removeSubscription}. */
    public Map<String, SubscriptionData> subscriptions() {
        return Collections.unmodifiableMap(subscriptions);
    }

    public int inflightCount() {
        return inflight.size();
    }

    public int queuedCount() {
        return queue.size();
    }

    private Map<Integer, InflightEntry> inflightForPut() {
        if (inflight == Collections.<Integer, InflightEntry>emptyMap()) {
            inflight = new LinkedHashMap<>();
        }
        return inflight;
    }

    private ArrayDeque<Queued> queueForAdd() {
        if (queue == NO_QUEUE) {
            queue = new ArrayDeque<>(2);
        }
        return queue;
    }

    /** Read-only use: the live set, or an empty one before the first QoS 2 message. */
    public Set<Integer> awaitingPubrel() {
        return awaitingPubrel == null ? Set.of() : awaitingPubrel;
    }

    // ---- timers owned by the shard's lifecycle logic -------------------------------------------

    public void setExpiryTimer(Cancellable c) {
        expiryTimer.cancel();
        expiryTimer = c;
    }

    public void cancelExpiryTimer() {
        setExpiryTimer(Cancellable.NONE);
    }

    /** A will waiting for its delay (or the end of the session), or null. */
    public Message pendingWill() {
        return pendingWill;
    }

    public void setPendingWill(Message will, Cancellable timer) {
        willTimer.cancel();
        pendingWill = will;
        willTimer = timer;
    }

    /** Forgets the pending will without publishing it; returns what was pending, or null. */
    public Message takePendingWill() {
        willTimer.cancel();
        willTimer = Cancellable.NONE;
        Message w = pendingWill;
        pendingWill = null;
        return w;
    }

    // ---- connection attach / detach ----------------------------------------------------------

    /** Attaches a connection and re-sends what was left unacknowledged, then the queue (section 4.4). */
    public void attach(SessionLink newLink) {
        assertOwner();
        this.link = newLink;
        resume();
    }

    public void detach() {
        assertOwner();
        this.link = null;
        retryTimer.cancel();
        retryArmed = false;
    }

    /**
     * QoS 1/2 messages that came through a shared subscription and that the client has not yet
     * received for sure: QoS 1 PUBLISH sent but not acknowledged, or still queued. Called as the
     * session ends so another group member can take them (section 4.8.2). A QoS 2 PUBLISH already
     * sent stays with this member: it must not go to any other [MQTT-4.8.2-5].
     */
    public List<Delivery> sharedUnfinished() {
        assertOwner();
        List<Delivery> out = new ArrayList<>();
        for (InflightEntry e : inflight.values()) {
            // Only QoS 1 awaiting PUBACK; a QoS 2 entry (AWAIT_PUBREC, or AWAIT_PUBCOMP whose delivery
            // is already released) stays with this member.
            if (e.state == InflightEntry.State.AWAIT_PUBACK && e.delivery.sharedFilter() != null) {
                out.add(e.delivery);
            }
        }
        for (Queued q : queue) {
            Delivery d = q.delivery();
            if (d.qos() != Qos.AT_MOST_ONCE && d.sharedFilter() != null) {
                out.add(d);
            }
        }
        return out;
    }

    /** Frees everything; the session can no longer be used. */
    public void end() {
        assertOwner();
        ended = true;
        link = null;
        expiryTimer.cancel();
        willTimer.cancel();
        retryTimer.cancel();
        pendingWill = null;
        inflight.clear();
        pendingResends = 0;
        queue.clear();
        awaitingPubrel = null;
        subscriptions.clear();
    }

    // ---- outgoing messages --------------------------------------------------------------------

    /** Sends the message now if the window and socket allow, else queues it (bounded). */
    public void deliver(Delivery d) {
        assertOwner();
        if (ended) {
            return;
        }
        long now = executor.nanoTime();
        if (d.message().expiresAt(now)) {
            metrics.droppedExpired.increment();
            return;
        }
        if (d.qos() == Qos.AT_MOST_ONCE) {
            if (link != null) {
                if (link.isWritable()) {
                    sendPublish(d, 0, false, now);
                } else {
                    metrics.droppedQos0.increment();
                }
                return;
            }
            if (!limits.queueQos0()) {
                metrics.droppedQos0.increment();
                return;
            }
            enqueue(new Queued(++lastSequence, d));
            return;
        }
        long seq = ++lastSequence;
        if (link != null && queue.isEmpty() && inflight.size() < link.sendWindow() && link.isWritable()) {
            sendNew(seq, d, now, false);
        } else {
            enqueue(new Queued(seq, d));
        }
    }

    private void enqueue(Queued q) {
        if (queue.size() >= limits.maxQueueLength()) {
            if (limits.dropPolicy() == dev.tern.config.DropPolicy.NEWEST) {
                countDrop(q.delivery());
                journal.deleteDelivery(clientId, q.sequence());
                return;
            }
            Queued oldest = queue.pollFirst();
            countDrop(oldest.delivery());
            journal.deleteDelivery(clientId, oldest.sequence());
        }
        queueForAdd().addLast(q);
        if (q.delivery().qos() != Qos.AT_MOST_ONCE) {
            journal.putDelivery(clientId, q.sequence(), InflightEntry.State.QUEUED, 0, q.delivery());
        }
    }

    /** A delivery waiting in the queue, with its place in the outgoing stream. */
    private record Queued(long sequence, Delivery delivery) {
    }

    private void countDrop(Delivery d) {
        metrics.droppedQueueFull.increment();
        droppedSinceLog++;
        long now = executor.nanoTime();
        if (lastDropLogNanos == Long.MIN_VALUE || now - lastDropLogNanos >= DROP_LOG_PERIOD_NANOS) {
            log.warn("client={} queue full ({} messages, policy {}): dropped {} message(s), latest on '{}'",
                    clientId, limits.maxQueueLength(), limits.dropPolicy().name().toLowerCase(), droppedSinceLog,
                    d.message().topic());
            droppedSinceLog = 0;
            lastDropLogNanos = now;
        }
    }

    /** Sends queued messages while the client's window and the socket allow. */
    public void drain() {
        assertOwner();
        if (link == null) {
            return;
        }
        long now = executor.nanoTime();
        if (pendingResends > 0) {
            for (InflightEntry e : inflight.values()) {
                if (link == null || !link.isWritable() || inflight.size() - pendingResends >= link.sendWindow()) {
                    break;
                }
                if (e.resendPending) {
                    e.resendPending = false;
                    pendingResends--;
                    resend(e, now);
                }
            }
        }
        Queued q;
        while (link != null && link.isWritable() && inflight.size() < link.sendWindow() && (q = queue.peekFirst()) != null) {
            queue.pollFirst();
            Delivery d = q.delivery();
            if (d.message().expiresAt(now)) {
                metrics.droppedExpired.increment();
                journal.deleteDelivery(clientId, q.sequence());
                continue;
            }
            if (d.qos() == Qos.AT_MOST_ONCE) {
                sendPublish(d, 0, false, now);
            } else {
                sendNew(q.sequence(), d, now, true);
            }
        }
    }

    /**
     * Sends a QoS 1/2 delivery under a new packet id. A QoS 1 delivery takes the id its sequence gives
     * ({@link PacketIds#forSequence}) when that id is free: the journal then only notes that the
     * sequence was sent ({@link SessionJournal#markSent}, one small write per turn), and the message,
     * stored once as QUEUED, is not written again. Otherwise (QoS 2, or that id still in flight) the
     * delivery is recorded with its id and state.
     *
     * @param journaled whether the delivery is already stored as QUEUED (it came from the queue)
     */
    private void sendNew(long seq, Delivery d, long now, boolean journaled) {
        int derived = PacketIds.forSequence(seq);
        boolean byDerivedId = d.qos() == Qos.AT_LEAST_ONCE && !inflight.containsKey(PacketIds.box(derived));
        int id = byDerivedId ? derived : nextPacketId();
        if (id == 0) {
            queueForAdd().addFirst(new Queued(seq, d)); // all 65535 ids in flight: wait for an ack
            journal.putDelivery(clientId, seq, InflightEntry.State.QUEUED, 0, d);
            return;
        }
        InflightEntry.State state = d.qos() == Qos.AT_LEAST_ONCE
                ? InflightEntry.State.AWAIT_PUBACK : InflightEntry.State.AWAIT_PUBREC;
        InflightEntry e = new InflightEntry(seq, id, d, state, now);
        if (sendPublish(d, id, false, now)) {
            inflightForPut().put(PacketIds.box(id), e);
            // Recorded with its packet id before the turn's writes reach the client (group commit).
            if (byDerivedId) {
                if (!journaled) {
                    journal.putDelivery(clientId, seq, InflightEntry.State.QUEUED, 0, d);
                }
                journal.markSent(clientId, seq);
            } else {
                journal.putDelivery(clientId, seq, state, id, d);
            }
            armRetry();
        } else {
            journal.deleteDelivery(clientId, seq);
        }
    }

    /** @return false if the client cannot take it (too large), which drops it */
    private boolean sendPublish(Delivery d, int packetId, boolean dup, long now) {
        Message m = d.message();
        PublishProperties props = PublishProperties.NONE;
        if (link.version().isV5()) {
            props = m.properties();
            if (!d.subscriptionIds().isEmpty()) {
                props = props.withSubscriptionIdentifiers(d.subscriptionIds());
            }
            if (m.expiryDeadline() != Message.NEVER) {
                props = props.withMessageExpiryInterval(m.remainingExpirySeconds(now));
            }
        }
        Publish p = new Publish(m.topic(), d.qos(), dup, d.retain(), packetId, props, m.payload());
        if (!link.send(p)) {
            metrics.droppedTooLarge.increment();
            return false;
        }
        metrics.messagesSent.increment();
        return true;
    }

    /** @return a free packet id, or 0 if all are in flight */
    private int nextPacketId() {
        for (int i = 0; i < 65535; i++) {
            lastPacketId = lastPacketId == 65535 ? 1 : lastPacketId + 1;
            if (!inflight.containsKey(PacketIds.box(lastPacketId))) {
                return lastPacketId;
            }
        }
        return 0;
    }

    /**
     * Re-sends unacknowledged PUBLISH (DUP=1) and PUBREL with their ids, in order, then the queue.
     * No more than the new connection's window at once: the client's Receive Maximum may be smaller
     * than before [MQTT-3.3.4-7]; the rest follow as acknowledgements come in, still before the queue.
     */
    private void resume() {
        long now = executor.nanoTime();
        int room = link.sendWindow();
        pendingResends = 0;
        for (InflightEntry e : inflight.values()) {
            if (room > 0) {
                room--;
                e.resendPending = false;
                resend(e, now);
            } else {
                e.resendPending = true;
                pendingResends++;
            }
        }
        armRetry();
        drain();
    }

    private void resend(InflightEntry e, long now) {
        e.sentAtNanos = now;
        if (e.state == InflightEntry.State.AWAIT_PUBCOMP) {
            link.send(Pubrel.of(e.packetId));
        } else {
            sendPublish(e.delivery, e.packetId, true, now);
        }
        metrics.messagesRetried.increment();
    }

    public void onPuback(int packetId) {
        assertOwner();
        InflightEntry e = inflight.get(PacketIds.box(packetId));
        if (e == null || e.state != InflightEntry.State.AWAIT_PUBACK) {
            log.debug("client={} PUBACK for unknown packet id {}", clientId, packetId);
            return;
        }
        removeInflight(packetId);
        drain();
    }

    private void removeInflight(int packetId) {
        InflightEntry e = inflight.remove(PacketIds.box(packetId));
        if (e != null) {
            if (e.resendPending) {
                pendingResends--;
            }
            journal.deleteDelivery(clientId, e.sequence);
        }
    }

    /** @return the reason code for the PUBREL to send back, or null to send none */
    public ReasonCode onPubrec(int packetId, ReasonCode code) {
        assertOwner();
        InflightEntry e = inflight.get(PacketIds.box(packetId));
        if (e == null || e.state == InflightEntry.State.AWAIT_PUBACK) {
            return ReasonCode.PACKET_IDENTIFIER_NOT_FOUND;
        }
        if (code.isError()) {
            // The receiver refused the message: the exchange ends here [MQTT-4.3.3 / 4.9].
            removeInflight(packetId);
            drain();
            return null;
        }
        e.state = InflightEntry.State.AWAIT_PUBCOMP;
        e.delivery = null; // the payload is no longer needed [MQTT-4.3.3-4]
        e.sentAtNanos = executor.nanoTime();
        journal.putDelivery(clientId, e.sequence, InflightEntry.State.AWAIT_PUBCOMP, packetId, null);
        return ReasonCode.SUCCESS;
    }

    public void onPubcomp(int packetId) {
        assertOwner();
        InflightEntry e = inflight.get(PacketIds.box(packetId));
        if (e == null || e.state != InflightEntry.State.AWAIT_PUBCOMP) {
            log.debug("client={} PUBCOMP for unknown packet id {}", clientId, packetId);
            return;
        }
        removeInflight(packetId);
        drain();
    }

    /** For the API and tests: the inflight entries in send order. */
    public Iterable<InflightEntry> inflight() {
        return Collections.unmodifiableCollection(inflight.values());
    }

    // ---- MQTT 3.1.1 in-session retry ------------------------------------------------------------

    /**
     * MQTT 3.1.1 only: re-send what stays unacknowledged for retry_interval. MQTT 5 forbids re-sending
     * except on reconnect [MQTT-4.4.0-1]. One timer per session, armed for the oldest entry.
     */
    private void armRetry() {
        if (retryArmed || limits.retryIntervalNanos() <= 0 || link == null || link.version().isV5()
                || inflight.isEmpty()) {
            return;
        }
        long oldest = Long.MAX_VALUE;
        for (InflightEntry e : inflight.values()) {
            if (!e.resendPending) {
                oldest = Math.min(oldest, e.sentAtNanos);
            }
        }
        if (oldest == Long.MAX_VALUE) {
            return;
        }
        long delay = Math.max(0, oldest + limits.retryIntervalNanos() - executor.nanoTime());
        retryArmed = true;
        retryTimer = executor.schedule(this::onRetryTimer, delay);
    }

    private void onRetryTimer() {
        retryArmed = false;
        if (link == null || ended) {
            return;
        }
        long now = executor.nanoTime();
        for (Iterator<InflightEntry> it = inflight.values().iterator(); it.hasNext(); ) {
            InflightEntry e = it.next();
            if (!e.resendPending && now - e.sentAtNanos >= limits.retryIntervalNanos()) {
                resend(e, now);
            }
        }
        armRetry();
    }

    // ---- inbound QoS 2 ----------------------------------------------------------------------------

    /** @return true if the packet id was new (the message is to be routed), false for a re-sent one */
    public boolean receiveQos2(int packetId) {
        assertOwner();
        boolean added = awaitingPubrelSet().add(PacketIds.box(packetId));
        if (added) {
            journal.putAwaitingPubrel(clientId, packetId);
        }
        return added;
    }

    /** @return true if the id was awaiting PUBREL */
    public boolean releaseQos2(int packetId) {
        assertOwner();
        boolean removed = awaitingPubrel != null && awaitingPubrel.remove(PacketIds.box(packetId));
        if (removed) {
            journal.deleteAwaitingPubrel(clientId, packetId);
        }
        return removed;
    }

    // ---- recovery --------------------------------------------------------------------------------

    /** Restores a delivery recovered from the store, in sequence order, before any connection attaches. */
    public void restore(long sequence, InflightEntry.State state, int packetId, Delivery d) {
        assertOwner();
        lastSequence = Math.max(lastSequence, sequence);
        if (state == InflightEntry.State.QUEUED) {
            queueForAdd().addLast(new Queued(sequence, d));
        } else if (inflight.containsKey(PacketIds.box(packetId))) {
            // Two stored deliveries with one packet id cannot come from this engine; if a damaged store has
            // them, the later one is sent again as new rather than overwrite the earlier.
            log.warn("client={} recovered two deliveries with packet id {}; sequence {} is sent again as new",
                    clientId, packetId, sequence);
            if (d != null) {
                queueForAdd().addLast(new Queued(sequence, d));
            }
        } else {
            inflightForPut().put(PacketIds.box(packetId), new InflightEntry(sequence, packetId, d, state, executor.nanoTime()));
            lastPacketId = packetId;
        }
    }

    /** Restores an inbound QoS 2 packet id still awaiting PUBREL. */
    public void restoreAwaitingPubrel(int packetId) {
        assertOwner();
        awaitingPubrelSet().add(PacketIds.box(packetId));
    }

    private Set<Integer> awaitingPubrelSet() {
        if (awaitingPubrel == null) {
            awaitingPubrel = new HashSet<>();
        }
        return awaitingPubrel;
    }

    private void assertOwner() {
        assert executor.inThread() : "session " + clientId + " touched off its shard thread "
                + Thread.currentThread().getName();
    }

    @Override
    public String toString() {
        return "Session[" + clientId + "]";
    }
}
