package dev.tern.engine;

import dev.tern.auth.Acl;
import dev.tern.auth.EnhancedAuthMethod;
import dev.tern.config.MqttSettings;
import dev.tern.packet.Auth;
import dev.tern.packet.Connect;
import dev.tern.packet.Disconnect;
import dev.tern.packet.MqttPacket;
import dev.tern.packet.MqttVersion;
import dev.tern.packet.PacketIds;
import dev.tern.packet.Pingresp;
import dev.tern.packet.Puback;
import dev.tern.packet.Pubcomp;
import dev.tern.packet.Publish;
import dev.tern.packet.PublishProperties;
import dev.tern.packet.Pubrec;
import dev.tern.packet.Pubrel;
import dev.tern.packet.Qos;
import dev.tern.packet.ReasonCode;
import dev.tern.packet.Suback;
import dev.tern.packet.Subscribe;
import dev.tern.packet.SubscriptionOptions;
import dev.tern.packet.TopicSubscription;
import dev.tern.packet.Unsuback;
import dev.tern.packet.Unsubscribe;
import dev.tern.packet.Will;
import dev.tern.routing.SharedFilter;
import dev.tern.routing.TopicNames;
import dev.tern.session.Delivery;
import dev.tern.session.Message;
import dev.tern.session.Session;
import dev.tern.session.SessionLink;
import dev.tern.session.SubscriptionData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One network connection after a successful CONNECT: the packet state machine between the client
 * and its session. Runs on its shard's thread only. The keepalive deadline is filed once in the
 * shard's {@link KeepaliveWheel} and pushed forward lazily: packets only record the time; when the
 * deadline comes early it is filed again for the remainder (DESIGN.md: Timers).
 */
public final class Connection implements SessionLink {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    /**
     * Publisher affinity: after this many messages in a row whose every delivery went to one other
     * shard, one or two per hand-off, the connection moves there (32 messages: 3 ms at 10k msg/s).
     */
    static final int AFFINITY_STREAK = 32;

    /** Changes only when the connection moves to another shard (publisher affinity, {@link Shard#adopt}). */
    private Shard shard;
    private final Session session;
    private final ClientChannel channel;
    private final MqttVersion version;
    private final String clientId;
    private final String username;
    /** The CONNECT, kept only when it named an Authentication Method (re-authentication starts from it). */
    private final Connect authConnect;
    /** A re-authentication in progress (MQTT 5.0 section 4.12.1), or null. */
    private EnhancedAuthMethod.Exchange reauth;
    private final Acl acl;
    private final MqttSettings settings;
    private final long connectSessionExpiry;
    private final boolean requestProblemInformation;
    private final int sendWindow;
    private final int keepAlive;
    private final long keepaliveTimeoutNanos;
    private Will will;
    private long lastActivity;
    /** One Runnable for the life of the connection, not a new method reference per re-arm. */
    private Map<Integer, String> inboundAliases;
    /**
     * QoS 2 packet ids received on this connection and awaiting PUBREL: the client's Receive Maximum quota.
     * Created on the first QoS 2 PUBLISH: most connections never send one, and an empty HashSet is 64 bytes.
     */
    private Set<Integer> inboundQos2;
    private boolean closed;
    /** Written to during this turn: the shard's group commit flushes it at the end of the turn. */
    private boolean dirty;
    private boolean closeRequested;
    private boolean channelReleased;
    /** Leaving this shard for another: between {@link Shard#move} and the adoption. */
    private boolean moving;
    /** Acknowledgements waiting for other shards' commits (durable store): the connection stays until they are sent. */
    private int deferredAcks;
    /** Publisher affinity: the shard the last messages all went to, and how many in a row. */
    private int affinityTarget = -1;
    private int affinityStreak;
    /** Publisher affinity: a move that waits for the deferred acknowledgements to be written, or -1. */
    private int moveWhenSettled = -1;
    /** The keepalive wheel tick this connection is filed under (see {@link KeepaliveWheel#remove}). */
    long filedAtTick;

