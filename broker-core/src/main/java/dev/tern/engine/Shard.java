package dev.tern.engine;

import dev.tern.config.MqttSettings;
import dev.tern.config.SessionSettings;
import dev.tern.packet.Connack;
import dev.tern.packet.Connect;
import dev.tern.packet.MqttPacket;
import dev.tern.packet.MqttVersion;
import dev.tern.packet.ReasonCode;
import dev.tern.packet.Will;
import dev.tern.session.Delivery;
import dev.tern.session.Message;
import dev.tern.session.Delivery;
import dev.tern.session.InflightEntry;
import dev.tern.session.QueueLimits;
import dev.tern.session.Session;
import dev.tern.session.SessionJournal;
import dev.tern.session.SubscriptionData;
import dev.tern.store.SessionStore;
import dev.tern.store.StoredDelivery;
import dev.tern.store.StoredSession;
import dev.tern.time.Cancellable;
import dev.tern.time.ShardExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One engine shard: a single thread that owns a set of sessions (those whose client id hashes here,
 * and publishers that moved here to their subscribers) and their connections. Session lifecycle lives here: connect, takeover, resume, detach, will,
 * expiry (MQTT 5.0 sections 3.1.2.4, 3.1.2.5, 3.1.3.2, 4.1).
 */
public final class Shard {
    private static final Logger log = LoggerFactory.getLogger(Shard.class);
    static final long NEVER_EXPIRES = Connect.SESSION_NEVER_EXPIRES;
    /**
     * Publisher affinity: a hand-off batch of at most this many deliveries counts as sparse, i.e. the
     * other shard's wake-up (16-21 us of CPU on the reference VM, docs/benchmarks.md) is paid for one
     * or two messages instead of being shared by a turn's worth.
     */
    static final int SPARSE_BATCH = 2;

    private final int index;
    private final ShardExecutor executor;
    private final Engine engine;
    private final Map<String, Session> sessions = new HashMap<>();
    private final QueueLimits limits;
    private volatile int sessionCount;
    private Router router;
    private Handoff handoff;
    private final GroupCommit groupCommit;
    private final KeepaliveWheel keepalives;
    /** Null when nothing is persisted (persistence.type = memory). */
    private final ShardJournal journal;
    private final boolean publisherAffinity;
    /** Recovery work that must wait until every shard has restored its sessions (due wills, expiry). */
    private List<Runnable> afterRecovery = new ArrayList<>();

    Shard(int index, ShardExecutor executor, Engine engine) {
        this.index = index;
        this.executor = executor;
        this.engine = engine;
        MqttSettings m = engine.config().mqtt();
        SessionStore.Batch batch = engine.store().durable() ? engine.store().newBatch() : null;
        this.keepalives = new KeepaliveWheel(executor, KeepaliveWheel.DEFAULT_TICK_NANOS);
        this.groupCommit = new GroupCommit(index, executor, batch);
        this.journal = batch != null ? new ShardJournal(executor, groupCommit) : null;
        this.limits = new QueueLimits(m.maxMqueueLen(), m.mqueueDropPolicy(), m.queueQos0(),
                m.retryInterval().toNanos());
        this.publisherAffinity = engine.config().engine().publisherAffinity();
    }

    public int index() {
        return index;
    }

    public ShardExecutor executor() {
        return executor;
    }

    Engine engine() {
        return engine;
    }

    KeepaliveWheel keepalives() {
        return keepalives;
    }

    /** Cross-shard deliveries of this shard's turn (created on first use: every shard exists by then). */
    Handoff handoff() {
        if (handoff == null) {
            handoff = new Handoff(this, engine.shards());
            groupCommit.onTurnEnd(handoff::flush);
        }
        return handoff;
    }

    GroupCommit groupCommit() {
        return groupCommit;
    }

    /** Whether QoS 1/2 messages can be persisted right now (false after a failed store write). */
    boolean acceptsPersistentMessages() {
        return !groupCommit.failing();
    }

