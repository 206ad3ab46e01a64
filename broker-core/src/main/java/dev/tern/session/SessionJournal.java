package dev.tern.session;

/**
 * Where a persistent session records each change of its durable state (DESIGN.md: Persistence).
 * The engine's implementation writes into its shard's store batch, which is committed once per
 * event-loop turn before anything the turn sent reaches the network. Sessions that are not
 * persisted (expiry 0, or persistence.type = memory) use {@link #NONE}.
 */
public interface SessionJournal {

    SessionJournal NONE = new SessionJournal() {
        @Override
        public void putDelivery(String clientId, long sequence, InflightEntry.State state, int packetId, Delivery d) {
        }

        @Override
        public void deleteDelivery(String clientId, long sequence) {
        }

        @Override
        public void putAwaitingPubrel(String clientId, int packetId) {
        }

        @Override
        public void deleteAwaitingPubrel(String clientId, int packetId) {
        }

        @Override
        public void putSubscription(String clientId, String filter, SubscriptionData data) {
        }

        @Override
        public void deleteSubscription(String clientId, String filter) {
        }
    };

    /**
     * A queued ({@link InflightEntry.State#QUEUED}, packet id 0) or in-flight delivery; d is null
     * once only the packet id matters (AWAIT_PUBCOMP).
     */
    void putDelivery(String clientId, long sequence, InflightEntry.State state, int packetId, Delivery d);

    void deleteDelivery(String clientId, long sequence);

    /**
     * Every QoS 1 delivery up to this sequence that is still stored as QUEUED has been sent, under the
     * packet id {@link dev.tern.packet.PacketIds#forSequence} gives for its sequence: recovery restores it
     * as in flight (AWAIT_PUBACK) with that id, so sending it costs no second write of the message.
     * Called with increasing sequences; the journal may keep only the highest per turn.
     */
    default void markSent(String clientId, long sequence) {
    }

    void putAwaitingPubrel(String clientId, int packetId);

    void deleteAwaitingPubrel(String clientId, int packetId);

    void putSubscription(String clientId, String filter, SubscriptionData data);

    void deleteSubscription(String clientId, String filter);
}