    Connection(Shard shard, Session session, ClientChannel channel, Connect c, String username, int keepAlive) {
        this.shard = shard;
        this.session = session;
        // Request Problem Information = 0: no reason strings / user properties on acks [MQTT-3.1.2-29].
        this.channel = c.version() == MqttVersion.V5 && !c.requestProblemInformation()
                ? new ProblemInformationFilter(channel) : channel;
        this.version = c.version();
        this.clientId = session.clientId();
        this.username = username;
        this.authConnect = c.authenticationMethod() != null ? c : null;
        this.acl = shard.engine().auth().acl();
        this.settings = shard.engine().config().mqtt();
        this.connectSessionExpiry = c.sessionExpiryInterval();
        this.requestProblemInformation = c.requestProblemInformation();
        this.sendWindow = Math.max(1, Math.min(c.receiveMaximum(), settings.maxInflightWindow()));
        this.will = c.will();
        this.keepAlive = keepAlive;
        this.keepaliveTimeoutNanos = (long) (keepAlive * settings.keepaliveMultiplier() * 1_000_000_000L);
    }

    public Session session() {
        return session;
    }

    public String clientId() {
        return clientId;
    }

    Will will() {
        return will;
    }

    public int keepAlive() {
        return keepAlive;
    }

    public boolean isClosed() {
        return closed;
    }

    // ---- SessionLink ----------------------------------------------------------------------------

    @Override
    public boolean send(MqttPacket packet) {
        return !closed && write(packet);
    }

    /**
     * Writes a packet; it reaches the network at the end of the shard's turn, after the turn's store
     * writes are durable ({@link GroupCommit}).
     */
    boolean write(MqttPacket packet) {
        if (channelReleased) {
            return false;
        }
        boolean written = channel.send(packet);
        markDirty();
        return written;
    }

    private void markDirty() {
        if (!dirty) {
            dirty = true;
            shard.groupCommit().written(this);
        }
    }

    /** Called by the group commit: flush (or, if the turn's store writes failed, drop) and close if asked. */
    void endOfTurn(boolean durable) {
        dirty = false;
        if (channelReleased) {
            return;
        }
        if (!durable) {
            // Nothing of this turn may reach the client: its acknowledgements are not durable.
            channelReleased = true;
            channel.close();
            if (!closed) {
                finish(CloseReason.socketError("store write failed"));
            }
            return;
        }
        channel.flush();
        if (closeRequested) {
            channelReleased = true;
            channel.close();
        }
    }

    @Override
    public boolean isWritable() {
        return !closed && channel.isWritable();
    }

    @Override
    public MqttVersion version() {
        return version;
    }

    @Override
    public int sendWindow() {
        return sendWindow;
    }

    // ---- lifecycle ----------------------------------------------------------------------------

    void start() {
        lastActivity = shard.executor().nanoTime();
        if (keepAlive > 0) {
            shard.keepalives().schedule(this, lastActivity + keepaliveTimeoutNanos);
        }
    }

    /**
     * [MQTT-3.1.2-22]: close when nothing arrived for keepalive x multiplier (1.5 by default). Called
     * by the wheel at the deadline computed from the last packet; if a packet came since, the
     * connection files itself again for the new deadline.
     */
    void keepaliveTick() {
        if (closed) {
            return;
        }
        long idle = shard.executor().nanoTime() - lastActivity;
        if (idle >= keepaliveTimeoutNanos) {
            close(CloseReason.keepaliveTimeout("no packet for " + seconds(idle) + " s"));
        } else {
            shard.keepalives().schedule(this, lastActivity + keepaliveTimeoutNanos);
        }
    }

    /**
     * Nanoseconds as seconds with three decimals, rounded ("3.007"): String.format would build a
     * Formatter, its regex and DecimalFormatSymbols for each of thousands of keepalive closes.
     */
    static String seconds(long nanos) {
        long ms = (nanos + 500_000L) / 1_000_000L;
        return ms / 1000 + "." + Long.toString(1000 + ms % 1000).substring(1);
    }

    /** The transport saw the socket close (or fail) without the engine closing it first. */
    public void onChannelClosed(String error) {
        if (closed) {
            return;
        }
        finish(error == null ? CloseReason.socketClosed() : CloseReason.socketError(error));
    }

