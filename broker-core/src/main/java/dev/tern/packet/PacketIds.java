package dev.tern.packet;

/**
 * Packet identifiers the server derives from a session's delivery sequence numbers. A QoS 1 delivery
 * sent under the id derived from its sequence needs no second store write to remember that id: the
 * sequence, already stored with the message, gives it back at recovery (see the persistence notes in
 * {@code docs/persistence.md}).
 */
public final class PacketIds {
    /** The largest packet identifier (a Two Byte Integer, never 0) [MQTT-2.2.1-3]. */
    public static final int MAX = 65535;

    /**
     * Boxed packet ids, shared by every session: in-flight maps and QoS 2 sets are keyed by Integer,
     * and Integer.valueOf allocates for every id above 127, three or more times per QoS 1 message
     * (JFR, 10k msg/s: about a third of the bytes the shard threads allocated). 256 KB of references,
     * plus 16 bytes per id once it is first used.
     */
    private static final Integer[] BOXES = new Integer[MAX + 1];

    private PacketIds() {
    }

    /**
     * The packet id (0..65535) as a shared Integer: no allocation after the first use of each id. Two
     * shards boxing the same id at once only create two equal Integers (a final field: safe to share).
     */
    public static Integer box(int id) {
        Integer b = BOXES[id];
        if (b == null) {
            b = Integer.valueOf(id);
            BOXES[id] = b;
        }
        return b;
    }

    /** The packet id 1..65535 that belongs to a delivery sequence number (1, 2, ... wrapping after 65535). */
    public static int forSequence(long sequence) {
        if (sequence < 1) {
            throw new IllegalArgumentException("delivery sequences start at 1: " + sequence);
        }
        return (int) ((sequence - 1) % 65535) + 1;
    }
}
