package dev.tern.packet;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PacketIdsTest {

    @Test
    void sequences_map_to_ids_1_to_65535_and_wrap() {
        assertThat(PacketIds.forSequence(1)).isEqualTo(1);
        assertThat(PacketIds.forSequence(65535)).isEqualTo(65535);
        assertThat(PacketIds.forSequence(65536)).isEqualTo(1);
        assertThatThrownBy(() -> PacketIds.forSequence(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_boxed_id_is_shared_and_equal_to_its_value() {
        for (int id : new int[] {0, 1, 127, 128, 4711, 65535}) {
            Integer b = PacketIds.box(id);
            assertThat(b).isEqualTo(id);
            assertThat(PacketIds.box(id)).isSameAs(b); // allocated once, whatever Integer.valueOf caches
        }
    }
}