    /** The socket can take more again: continue with what is queued. */
    public void onWritable() {
        if (!closed) {
            session.drain();
        }
    }

    /** The decoder rejected input: close with that reason (DISCONNECT first for MQTT 5) [MQTT-4.13.1-1]. */
    public void onProtocolError(ReasonCode code, String detail) {
        close(CloseReason.protocolError(code, detail));
    }

    /** Server-initiated close: DISCONNECT with the reason (MQTT 5 only), then close the socket. */
    public void close(CloseReason reason) {
        if (closed) {
            return;
        }
        if (version == MqttVersion.V5 && reason.serverInitiated() && reason.code().validFor(dev.tern.packet.PacketType.DISCONNECT)) {
            write(Disconnect.of(reason.code(), reason.detail()));
        }
        finish(reason);
    }

    private void finish(CloseReason reason) {
        closed = true; // the keepalive wheel skips a closed connection
        closeRequested = true; // after what this turn wrote (DISCONNECT, acks) is flushed
        markDirty();
        shard.detach(this, reason);
    }

    // ---- inbound packets ----------------------------------------------------------------------

    /** Handles one packet from the client (never CONNECT: the decoder rejects a second one). */
    public void onPacket(MqttPacket p) {
        if (closed) {
            return;
        }
        lastActivity = shard.executor().nanoTime();
        switch (p.type()) {
            case PUBLISH -> onPublish((Publish) p);
            case PUBACK -> session.onPuback(((Puback) p).packetId());
            case PUBREC -> onPubrec((Pubrec) p);
            case PUBREL -> onPubrel((Pubrel) p);
            case PUBCOMP -> session.onPubcomp(((Pubcomp) p).packetId());
            case SUBSCRIBE -> onSubscribe((Subscribe) p);
            case UNSUBSCRIBE -> onUnsubscribe((Unsubscribe) p);
            case PINGREQ -> write(Pingresp.INSTANCE);
            case DISCONNECT -> onDisconnect((Disconnect) p);
            case AUTH -> onAuth((Auth) p);
            default -> close(CloseReason.protocolError(ReasonCode.PROTOCOL_ERROR,
                    "unexpected " + p.type() + " from client"));
        }
    }

