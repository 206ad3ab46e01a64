package dev.tern.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PubackTest {

    @Test
    void the_plain_success_of_an_id_is_one_shared_instance_equal_to_a_new_one() {
        for (int id : new int[] {1, 128, 4711, 65535}) {
            Puback p = Puback.of(id);
            assertThat(Puback.of(id)).isSameAs(p);
            assertThat(p).isEqualTo(new Puback(id, ReasonCode.SUCCESS, null, List.of()));
            assertThat(p.packetId()).isEqualTo(id);
        }
        assertThat(Puback.of(1)).isNotEqualTo(Puback.of(2));
        assertThat(Puback.of(4711, ReasonCode.SUCCESS, null, List.of())).isSameAs(Puback.of(4711));
        assertThat(Puback.of(4711, ReasonCode.SUCCESS, "why", List.of())).isNotSameAs(Puback.of(4711))
                .isEqualTo(new Puback(4711, ReasonCode.SUCCESS, "why", List.of()));
    }

    @Test
    void other_reason_codes_and_ids_out_of_range_are_new_each_time() {
        assertThat(Puback.of(7, ReasonCode.NO_MATCHING_SUBSCRIBERS)).isNotSameAs(Puback.of(7, ReasonCode.NO_MATCHING_SUBSCRIBERS));
        assertThat(Puback.of(0)).isNotSameAs(Puback.of(0)).isEqualTo(Puback.of(0));
        assertThat(Puback.of(65536).packetId()).isEqualTo(65536);
    }
}
