package dev.tern.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LevelTableTest {

    @Test
    void lookup_by_range_without_substring() {
        LevelTable<String> t = new LevelTable<>();
        t.put("tennis", "T");
        t.put("", "E");
        assertThat(t.get("sport/tennis/player", 6, 12)).isEqualTo("T");
        assertThat(t.get("a//b", 2, 2)).isEqualTo("E");
        assertThat(t.get("sport/tenni/x", 6, 11)).isNull();
    }

    @Test
    void put_replace_remove_and_shrink_to_nothing() {
        LevelTable<Integer> t = new LevelTable<>();
        for (int i = 0; i < 500; i++) {
            assertThat(t.put("k" + i, i)).isNull();
        }
        assertThat(t.put("k7", 70)).isEqualTo(7);
        assertThat(t.size()).isEqualTo(500);
        for (int i = 0; i < 500; i += 3) {
            assertThat(t.remove("k" + i)).isNotNull();
        }
        for (int i = 0; i < 500; i++) {
            assertThat(t.get("k" + i)).isEqualTo(i % 3 == 0 ? null : (i == 7 ? 70 : i));
        }
        // Churn on tombstones must neither grow without bound nor lose entries.
        for (int round = 0; round < 2000; round++) {
            t.put("churn", round);
            t.remove("churn");
        }
        List<Integer> all = new ArrayList<>();
        t.forEach(all::add);
        assertThat(all).hasSize(t.size());
        for (int i = 0; i < 500; i++) {
            t.remove("k" + i);
        }
        assertThat(t.isEmpty()).isTrue();
        assertThat(t.remove("k1")).isNull();
        assertThat(t.get("k1")).isNull();
    }
}