    /**
     * Runs the acknowledgement of the message just routed once every shard it was handed to, this one
     * included, has made its share durable (at once when nothing is persisted, or nothing left this
     * shard: the ack is then written in this turn and withheld by this turn's commit if it fails). If a
     * commit fails the publisher is closed instead: an MQTT 5 client does not re-send on the same
     * connection, so it must not wait for an acknowledgement that will never come.
     */
    void acknowledgeWhenDurable(Connection publisher, MqttPacket ack) {
        AckBarrier barrier = router == null ? null : router.takeBarrier();
        if (barrier == null) {
            publisher.write(ack); // no lambda per message on the common path
            return;
        }
        groupCommit.afterCommit(barrier::arrive, barrier::fail);
        publisher.ackDeferred(); // the publisher stays on this shard until the ack is written
        barrier.onComplete(() -> {
            publisher.write(ack); // written (and its flush scheduled) before a move that waited for it is requested
            publisher.ackSettled();
        }, () -> {
            publisher.close(CloseReason.socketError("store write failed: acknowledgement withheld"));
            publisher.ackSettled();
        });
    }

    // ---- publisher affinity (docs/architecture.md) ----------------------------------------------

    /**
     * The shard that took every delivery of the message just routed, if it is another one and its
     * hand-off batch of this turn is sparse; else -1. A lone publisher and its subscriber on two shards
     * otherwise pay a cross-thread wake-up per message (the latency row of docs/benchmarks.md); under
     * load the batch fills up, the wake-up is shared, and both shards keep working in parallel.
     */
    int affinityTarget() {
        if (!publisherAffinity || router == null) {
            return -1;
        }
        int target = router.soleRemote();
        return target >= 0 && handoff().batched(target) <= SPARSE_BATCH ? target : -1;
    }

    /** Moves the connection to the target shard after this turn (its writes are flushed first). */
    void requestMove(Connection c, int target) {
        executor.execute(() -> move(c, engine.shard(target)));
    }

    /**
     * Publisher affinity, on the old shard: the transport stops reading and leaves this thread; then
     * the session leaves this shard's map and keepalive wheel, the engine records the new owner of the
     * client id, and the new shard adopts it. Only a session that never subscribed moves: nothing on
     * another shard refers to it, so no message for it can be in flight between shards.
     */
    private void move(Connection c, Shard target) {
        Session session = c.session();
        String clientId = c.clientId();
        if (c.waitingForAcks()) {
            c.moveWhenSettled(target.index); // acknowledgements of this shard's commits come first
            return;
        }
        if (target == this || !c.movable() || session.link() != c || !session.movable()
                || sessions.get(clientId) != session || engine.shardFor(clientId) != this) {
            return; // changed since the request; the count starts again
        }
        c.beginMove();
        c.channel().leave(left -> {
            if (!left || c.isClosed() || session.link() != c) {
                c.moveCancelled(); // closed meanwhile (the close went its usual way), or could not leave
                return;
            }
            keepalives.remove(c);
            sessions.remove(clientId);
            sessionCount = sessions.size();
            session.moveTo(target.index, target.executor);
            c.moveTo(target);
            engine.relocate(clientId, target); // before the adoption is queued: a connection for this id waits for it
            engine.metrics().publishersMoved.increment();
            log.debug("client={} moved from shard {} to shard {}: its last {} messages all went to subscribers there",
                    clientId, index, target.index, Connection.AFFINITY_STREAK);
            target.post(() -> target.adopt(c));
        });
    }

    /** Publisher affinity, on the new shard: takes over the session and its connection. */
    private void adopt(Connection c) {
        assertInThread();
        Session session = c.session();
        sessions.put(c.clientId(), session);
        sessionCount = sessions.size();
        engine.adopted(c.clientId());
        c.arrived();
    }

    /**
     * A session that ended here, on a shard its client id does not hash to: once no new session took
     * its place (this turn's takeover or clean start may have created one), the id belongs to its hash again.
     */
    private void releaseIfGone(String clientId) {
        if (engine.home(clientId) != this) {
            executor.execute(() -> {
                if (!sessions.containsKey(clientId)) {
                    engine.released(clientId, this);
                }
            });
        }
    }

    /** Runs a task on this shard's thread. */
    public void post(Runnable task) {
        executor.execute(task);
    }

    int sessionCountApprox() {
        return sessionCount;
    }

