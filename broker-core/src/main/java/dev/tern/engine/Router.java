package dev.tern.engine;

import dev.tern.packet.Qos;
import dev.tern.routing.MatchVisitor;
import dev.tern.routing.TopicNames;
import dev.tern.session.Delivery;
import dev.tern.session.Message;
import dev.tern.session.Session;
import dev.tern.session.SubscriptionData;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * Matches a message once against the subscription index and fans it out: directly to sessions of
 * this shard, and as one task per other shard. One instance per shard, reused, single-threaded.
 * A session matched by several overlapping filters gets the message once, at the highest granted
 * QoS, with every matching subscription identifier ([MQTT-3.3.4-2], [MQTT-3.3.4-3]).
 */
final class Router implements MatchVisitor<Session, SubscriptionData> {
    private static final int LINEAR_DEDUP_LIMIT = 16;

    private final Shard shard;
    private final Shard[] allShards;
    private final ArrayList<Target> targets = new ArrayList<>();
    /**
     * Target records of earlier messages, reused: a fan-out to 50 subscribers made 50 of them per
     * message. At most {@link #SPARE_LIMIT} are kept, so one message to 100,000 subscribers does not
     * pin 100,000 records.
     */
    private final ArrayList<Target> spare = new ArrayList<>();
    private static final int SPARE_LIMIT = 1024;
    private final IdentityHashMap<Session, Target> index = new IdentityHashMap<>();
    private Message current;
    /** The barrier of the last routed message, until the publisher's connection takes it. */
    private AckBarrier barrier;
    /**
     * Where the last routed message went, for publisher affinity: the index of the one other shard
     * that got all of its deliveries, or -1 (none, some here, or several shards).
     */
    private int soleRemote = -1;

    Router(Shard shard, Shard[] allShards) {
        this.shard = shard;
        this.allShards = allShards;
    }

    /** @return how many sessions the message was routed to */
    int route(Message m) {
        current = m;
        barrier = null;
        soleRemote = -1;
        try {
            shard.engine().subscriptions().match(m.topic(), m.senderId(), this);
            int n = targets.size();
            if (n == 0) {
                return 0;
            }
            int remote = -1; // -2: deliveries here or on several shards
            // Other shards get their deliveries in one batch per turn, after this shard's commit (Handoff).
            boolean needsBarrier = m.qos() != Qos.AT_MOST_ONCE && shard.engine().store().durable();
            boolean[] touched = null;
            for (int i = 0; i < n; i++) {
                Target t = targets.get(i);
                Delivery d = new Delivery(m, t.qos, t.retainAsPublished && m.retain(),
                        t.subscriptionIds == null ? List.of() : t.subscriptionIds, t.sharedFilter);
                int owner = t.session.shardIndex();
                if (owner == shard.index()) {
                    t.session.deliver(d);
                    remote = -2;
                } else {
                    remote = remote == -1 || remote == owner ? owner : -2;
                    shard.handoff().deliver(owner, t.session, d);
                    if (needsBarrier) {
                        if (touched == null) {
                            touched = new boolean[allShards.length];
                        }
                        touched[owner] = true;
                    }
                }
            }
            soleRemote = Math.max(remote, -1);
            if (touched != null) {
                // With a durable store, a QoS 1/2 message is acknowledged only once every shard that
                // queued it for a persistent session has committed (DESIGN.md: Persistence).
                int count = 0;
                for (boolean x : touched) {
                    count += x ? 1 : 0;
                }
                AckBarrier b = new AckBarrier(count + 1); // + this shard's own commit (Shard.acknowledgeWhenDurable)
                barrier = b;
                for (int s = 0; s < touched.length; s++) {
                    if (touched[s]) {
                        shard.handoff().barrier(s, b);
                    }
                }
            }
            return n;
        } finally {
            for (int i = 0; i < targets.size(); i++) {
                Target t = targets.get(i);
                t.release(); // its subscription ids list now belongs to the Delivery
                if (spare.size() < SPARE_LIMIT) {
                    spare.add(t);
                }
            }
            targets.clear();
            if (!index.isEmpty()) {
                index.clear();
            }
            current = null;
        }
    }

