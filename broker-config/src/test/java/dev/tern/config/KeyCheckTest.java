package dev.tern.config;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KeyCheckTest {
    private final KeyCheck keys = new KeyCheck(ConfigFactory.parseString("""
            mqtt { max_packet_size = 1, max_qos = 2 }
            listeners.tcp { enable = true, bind = "x" }
            auth.acl_file = null
            """).root());

    @Test
    void edit_distance() {
        assertThat(KeyCheck.distance("", "abc")).isEqualTo(3);
        assertThat(KeyCheck.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(KeyCheck.distance("same", "same")).isZero();
    }

    @Test
    void suggests_close_keys_including_null_defaults_and_sections() {
        assertThat(keys.suggest("mqtt.max_packet_sise")).isEqualTo("mqtt.max_packet_size");
        assertThat(keys.suggest("auth.acl_files")).isEqualTo("auth.acl_file");
        assertThat(keys.suggest("mqt")).isEqualTo("mqtt");
    }

    @Test
    void suggests_by_name_when_the_section_is_wrong() {
        assertThat(keys.suggest("listeners.max_qos")).isEqualTo("mqtt.max_qos");
    }

    @Test
    void suggests_nothing_for_unrelated_keys() {
        assertThat(keys.suggest("completely_unrelated")).isNull();
    }
}