    private void onPublish(Publish p) {
        String topic = p.topic();
        PublishProperties props = p.properties();
        if (version == MqttVersion.V5 && props.topicAlias() != 0) {
            int alias = props.topicAlias();
            if (alias > settings.maxTopicAlias()) {
                close(CloseReason.protocolError(ReasonCode.TOPIC_ALIAS_INVALID,
                        "topic alias " + alias + " above the maximum " + settings.maxTopicAlias() + " [MQTT-3.3.2-9]"));
                return;
            }
            if (inboundAliases == null) {
                inboundAliases = new HashMap<>();
            }
            if (topic.isEmpty()) {
                topic = inboundAliases.get(alias);
                if (topic == null) {
                    close(CloseReason.protocolError(ReasonCode.PROTOCOL_ERROR,
                            "topic alias " + alias + " used before it was set [MQTT-3.3.2-8]"));
                    return;
                }
            } else {
                inboundAliases.put(alias, topic);
            }
            props = props.withTopicAlias(0);
        }
        if (topic.isEmpty()) {
            close(CloseReason.protocolError(ReasonCode.PROTOCOL_ERROR, "PUBLISH without a topic name"));
            return;
        }
        if (!TopicNames.isValidTopicName(topic)) {
            close(CloseReason.protocolError(ReasonCode.TOPIC_NAME_INVALID,
                    "wildcard in topic name '" + topic + "' [MQTT-3.3.2-2]"));
            return;
        }
        if (p.qos().value() > settings.maxQos()) {
            close(CloseReason.protocolError(ReasonCode.QOS_NOT_SUPPORTED,
                    "QoS " + p.qos().value() + " above mqtt.max_qos " + settings.maxQos() + " [MQTT-3.2.2-11]"));
            return;
        }
        if (p.retain() && !settings.retainAvailable()) {
            close(CloseReason.protocolError(ReasonCode.RETAIN_NOT_SUPPORTED, "retain is not available [MQTT-3.2.2-14]"));
            return;
        }
        if (!acl.allows(Acl.Action.PUBLISH, username, clientId, topic)) {
            refusePublish(p, topic);
            return;
        }

        if (settings.validateUtf8Payload() && version == MqttVersion.V5
                && Integer.valueOf(1).equals(props.payloadFormatIndicator()) && !Utf8Payload.isValid(p.payload())) {
            refuseInvalidPayload(p); // [MQTT-3.3.2-4] allows the check; 0x99 is the reason [MQTT-5.4.9]
            return;
        }
        shard.engine().metrics().messagesReceived.increment();
        long deadline = props.hasMessageExpiry()
                ? shard.executor().nanoTime() + TimeUnit.SECONDS.toNanos(props.messageExpiryInterval())
                : Message.NEVER;
        Message m = new Message(topic, p.payload(), p.qos(), p.retain(),
                version == MqttVersion.V5 ? props : PublishProperties.NONE, deadline, clientId);
        if (p.qos() != Qos.AT_MOST_ONCE && !shard.acceptsPersistentMessages()) {
            refuseUnpersistable(p);
            return;
        }
        switch (p.qos()) {
            case AT_MOST_ONCE -> {
                shard.route(m);
                noteRoute();
            }
            case AT_LEAST_ONCE -> {
                int n = shard.route(m);
                noteRoute();
                int id = p.packetId();
                shard.acknowledgeWhenDurable(this, n == 0 && version == MqttVersion.V5
                        ? Puback.of(id, ReasonCode.NO_MATCHING_SUBSCRIBERS)
                        : Puback.of(id));
            }
            case EXACTLY_ONCE -> {
                if (session.awaitingPubrel().contains(PacketIds.box(p.packetId()))) {
                    // A re-sent PUBLISH whose PUBREL is still awaited: acknowledge, don't deliver twice [MQTT-4.3.3-10].
                    write(Pubrec.of(p.packetId()));
                    return;
                }
                // Counted per connection: the quota is not part of the session state [MQTT-4.9].
                if (inboundQos2 == null) {
                    inboundQos2 = new HashSet<>();
                }
                if (version == MqttVersion.V5 && inboundQos2.size() >= settings.receiveMaximum()) {
                    close(CloseReason.protocolError(ReasonCode.RECEIVE_MAXIMUM_EXCEEDED,
                            "more than " + settings.receiveMaximum() + " QoS 2 messages unacknowledged [MQTT-3.3.4-9]"));
                    return;
                }
                session.receiveQos2(p.packetId());
                inboundQos2.add(PacketIds.box(p.packetId()));
                int n = shard.route(m);
                noteRoute();
                int id = p.packetId();
                shard.acknowledgeWhenDurable(this, n == 0 && version == MqttVersion.V5
                        ? Pubrec.of(id, ReasonCode.NO_MATCHING_SUBSCRIBERS)
                        : Pubrec.of(id));
            }
        }
    }

    // ---- publisher affinity ---------------------------------------------------------------------

    /**
     * Counts messages whose every delivery went to one other shard in a sparse hand-off batch; at
     * {@link #AFFINITY_STREAK} in a row the connection asks to move there (docs/architecture.md:
     * publisher affinity). Anything else (a delivery here, several shards, a full batch, no
     * subscriber) starts the count again.
     */
    private void noteRoute() {
        int target = shard.affinityTarget();
        if (target < 0) {
            affinityStreak = 0;
            return;
        }
        if (target != affinityTarget) {
            affinityTarget = target;
            affinityStreak = 0;
        }
        if (++affinityStreak >= AFFINITY_STREAK && mayMove()) { // else the next message tries again
            affinityStreak = 0;
            shard.requestMove(this, target);
        }
    }

    /**
     * Whether the connection and its session could leave this shard, now or once its deferred
     * acknowledgements are written: no re-authentication is under way, the socket has nothing unsent.
     * QoS 2 ids awaiting PUBREL move with it (in memory: a journaled session does not move).
     */
    private boolean mayMove() {
        return !closed && !moving && reauth == null && session.movable() && channel.canMove();
    }

    /** Whether the connection can leave now, between turns: what this turn wrote is flushed, no ack is deferred. */
    boolean movable() {
        return !dirty && deferredAcks == 0 && mayMove();
    }

