package dev.tern.packet;

/**
 * Packet identifiers the server derives from a session's delivery sequence numbers. A QoS 1 delivery
 * sent under the id derived from its sequence needs no second store write to remember that id: the
 * sequence, already stored with the message, gives it back at recovery (see the persistence notes in
 * {@code docs/persistence.md}).
 */
public final class PacketIds {
    private PacketIds() {
    }

    /** The packet id 1..65535 that belongs to a delivery sequence number (1, 2, ... wrapping after 65535). */
    public static int forSequence(long sequence) {
        if (sequence < 1) {
            throw new IllegalArgumentException("delivery sequences start at 1: " + sequence);
        }
        return (int) ((sequence - 1) % 65535) + 1;
    }
}