    /** The session of a client id, or null. On the shard's thread only. */
    public Session session(String clientId) {
        assertInThread();
        return sessions.get(clientId);
    }

    /** Snapshot of the sessions, for the management API (on the shard's thread). */
    public List<Session> sessions() {
        assertInThread();
        return new ArrayList<>(sessions.values());
    }

    int route(Message m) {
        if (m.retain()) {
            if (m.payload().length == 0) {
                engine.retained().remove(m.topic()); // [MQTT-3.3.1-6]
                if (journal != null) {
                    journal.deleteRetained(m.topic());
                }
            } else {
                engine.retained().put(m.topic(), m); // [MQTT-3.3.1-5]
                if (journal != null) {
                    journal.putRetained(m);
                }
            }
        }
        return router().route(m);
    }

    private Router router() {
        if (router == null) {
            router = new Router(this, engine.shards());
        }
        return router;
    }

    /**
     * Accepts an admitted CONNECT: takes over an existing connection of the same client id
     * [MQTT-3.1.4-3], starts or resumes the session ([MQTT-3.1.2-4], [MQTT-3.1.2-5]), sends CONNACK,
     * then re-sends what the session had in flight and what was queued.
     */
    public Connection connect(ClientChannel channel, Connect c, Admission admission) {
        assertInThread();
        String clientId = admission.clientId();
        assert engine.shardFor(clientId) == this && !engine.arriving(clientId)
                : "client " + clientId + " connected to shard " + index + ", which does not own it";
        MqttSettings m = engine.config().mqtt();
        Session existing = sessions.get(clientId);
        if (existing != null && existing.link() instanceof Connection old) {
            old.close(CloseReason.takenOver("new connection from " + channel.remoteAddress()));
            existing = sessions.get(clientId); // the takeover may have ended it
        }

        long expiry = effectiveExpiry(c);
        Session session;
        boolean sessionPresent;
        if (c.cleanStart() || existing == null) {
            if (existing != null) {
                endSession(existing, "replaced by a clean start");
            }
            session = new Session(clientId, index, executor, limits, engine.metrics(), c.version(), expiry);
            sessions.put(clientId, session);
            sessionCount = sessions.size();
            sessionPresent = false;
        } else {
            session = existing;
            session.cancelExpiryTimer();
            if (session.takePendingWill() != null) {
                log.info("client={} resumed its session in time: pending will cancelled [MQTT-3.1.3-9]", clientId);
                if (session.isJournaled()) {
                    journal.deleteWill(clientId);
                }
            }
            session.setVersion(c.version());
            session.setExpiryInterval(expiry);
            sessionPresent = true;
        }
        journalOnConnect(session, expiry);

        int keepAlive = c.keepAlive();
        Integer serverKeepAlive = null;
        // Only MQTT 5 can tell the client a different keep alive (Server Keep Alive). A 3.1.1 client
        // keeps pinging at its own pace, so shortening its keep alive would close a healthy client.
        boolean v5 = c.version() == MqttVersion.V5;
        if (v5 && m.serverKeepalive() > 0) {
            keepAlive = m.serverKeepalive();
            serverKeepAlive = keepAlive;
        } else if ((v5 && keepAlive > m.maxKeepalive()) || (keepAlive == 0 && !m.allowZeroKeepalive())) {
            keepAlive = m.maxKeepalive();
            serverKeepAlive = keepAlive;
        }

        Connection conn = new Connection(this, session, channel, c, admission.username(), keepAlive);
        engine.metrics().connectionsAccepted.increment();
        conn.write(connack(c, admission, sessionPresent, expiry, serverKeepAlive));
        log.debug("client={} connected from {} (MQTT {}, clean start {}, keep alive {} s, session expiry {} s, session present {})",
                clientId, channel.remoteAddress(), c.version(), c.cleanStart(), keepAlive, expiry, sessionPresent);
        conn.start();
        session.attach(conn);
        return conn;
    }

    /** Persistent sessions (expiry > 0) are journaled; one that becomes non-persistent is removed from the store. */
    private void journalOnConnect(Session session, long expiry) {
        if (journal == null) {
            return;
        }
        if (expiry > 0) {
            if (!session.isJournaled()) {
                session.setJournal(journal);
                for (var e : session.subscriptions().entrySet()) {
                    journal.putSubscription(session.clientId(), e.getKey(), e.getValue());
                }
            }
            journal.putSession(session, 0);
        } else if (session.isJournaled()) {
            journal.deleteSession(session.clientId());
            session.setJournal(SessionJournal.NONE);
        }
    }