    /**
     * Acknowledgements wait for another shard's commit (durable store): they are written on this
     * shard, so the move waits until the last one is ({@link #ackSettled}).
     */
    boolean waitingForAcks() {
        return deferredAcks > 0;
    }

    void moveWhenSettled(int target) {
        moveWhenSettled = target;
    }

    ClientChannel channel() {
        return channel;
    }

    /** On the old shard: it is leaving (no packet can arrive meanwhile: the transport stopped reading). */
    void beginMove() {
        moving = true;
    }

    /** On the old shard, when it could not leave after all. */
    void moveCancelled() {
        moving = false;
    }

    /** On the old shard, after it left, before the new shard sees it. */
    void moveTo(Shard target) {
        shard = target;
    }

    /** On the new shard: resumes the keepalive check and reading there. */
    void arrived() {
        moving = false;
        if (keepAlive > 0) {
            shard.keepalives().schedule(this, lastActivity + keepaliveTimeoutNanos);
        }
        if (!channel.join(shard.executor())) {
            onChannelClosed("connection lost while moving to shard " + shard.index());
        }
    }

    void ackDeferred() {
        deferredAcks++;
    }

    void ackSettled() {
        if (--deferredAcks == 0 && moveWhenSettled >= 0) {
            int target = moveWhenSettled;
            moveWhenSettled = -1;
            shard.requestMove(this, target); // after this turn, which writes the acknowledgement
        }
    }

    /**
     * The store cannot take writes: refuse the message rather than acknowledge what would not survive
     * a restart (MQTT 5: PUBACK/PUBREC 0x97 Quota exceeded; 3.1.1 has no negative acknowledgement, so
     * the connection is closed and the client will re-send).
     */
    private void refuseUnpersistable(Publish p) {
        if (version != MqttVersion.V5) {
            close(CloseReason.socketError("store unavailable: QoS " + p.qos().value() + " message not accepted"));
            return;
        }
        write(p.qos() == Qos.AT_LEAST_ONCE
                ? Puback.of(p.packetId(), ReasonCode.QUOTA_EXCEEDED)
                : Pubrec.of(p.packetId(), ReasonCode.QUOTA_EXCEEDED));
    }

    /** Payload Format Indicator 1 with a payload that is not UTF-8: 0x99 on the ack, or DISCONNECT for QoS 0. */
    private void refuseInvalidPayload(Publish p) {
        String why = "payload format indicator 1 but the payload is not valid UTF-8";
        switch (p.qos()) {
            case AT_MOST_ONCE -> close(CloseReason.protocolError(ReasonCode.PAYLOAD_FORMAT_INVALID, why));
            case AT_LEAST_ONCE -> write(new Puback(p.packetId(), ReasonCode.PAYLOAD_FORMAT_INVALID, why, List.of()));
            case EXACTLY_ONCE -> write(new Pubrec(p.packetId(), ReasonCode.PAYLOAD_FORMAT_INVALID, why, List.of()));
        }
        log.debug("client={} PUBLISH to '{}' refused: {}", clientId, p.topic(), why);
    }

    /**
     * A publish the ACL denies is not routed. MQTT 5 says so with 0x87 on the PUBACK or PUBREC (which
     * ends a QoS 2 flow); 3.1.1 has no way to, so the broker acknowledges as usual and drops it.
     */
    private void refusePublish(Publish p, String topic) {
        log.debug("client={} publish to '{}' denied by the ACL", clientId, topic);
        boolean v5 = version == MqttVersion.V5;
        switch (p.qos()) {
            case AT_MOST_ONCE -> {
            }
            case AT_LEAST_ONCE -> write(v5 ? Puback.of(p.packetId(), ReasonCode.NOT_AUTHORIZED) : Puback.of(p.packetId()));
            case EXACTLY_ONCE -> write(v5 ? Pubrec.of(p.packetId(), ReasonCode.NOT_AUTHORIZED) : Pubrec.of(p.packetId()));
        }
    }

