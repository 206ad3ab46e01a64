package dev.tern.cli.bench;

import java.util.BitSet;

/**
 * Accounting for one stream (one publisher as seen by one subscriber): every sequence number is
 * remembered, so a second copy is a duplicate, one below the highest seen so far is out of order,
 * and what never arrived is lost. Single-threaded (the bench's event loop).
 */
final class SeqTracker {
    private final BitSet seen = new BitSet();
    private long highest = -1;
    private long received;
    private long duplicates;
    private long outOfOrder;

    void onSeq(long seq) {
        int i = (int) seq;
        if (seen.get(i)) {
            duplicates++;
            return;
        }
        seen.set(i);
        received++;
        if (seq < highest) {
            outOfOrder++;
        } else {
            highest = seq;
        }
    }

    /** Distinct sequence numbers received. */
    long received() {
        return received;
    }

    long duplicates() {
        return duplicates;
    }

    long outOfOrder() {
        return outOfOrder;
    }

    /** Messages of {@code sent} (numbered 0..sent-1) that never arrived. */
    long lost(long sent) {
        return sent - seen.cardinality();
    }
}