    private long effectiveExpiry(Connect c) {
        SessionSettings s = engine.config().session();
        if (c.version() == MqttVersion.V5) {
            return Math.min(c.sessionExpiryInterval(), s.maxExpiryInterval());
        }
        // 3.1.1: clean session = 0 keeps the session; Tern caps it with session.ttl.
        return c.cleanStart() ? 0 : Math.min(s.ttl().toSeconds(), NEVER_EXPIRES);
    }

    private Connack connack(Connect c, Admission a, boolean sessionPresent, long expiry, Integer serverKeepAlive) {
        if (c.version() != MqttVersion.V5) {
            return Connack.of(sessionPresent, ReasonCode.SUCCESS);
        }
        MqttSettings m = engine.config().mqtt();
        return new Connack(sessionPresent, ReasonCode.SUCCESS,
                expiry != c.sessionExpiryInterval() ? expiry : null,           // the server overrides what the client asked
                m.receiveMaximum() != 65535 ? m.receiveMaximum() : null,
                m.maxQos() < 2 ? m.maxQos() : null,
                m.retainAvailable() ? null : Boolean.FALSE,
                (long) m.maxPacketSize(),
                a.assigned() ? a.clientId() : null,                             // [MQTT-3.2.2-16]
                m.maxTopicAlias() > 0 ? m.maxTopicAlias() : null,
                null, List.of(),
                m.wildcardSubscriptionAvailable() ? null : Boolean.FALSE,
                m.subscriptionIdentifiersAvailable() ? null : Boolean.FALSE,
                m.sharedSubscriptionAvailable() ? null : Boolean.FALSE,
                serverKeepAlive,                                                 // [MQTT-3.2.2-21]
                null, null, a.authMethod(), a.authData());                      // [MQTT-4.12.0-5]
    }

    /**
     * A connection ended: keep or end the session, and publish or schedule the will after
     * min(Will Delay Interval, Session Expiry Interval) ([MQTT-3.1.3-9], [MQTT-3.1.2-8]).
     * Logs the close once, with its consequences.
     */
    void detach(Connection conn, CloseReason reason) {
        assertInThread();
        Session session = conn.session();
        engine.metrics().connectionsClosed.increment();
        if (reason.kind() == CloseReason.Kind.KEEPALIVE_TIMEOUT) {
            engine.metrics().keepaliveTimeouts.increment();
        }
        if (session.link() != conn) {
            return; // already replaced (cannot normally happen: takeover closes the old link first)
        }
        session.detach();
        session.setLastClose(reason);
        Will will = conn.will();
        long expiry = session.expiryInterval();
        Message willMessage = will != null && reason.publishesWill() ? toMessage(will, session.clientId()) : null;
        long willDelay = -1; // -1: no will published or pending; 0: published now; > 0: pending for that many seconds
        if (expiry == 0) {
            if (willMessage != null) {
                publishWill(willMessage, session.clientId());
                willDelay = 0;
            }
            endSession(session, null);
        } else {
            if (willMessage != null) {
                willDelay = Math.min(will.delayInterval(), expiry);
                if (willDelay == 0) {
                    publishWill(willMessage, session.clientId());
                } else {
                    Cancellable t = executor.schedule(() -> firePendingWill(session), TimeUnit.SECONDS.toNanos(willDelay));
                    session.setPendingWill(willMessage, t);
                    if (session.isJournaled()) {
                        journal.putWill(session.clientId(), willMessage, executor.currentTimeMillis() + willDelay * 1000L);
                    }
                }
            }
            if (session.isJournaled()) {
                journal.putSession(session, executor.currentTimeMillis());
            }
            if (expiry != NEVER_EXPIRES) {
                session.setExpiryTimer(executor.schedule(() -> expire(session), TimeUnit.SECONDS.toNanos(expiry)));
            }
        }
        if (log.isInfoEnabled()) {
            log.info(closeLine(session.clientId(), reason, will, willDelay, expiry));
        }
    }

