package dev.tern.store;

import dev.tern.packet.Qos;

import java.util.List;

/**
 * One entry of a session's outgoing stream: queued (packetId 0) or in flight.
 *
 * @param sequence  position in the session's stream; unique per session, increasing in delivery order
 * @param state     where the QoS exchange stands
 * @param packetId  0 while queued
 * @param message   null once the state is {@link State#AWAIT_PUBCOMP} (only the id matters then)
 */
public record StoredDelivery(long sequence, State state, int packetId, Qos qos, boolean retain,
                             List<Integer> subscriptionIds, StoredMessage message) {

    public enum State {
        QUEUED,
        AWAIT_PUBACK,
        AWAIT_PUBREC,
        AWAIT_PUBCOMP
    }
}