    /** The one other shard that took every delivery of the message just routed, or -1. */
    int soleRemote() {
        return soleRemote;
    }

    /** Clears and returns the barrier of the message just routed, or null if it needs none. */
    AckBarrier takeBarrier() {
        AckBarrier b = barrier;
        barrier = null;
        return b;
    }

    @Override
    public void onMatch(Session session, SubscriptionData data, String filter) {
        Message m = current;
        if (data.options().noLocal() && session.clientId().equals(m.senderId())) {
            return; // [MQTT-3.8.3-3]
        }
        Qos qos = Qos.min(m.qos(), data.options().maxQos());
        Target t = find(session);
        if (t == null) {
            t = spare.isEmpty() ? new Target() : spare.remove(spare.size() - 1);
            t.set(session, qos, data.options().retainAsPublished());
            t.sharedFilter = filter.startsWith(TopicNames.SHARE_PREFIX) ? filter : null;
            targets.add(t);
            if (targets.size() > LINEAR_DEDUP_LIMIT) {
                index.put(session, t);
            } else if (targets.size() == LINEAR_DEDUP_LIMIT) {
                for (Target x : targets) {
                    index.put(x.session, x);
                }
            }
        } else {
            if (qos.ordinal() > t.qos.ordinal()) {
                t.qos = qos;
            }
            t.retainAsPublished |= data.options().retainAsPublished();
            t.sharedFilter = null; // reached through several subscriptions: not re-dispatched on leave
        }
        if (data.subscriptionId() > 0) {
            if (t.subscriptionIds == null) {
                t.subscriptionIds = new ArrayList<>(2);
            }
            t.subscriptionIds.add(data.subscriptionId());
        }
    }

    /**
     * A QoS 1/2 message that a shared-group member had in flight or queued when its session ended
     * (and so left the group): sends it to the member the group's strategy picks now, if any
     * (MQTT 5.0 section 4.8.2). The match also walks other subscriptions of the topic, which are
     * ignored; it may advance other groups' round-robin cursors, which only shifts whose turn it is.
     *
     * @return true if another member took it
     */
    boolean redispatch(Delivery d) {
        Message m = d.message();
        Session[] picked = new Session[1];
        SubscriptionData[] pickedData = new SubscriptionData[1];
        shard.engine().subscriptions().match(m.topic(), m.senderId(), (session, data, filter) -> {
            if (picked[0] == null && filter.equals(d.sharedFilter()) && !session.isEnded()) {
                picked[0] = session;
                pickedData[0] = data;
            }
        });
        if (picked[0] == null) {
            return false;
        }
        Session target = picked[0];
        SubscriptionData data = pickedData[0];
        Delivery again = new Delivery(m, Qos.min(m.qos(), data.options().maxQos()), false,
                data.subscriptionId() > 0 ? List.of(data.subscriptionId()) : List.of(), d.sharedFilter());
        if (target.shardIndex() == shard.index()) {
            target.deliver(again);
        } else {
            allShards[target.shardIndex()].post(() -> target.deliver(again));
        }
        return true;
    }

    private Target find(Session s) {
        if (targets.size() >= LINEAR_DEDUP_LIMIT) {
            return index.get(s);
        }
        for (int i = 0; i < targets.size(); i++) {
            Target t = targets.get(i);
            if (t.session == s) {
                return t;
            }
        }
        return null;
    }

    /** One matched session of the message being routed; reused across messages (see {@link #spare}). */
    private static final class Target {
        Session session;
        Qos qos;
        boolean retainAsPublished;
        List<Integer> subscriptionIds;
        String sharedFilter;

        void set(Session session, Qos qos, boolean retainAsPublished) {
            this.session = session;
            this.qos = qos;
            this.retainAsPublished = retainAsPublished;
        }

        /** Forgets the message's references (the session, its ids list, the filter) before reuse. */
        void release() {
            session = null;
            subscriptionIds = null;
            sharedFilter = null;
        }
    }
}