    /**
     * The one line a close is logged with, e.g. {@code client=sensor-7 closed: keepalive timeout (no
     * packet for 7.500 s); will 'dev/7/status' now; session kept 3600 s}. Built in one buffer and
     * logged without placeholders: ten thousand keepalive timeouts at once log ten thousand lines,
     * and formatting each through the logger's parameter substitution allocated about twice as much.
     */
    static String closeLine(String clientId, CloseReason reason, Will will, long willDelay, long expiry) {
        StringBuilder b = new StringBuilder(160).append("client=").append(clientId).append(" closed: ");
        reason.describeTo(b).append("; ");
        if (will == null) {
            b.append("no will");
        } else if (willDelay < 0) {
            b.append("will discarded (normal disconnect)");
        } else {
            b.append("will '").append(will.topic()).append('\'');
            if (willDelay == 0) {
                b.append(" now");
            } else {
                b.append(" in ").append(willDelay).append(" s unless the session resumes");
            }
        }
        b.append("; ");
        if (expiry == 0) {
            b.append("session ended (expiry interval 0)");
        } else if (expiry == NEVER_EXPIRES) {
            b.append("session kept (never expires)");
        } else {
            b.append("session kept ").append(expiry).append(" s");
        }
        return b.toString();
    }

    private void firePendingWill(Session session) {
        Message w = session.takePendingWill();
        if (w != null && !session.isEnded() && !session.isConnected()) {
            log.info("client={} will delay passed: publishing will '{}'", session.clientId(), w.topic());
            publishWill(w, session.clientId());
            if (session.isJournaled()) {
                journal.deleteWill(session.clientId());
            }
        }
    }

    private void expire(Session session) {
        if (session.isEnded() || session.isConnected() || sessions.get(session.clientId()) != session) {
            return;
        }
        engine.metrics().sessionsExpired.increment();
        endSession(session, "session expired after " + session.expiryInterval() + " s");
    }

    /** Ends a session: its pending will goes out now (the session end comes first), then all state is freed. */
    void endSession(Session session, String why) {
        Message w = session.takePendingWill();
        if (w != null) {
            publishWill(w, session.clientId());
        }
        for (String filter : session.subscriptions().keySet()) {
            engine.subscriptions().unsubscribe(filter, session);
        }
        int redispatched = 0;
        try {
            for (Delivery d : session.sharedUnfinished()) {
                if (router().redispatch(d)) {
                    redispatched++;
                }
            }
        } catch (RuntimeException e) {
            // Handing messages over is best effort; the session must still end and free its state.
            log.error("client={} shared-subscription hand-over failed; ending the session anyway", session.clientId(), e);
        }
        if (session.isJournaled()) {
            journal.deleteSession(session.clientId()); // with its subscriptions, messages and will
        }
        session.end();
        if (redispatched > 0) {
            log.info("client={} session ended with {} shared-subscription message(s) unacknowledged: "
                    + "re-dispatched to other group members", session.clientId(), redispatched);
        }
        if (sessions.get(session.clientId()) == session) {
            sessions.remove(session.clientId());
            sessionCount = sessions.size();
            releaseIfGone(session.clientId());
        }
        if (why != null) {
            log.info("client={} {}{}", session.clientId(), why, w != null ? "; will '" + w.topic() + "' published" : "");
        }
    }

    private void publishWill(Message will, String clientId) {
        engine.metrics().willsPublished.increment();
        // The will's Message Expiry Interval is its lifetime from publication, not from the
        // disconnect: a delayed will must not expire while it waits [MQTT-3.1.3-9], 3.1.3.2.4.
        if (!will.properties().hasMessageExpiry()) {
            route(will); // its deadline is already NEVER (toMessage)
            return;
        }
        long deadline = executor.nanoTime() + TimeUnit.SECONDS.toNanos(will.properties().messageExpiryInterval());
        route(new Message(will.topic(), will.payload(), will.qos(), will.retain(), will.properties(), deadline,
                will.senderId()));
    }

    /** The will as a message; its expiry deadline is set when it is published. */
    private Message toMessage(Will w, String clientId) {
        return new Message(w.topic(), w.payload(), w.qos(), w.retain(), w.properties(), Message.NEVER, clientId);
    }

