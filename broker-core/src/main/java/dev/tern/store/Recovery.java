package dev.tern.store;

import dev.tern.packet.PacketIds;
import dev.tern.packet.Qos;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Reads a {@link RocksStore} back into {@link StoredSession}s: one pass over each family in key order,
 * so a client's deliveries arrive in sequence order without sorting.
 */
final class Recovery {
    private static final Logger log = LoggerFactory.getLogger(Recovery.class);

    private final RocksStore store;
    private final Map<String, Builder> sessions = new LinkedHashMap<>();
    private int orphans;

    Recovery(RocksStore store) {
        this.store = store;
    }

    void run(Consumer<StoredSession> sessionSink, BiConsumer<String, StoredMessage> retainedSink) {
        store.forEach(RocksStore.SESSIONS, (key, value) ->
                sessions.put(new String(key, StandardCharsets.UTF_8), new Builder(StoreCodec.decodeSession(value))));
        store.forEach(RocksStore.SUBSCRIPTIONS, (key, value) -> {
            Builder b = owner(StoreKeys.clientIdOf(key));
            if (b != null) {
                b.subscriptions.put(StoreKeys.filterOf(key), StoreCodec.decodeSubscription(value));
            }
        });
        store.forEach(RocksStore.DELIVERIES, (key, value) -> {
            Builder b = owner(StoreKeys.clientIdOf(key));
            if (b != null) {
                long sequence = StoreKeys.sequenceOf(key);
                if (sequence == StoreKeys.SENT_MARK) {
                    b.sentMark = StoreCodec.decodeLong(value);
                } else {
                    b.deliveries.add(StoreCodec.decodeDelivery(sequence, value));
                }
            }
        });
        store.forEach(RocksStore.QOS2, (key, value) -> {
            Builder b = owner(StoreKeys.clientIdOf(key));
            if (b != null) {
                b.awaitingPubrel.add(StoreKeys.packetIdOf(key));
            }
        });
        store.forEach(RocksStore.WILLS, (key, value) -> {
            Builder b = owner(new String(key, StandardCharsets.UTF_8));
            if (b != null) {
                b.will = StoreCodec.decodeWill(value);
            }
        });
        if (orphans > 0) {
            // Only possible if a batch wrote under a client without ever writing its session; harmless.
            log.warn("the store at {} has {} entries of clients without a session; ignored", store.dir(), orphans);
        }
        for (Map.Entry<String, Builder> e : sessions.entrySet()) {
            sessionSink.accept(e.getValue().build(e.getKey()));
        }
        store.forEach(RocksStore.RETAINED, (key, value) ->
                retainedSink.accept(new String(key, StandardCharsets.UTF_8), StoreCodec.decodeMessage(value)));
    }

    private Builder owner(String clientId) {
        Builder b = sessions.get(clientId);
        if (b == null) {
            orphans++;
        }
        return b;
    }

    private static final class Builder {
        final StoreCodec.SessionHeader header;
        final Map<String, StoredSession.StoredSubscription> subscriptions = new LinkedHashMap<>();
        final List<StoredDelivery> deliveries = new ArrayList<>();
        final List<Integer> awaitingPubrel = new ArrayList<>();
        StoreCodec.PendingWill will;
        /** QoS 1 deliveries up to here that are stored as QUEUED were sent (see SessionStore.Batch#putSentMark). */
        long sentMark;

        Builder(StoreCodec.SessionHeader header) {
            this.header = header;
        }

        StoredSession build(String clientId) {
            if (sentMark > 0) {
                deliveries.replaceAll(d -> d.state() == StoredDelivery.State.QUEUED && d.qos() == Qos.AT_LEAST_ONCE
                        && d.sequence() <= sentMark
                        ? new StoredDelivery(d.sequence(), StoredDelivery.State.AWAIT_PUBACK,
                                PacketIds.forSequence(d.sequence()), d.qos(), d.retain(), d.subscriptionIds(), d.message())
                        : d);
            }
            return new StoredSession(clientId, header.version(), header.expiryInterval(), header.disconnectedAtMillis(),
                    Collections.unmodifiableMap(subscriptions), Collections.unmodifiableList(deliveries),
                    Collections.unmodifiableList(awaitingPubrel),
                    will == null ? null : will.message(), will == null ? 0 : will.dueAtMillis());
        }
    }
}
