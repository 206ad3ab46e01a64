package dev.tern.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Durations, sizes, and the other accepted spellings. */
class ValuesTest {

    private static TernConfig parse(String hocon) {
        return ConfigLoader.parse(hocon, "t.conf");
    }

    @Test
    void durations_take_hocon_units() {
        TernConfig c = parse("""
                mqtt.retry_interval = 500ms
                mqtt.connect_timeout = 1m
                session.ttl = 1d
                session.max_expiry_interval = 3600s
                """);
        assertThat(c.mqtt().retryInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.mqtt().connectTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.session().ttl()).isEqualTo(Duration.ofDays(1));
        assertThat(c.session().maxExpiryInterval()).isEqualTo(3600);
    }

    @Test
    void a_bare_zero_duration_is_accepted() {
        assertThat(parse("mqtt.retry_interval = 0").mqtt().retryInterval()).isEqualTo(Duration.ZERO);
    }

    @Test
    void sizes_take_memory_units_and_plain_bytes() {
        assertThat(parse("mqtt.max_packet_size = 256KB").mqtt().maxPacketSize()).isEqualTo(256_000);
        assertThat(parse("mqtt.max_packet_size = 1MiB").mqtt().maxPacketSize()).isEqualTo(1_048_576);
        assertThat(parse("mqtt.max_packet_size = 4096").mqtt().maxPacketSize()).isEqualTo(4096);
        assertThat(parse("mqtt.max_packet_size = 268435455").mqtt().maxPacketSize()).isEqualTo(268_435_455);
    }

    @Test
    void numbers_and_booleans_given_as_strings_are_converted_as_environment_values_are() {
        TernConfig c = parse("""
                mqtt.max_qos = "1"
                mqtt.retain_available = "false"
                mqtt.connect_timeout = "5s"
                """);
        assertThat(c.mqtt().maxQos()).isEqualTo(1);
        assertThat(c.mqtt().retainAvailable()).isFalse();
        assertThat(c.mqtt().connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void engine_threads_zero_means_available_processors() {
        assertThat(parse("engine.threads = 0").engine().threads())
                .isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(parse("engine.threads = 3").engine().threads()).isEqualTo(3);
    }

    @Test
    void publisher_affinity_can_be_turned_off() {
        assertThat(parse("engine.publisher_affinity = false").engine().publisherAffinity()).isFalse();
        assertThat(parse("engine.publisher_affinity = off").engine().publisherAffinity()).isFalse();
    }

    @Test
    void enums_are_case_insensitive() {
        TernConfig c = parse("""
                mqtt.mqueue_drop_policy = NEWEST
                persistence.type = RocksDB
                log.level = DEBUG
                """);
        assertThat(c.mqtt().mqueueDropPolicy()).isEqualTo(DropPolicy.NEWEST);
        assertThat(c.persistence().type()).isEqualTo(PersistenceSettings.Type.ROCKSDB);
        assertThat(c.log().level()).isEqualTo("debug");
    }

    @Test
    void bind_addresses_parse_ipv4_ipv6_hostnames_and_ws_paths() {
        TernConfig c = parse("""
                listeners.tcp.bind = "[::1]:0"
                listeners.ws { enable = true, bind = "localhost:9001/ws" }
                http.bind = "0.0.0.0:18083"
                """);
        assertThat(c.listeners().tcp()).isEqualTo(new ListenerSettings.Tcp(true, "::1", 0));
        assertThat(c.listeners().ws()).isEqualTo(new ListenerSettings.Ws(true, "localhost", 9001, "/ws"));
        assertThat(c.http().port()).isEqualTo(18083);
        assertThat(parse("listeners.ws.bind = \"0.0.0.0:8083\"").listeners().ws().path()).isEqualTo("/mqtt");
    }

    @Test
    void substitutions_resolve_against_the_file_and_fall_back_to_the_environment() {
        TernConfig c = parse("""
                mqtt.max_inflight_window = 7
                listeners.tcp.bind = "0.0.0.0:"${mqtt.max_inflight_window}
                log.level = ${?TERN_SURELY_UNSET_VARIABLE_FOR_TEST}
                """);
        assertThat(c.listeners().tcp().port()).isEqualTo(7);
        assertThat(c.log().level()).isEqualTo("info");
        String path = System.getenv("PATH");
        if (path != null) {
            // PATH is no valid level, which proves the value came from the environment.
            assertThat(ProblemsTest.problems("log.level = ${PATH}"))
                    .singleElement().asString()
                    .startsWith("t.conf:1: log.level = ").endsWith("is invalid: must be one of trace, debug, info, warn, error");
        }
    }
}