    // ---- recovery --------------------------------------------------------------------------------

    /**
     * Phase 1 of recovery: rebuilds a persistent session from the store, with no connection. Its
     * expiry and a pending will are re-armed from wall-clock time in {@link #finishRecovery()}, once
     * every shard has its sessions back (a due will may be for any of them).
     */
    void restore(StoredSession s) {
        assertInThread();
        Session session = new Session(s.clientId(), index, executor, limits, engine.metrics(), s.version(),
                s.expiryInterval());
        for (var e : s.subscriptions().entrySet()) {
            SubscriptionData data = new SubscriptionData(e.getValue().options(), e.getValue().subscriptionId());
            engine.subscriptions().subscribe(e.getKey(), session, data);
            session.addSubscription(e.getKey(), data); // its journal is not set yet: nothing is written
        }
        for (StoredDelivery d : s.deliveries()) {
            Delivery delivery = d.message() == null ? null : new Delivery(ShardJournal.fromStored(d.message(), executor),
                    d.qos(), d.retain(), d.subscriptionIds());
            session.restore(d.sequence(), InflightEntry.State.valueOf(d.state().name()), d.packetId(), delivery);
        }
        s.awaitingPubrel().forEach(session::restoreAwaitingPubrel);
        session.setJournal(journal);
        session.setLastClose("broker restarted");
        sessions.put(s.clientId(), session);
        sessionCount = sessions.size();
        long now = executor.currentTimeMillis();
        // A session that was connected when the broker stopped starts its expiry now.
        long disconnectedAt = s.disconnectedAtMillis() == 0 ? now : s.disconnectedAtMillis();
        if (s.disconnectedAtMillis() == 0) {
            journal.putSession(session, now);
        }
        Message will = s.will() == null ? null : ShardJournal.fromStored(s.will(), executor);
        afterRecovery.add(() -> rearm(session, disconnectedAt, will, s.willAtMillis()));
    }

    /** Phase 2 of recovery: expire what expired while the broker was down, publish due wills, re-arm the rest. */
    void finishRecovery() {
        assertInThread();
        List<Runnable> work = afterRecovery;
        afterRecovery = new ArrayList<>();
        work.forEach(Runnable::run);
    }

    private void rearm(Session session, long disconnectedAtMillis, Message will, long willAtMillis) {
        long now = executor.currentTimeMillis();
        long expiry = session.expiryInterval();
        long remainingMillis = expiry == NEVER_EXPIRES ? Long.MAX_VALUE : disconnectedAtMillis + expiry * 1000L - now;
        if (will != null) {
            long dueIn = willAtMillis - now;
            if (dueIn <= 0 || remainingMillis <= 0) {
                log.info("client={} will '{}' was due while the broker was down: publishing it now",
                        session.clientId(), will.topic());
                publishWill(will, session.clientId());
                journal.deleteWill(session.clientId());
            } else {
                session.setPendingWill(will, executor.schedule(() -> firePendingWill(session),
                        TimeUnit.MILLISECONDS.toNanos(dueIn)));
            }
        }
        if (remainingMillis <= 0) {
            engine.metrics().sessionsExpired.increment();
            endSession(session, "session expired while the broker was down");
        } else if (expiry != NEVER_EXPIRES) {
            session.setExpiryTimer(executor.schedule(() -> expire(session), TimeUnit.MILLISECONDS.toNanos(remainingMillis)));
        }
    }

    /** Closes every connection of this shard with the given reason. */
    void closeAll(CloseReason reason) {
        assertInThread();
        for (Session s : new ArrayList<>(sessions.values())) {
            if (s.link() instanceof Connection c) {
                c.close(reason);
            }
        }
    }

    /** Closes the connection of a client id, if connected here; true if one was closed. */
    public boolean kick(String clientId) {
        assertInThread();
        Session s = sessions.get(clientId);
        if (s != null && s.link() instanceof Connection c) {
            c.close(CloseReason.kicked(null));
            return true;
        }
        return false;
    }

    void assertInThread() {
        assert executor.inThread() : "shard " + index + " touched from " + Thread.currentThread().getName();
    }
}