    private void onPubrec(Pubrec r) {
        ReasonCode reply = session.onPubrec(r.packetId(), r.reasonCode());
        if (reply != null) {
            write(version == MqttVersion.V5 ? Pubrel.of(r.packetId(), reply) : Pubrel.of(r.packetId()));
        }
    }

    private void onPubrel(Pubrel r) {
        boolean known = session.releaseQos2(r.packetId());
        if (inboundQos2 != null) {
            inboundQos2.remove(PacketIds.box(r.packetId()));
        }
        write(known || version != MqttVersion.V5
                ? Pubcomp.of(r.packetId())
                : Pubcomp.of(r.packetId(), ReasonCode.PACKET_IDENTIFIER_NOT_FOUND));
    }

    private void onSubscribe(Subscribe s) {
        List<ReasonCode> codes = new ArrayList<>(s.subscriptions().size());
        List<Delivery> retainedToSend = new ArrayList<>();
        for (TopicSubscription ts : s.subscriptions()) {
            String filter = ts.filter();
            SubscriptionOptions o = ts.options();
            SharedFilter shared = TopicNames.parseShared(filter);
            if (!TopicNames.isValidFilter(filter)) {
                codes.add(ReasonCode.TOPIC_FILTER_INVALID);
                continue;
            }
            if (!acl.allows(Acl.Action.SUBSCRIBE, username, clientId, filter)) {
                log.debug("client={} subscription to '{}' denied by the ACL", clientId, filter);
                codes.add(ReasonCode.NOT_AUTHORIZED); // 0x80 for 3.1.1
                continue;
            }
            if (shared != null && o.noLocal()) {
                close(CloseReason.protocolError(ReasonCode.PROTOCOL_ERROR,
                        "No Local on shared subscription '" + filter + "' [MQTT-3.8.3-4]"));
                return;
            }
            if (shared != null && !settings.sharedSubscriptionAvailable()) {
                codes.add(ReasonCode.SHARED_SUBSCRIPTIONS_NOT_SUPPORTED);
                continue;
            }
            if (TopicNames.hasWildcard(filter) && !settings.wildcardSubscriptionAvailable()) {
                codes.add(ReasonCode.WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED);
                continue;
            }
            if (s.subscriptionIdentifier() != 0 && !settings.subscriptionIdentifiersAvailable()) {
                codes.add(ReasonCode.SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED);
                continue;
            }
            Qos granted = Qos.min(o.maxQos(), Qos.of(settings.maxQos()));
            SubscriptionOptions effective = new SubscriptionOptions(granted, o.noLocal(), o.retainAsPublished(),
                    o.retainHandling());
            SubscriptionData data = new SubscriptionData(effective, s.subscriptionIdentifier());
            SubscriptionData previous = shard.engine().subscriptions().subscribe(filter, session, data);
            session.addSubscription(filter, data);
            codes.add(switch (granted) {
                case AT_MOST_ONCE -> ReasonCode.SUCCESS;
                case AT_LEAST_ONCE -> ReasonCode.GRANTED_QOS_1;
                case EXACTLY_ONCE -> ReasonCode.GRANTED_QOS_2;
            });
            // Retained messages: not for shared subscriptions; Retain Handling 0 always
            // [MQTT-3.3.1-9], 1 only for a new subscription [MQTT-3.3.1-10], 2 never [MQTT-3.3.1-11].
            boolean sendRetained = shared == null && (o.retainHandling() == 0 || (o.retainHandling() == 1 && previous == null));
            if (sendRetained) {
                long now = shard.executor().nanoTime();
                List<Integer> ids = s.subscriptionIdentifier() != 0 ? List.of(s.subscriptionIdentifier()) : List.of();
                shard.engine().retained().match(filter, rm -> {
                    if (!rm.expiresAt(now)) {
                        retainedToSend.add(new Delivery(rm, Qos.min(rm.qos(), granted), true, ids)); // [MQTT-3.3.1-8]
                    }
                });
            }
        }
        write(new Suback(s.packetId(), codes, null, List.of()));
        for (Delivery d : retainedToSend) {
            session.deliver(d);
        }
    }

