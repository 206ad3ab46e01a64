package dev.tern.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeqTrackerTest {

    @Test
    void in_order_stream_has_no_loss_duplicate_or_reordering() {
        SeqTracker t = new SeqTracker();
        for (long i = 0; i < 1000; i++) {
            t.onSeq(i);
        }
        assertThat(t.received()).isEqualTo(1000);
        assertThat(t.lost(1000)).isZero();
        assertThat(t.duplicates()).isZero();
        assertThat(t.outOfOrder()).isZero();
    }

    @Test
    void missing_numbers_are_lost_only_against_what_was_sent() {
        SeqTracker t = new SeqTracker();
        t.onSeq(0);
        t.onSeq(2);
        t.onSeq(5);
        // 0..6 sent: 1, 3, 4 and 6 never arrived.
        assertThat(t.lost(7)).isEqualTo(4);
        assertThat(t.outOfOrder()).isZero();
    }

    @Test
    void a_second_copy_is_a_duplicate_and_not_received_twice() {
        SeqTracker t = new SeqTracker();
        t.onSeq(0);
        t.onSeq(1);
        t.onSeq(1);
        t.onSeq(0);
        assertThat(t.received()).isEqualTo(2);
        assertThat(t.duplicates()).isEqualTo(2);
        assertThat(t.lost(2)).isZero();
    }

    @Test
    void a_late_number_below_the_highest_seen_is_out_of_order_but_not_lost() {
        SeqTracker t = new SeqTracker();
        t.onSeq(0);
        t.onSeq(2);
        t.onSeq(1);
        t.onSeq(3);
        assertThat(t.outOfOrder()).isEqualTo(1);
        assertThat(t.lost(4)).isZero();
        assertThat(t.duplicates()).isZero();
    }
}