    private void onUnsubscribe(Unsubscribe u) {
        List<ReasonCode> codes = new ArrayList<>(u.filters().size());
        for (String filter : u.filters()) {
            SubscriptionData removed = shard.engine().subscriptions().unsubscribe(filter, session);
            session.removeSubscription(filter);
            codes.add(removed != null ? ReasonCode.SUCCESS : ReasonCode.NO_SUBSCRIPTION_EXISTED);
        }
        write(new Unsuback(u.packetId(), codes, null, List.of())); // [MQTT-3.10.4-4]
    }

    /**
     * Re-authentication (MQTT 5.0 section 4.12.1): AUTH 0x19 with the method used at CONNECT starts a
     * new exchange [MQTT-4.12.1-1]; the broker answers AUTH 0x18 until it is done, then AUTH 0x00; a
     * failed one ends the connection with DISCONNECT [MQTT-4.12.1-2]. Other packets keep flowing meanwhile.
     */
    private void onAuth(Auth a) {
        if (authConnect == null) {
            close(CloseReason.protocolError(ReasonCode.PROTOCOL_ERROR,
                    "AUTH but no authentication method was given at CONNECT"));
            return;
        }
        String method = authConnect.authenticationMethod();
        if (!method.equals(a.authenticationMethod())) {
            close(CloseReason.protocolError(ReasonCode.PROTOCOL_ERROR, "AUTH with method '" + a.authenticationMethod()
                    + "' but CONNECT used '" + method + "' [MQTT-4.12.1-1]"));
            return;
        }
        if (a.reasonCode() == ReasonCode.RE_AUTHENTICATE && reauth == null) {
            EnhancedAuthMethod m = shard.engine().auth().authenticator().enhanced(method);
            if (m == null) {
                close(CloseReason.protocolError(ReasonCode.BAD_AUTHENTICATION_METHOD, "method '" + method + "' no longer available"));
                return;
            }
            reauth = m.start(authConnect);
        } else if (a.reasonCode() != ReasonCode.CONTINUE_AUTHENTICATION || reauth == null) {
            close(CloseReason.protocolError(ReasonCode.PROTOCOL_ERROR,
                    "unexpected AUTH " + a.reasonCode() + (reauth == null ? "" : " during re-authentication")));
            return;
        }
        EnhancedAuthMethod.Step step = reauth.step(a.authenticationData());
        if (step instanceof EnhancedAuthMethod.Step.Continue more) {
            write(new Auth(ReasonCode.CONTINUE_AUTHENTICATION, method, more.serverData(), null, List.of()));
        } else if (step instanceof EnhancedAuthMethod.Step.Success ok) {
            reauth = null;
            write(new Auth(ReasonCode.SUCCESS, method, ok.serverData(), null, List.of()));
            log.info("client={} re-authenticated ({})", clientId, method);
        } else if (step instanceof EnhancedAuthMethod.Step.Failure f) {
            reauth = null;
            // 0x86 is a CONNACK-only code; in DISCONNECT the refusal is "not authorized".
            ReasonCode code = f.reason().validFor(dev.tern.packet.PacketType.DISCONNECT) ? f.reason() : ReasonCode.NOT_AUTHORIZED;
            close(CloseReason.protocolError(code, "re-authentication failed: " + f.detail()));
        }
    }

    private void onDisconnect(Disconnect d) {
        if (version == MqttVersion.V5 && d.sessionExpiryInterval() != null) {
            long requested = d.sessionExpiryInterval();
            if (connectSessionExpiry == 0 && requested != 0) {
                close(CloseReason.protocolError(ReasonCode.PROTOCOL_ERROR,
                        "DISCONNECT sets session expiry " + requested + " s after CONNECT had 0 [MQTT-3.14.2-2]"));
                return;
            }
            session.setExpiryInterval(Math.min(requested, shard.engine().config().session().maxExpiryInterval()));
        }
        ReasonCode code = version == MqttVersion.V5 ? d.reasonCode() : ReasonCode.SUCCESS;
        if (code == ReasonCode.SUCCESS) {
            will = null; // [MQTT-3.1.2-10] the will is deleted on a normal DISCONNECT
        }
        finish(CloseReason.clientDisconnect(code));
    }

    @Override
    public String toString() {
        return "Connection[" + clientId + " " + channel.remoteAddress() + "]";
    }
}
