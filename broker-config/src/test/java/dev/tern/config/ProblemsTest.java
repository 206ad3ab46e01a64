package dev.tern.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Every kind of problem gives one line naming the file, the line and the key. */
class ProblemsTest {

    static List<String> problems(String hocon) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(hocon, "t.conf"));
        assertThat(e).as("expected a ConfigException").isNotNull();
        return e.problems();
    }

    @Test
    void out_of_range_value_names_key_value_file_and_line() {
        assertThat(problems("""
                mqtt {
                  keepalive_multiplier = 0.5
                }
                """)).containsExactly("t.conf:2: mqtt.keepalive_multiplier = 0.5 is invalid: must be at least 1.0");
    }

    @Test
    void integer_ranges_are_enforced() {
        assertThat(problems("""
                mqtt.max_qos = 3
                mqtt.receive_maximum = 0
                mqtt.max_packet_size = 256MiB
                mqtt.max_client_id_length = 22
                engine.threads = -1
                """)).containsExactly(
                "t.conf:1: mqtt.max_qos = 3 is invalid: must be from 0 to 2",
                "t.conf:2: mqtt.receive_maximum = 0 is invalid: must be from 1 to 65535",
                "t.conf:3: mqtt.max_packet_size = \"256MiB\" is invalid: must be from 2 to 268435455 bytes",
                "t.conf:4: mqtt.max_client_id_length = 22 is invalid: must be from 23 to 65535",
                "t.conf:5: engine.threads = -1 is invalid: must be from 0 to 4096");
    }

    @Test
    void type_errors_say_what_was_expected() {
        assertThat(problems("""
                mqtt.max_inflight_window = "many"
                mqtt.max_qos = 1.5
                mqtt.retain_available = "perhaps"
                mqtt.max_packet_size = "big"
                mqtt.connect_timeout = "soon"
                listeners.tcp.bind = [1, 2]
                """)).containsExactly(
                "t.conf:1: mqtt.max_inflight_window = \"many\" is invalid: expected a whole number from 1 to 65535",
                "t.conf:2: mqtt.max_qos = 1.5 is invalid: expected a whole number from 0 to 2",
                "t.conf:3: mqtt.retain_available = \"perhaps\" is invalid: expected true or false",
                "t.conf:4: mqtt.max_packet_size = \"big\" is invalid: expected a size such as 1MB, 256KB or a number of bytes",
                "t.conf:5: mqtt.connect_timeout = \"soon\" is invalid: expected a duration such as 500ms, 10s, 5m or 2h",
                "t.conf:6: listeners.tcp.bind = [1,2] is invalid: expected a string (quote it)");
    }

    @Test
    void a_duration_without_unit_is_refused_because_hocon_would_read_milliseconds() {
        assertThat(problems("mqtt.connect_timeout = 10")).containsExactly(
                "t.conf:1: mqtt.connect_timeout = 10 is invalid: needs a unit, e.g. 10s or 500ms"
                        + " (a bare number would be read as milliseconds)");
    }

    @Test
    void duration_ranges_are_enforced() {
        assertThat(problems("""
                mqtt.connect_timeout = 0s
                session.max_expiry_interval = 4294967296s
                session.ttl = -1s
                """)).containsExactly(
                "t.conf:1: mqtt.connect_timeout = \"0s\" is invalid: must be from 1ms to 3600s",
                "t.conf:2: session.max_expiry_interval = \"4294967296s\" is invalid: must be from 0s to 4294967295s",
                "t.conf:3: session.ttl = \"-1s\" is invalid: must be from 0s to 4294967295s");
    }

    @Test
    void enum_values_list_the_choices() {
        assertThat(problems("""
                mqtt.mqueue_drop_policy = random
                persistence.type = postgres
                log.level = verbose
                """)).containsExactly(
                "t.conf:1: mqtt.mqueue_drop_policy = \"random\" is invalid: must be one of oldest, newest",
                "t.conf:2: persistence.type = \"postgres\" is invalid: must be one of memory, rocksdb",
                "t.conf:3: log.level = \"verbose\" is invalid: must be one of trace, debug, info, warn, error");
    }

    @Test
    void unknown_key_suggests_the_nearest_known_key() {
        assertThat(problems("""
                log.level = info
                mqtt.max_packet_sise = 2MB
                """)).containsExactly(
                "t.conf:2: unknown key 'mqtt.max_packet_sise' (did you mean 'mqtt.max_packet_size'?)");
    }

    @Test
    void key_in_the_wrong_section_is_found_by_its_name_and_nonsense_gets_no_suggestion() {
        assertThat(problems("""
                max_qos = 1
                listeners.tcp.enabled = true
                frobnicate { level = 3 }
                """)).containsExactly(
                "t.conf:1: unknown key 'max_qos' (did you mean 'mqtt.max_qos'?)",
                "t.conf:2: unknown key 'listeners.tcp.enabled' (did you mean 'listeners.tcp.enable'?)",
                "t.conf:3: unknown key 'frobnicate'");
    }

    @Test
    void a_section_replaced_by_a_value_is_reported_once() {
        assertThat(problems("mqtt = 5")).containsExactly("t.conf:1: mqtt must be a section { ... }, not a number");
    }

    @Test
    void null_for_a_required_key_is_refused() {
        assertThat(problems("mqtt.max_qos = null")).containsExactly("t.conf:1: mqtt.max_qos must not be null");
    }

    @Test
    void bad_bind_addresses_say_what_is_wrong() {
        assertThat(problems("""
                listeners.tcp.bind = "0.0.0.0:65536"
                listeners.ssl.bind = "::1:8883"
                listeners.ws.bind = "8083"
                http.bind = ":8081"
                """)).containsExactly(
                "t.conf:1: listeners.tcp.bind = \"0.0.0.0:65536\" is invalid: the port must be a number from 0 to 65535",
                "t.conf:2: listeners.ssl.bind = \"::1:8883\" is invalid: an IPv6 host needs brackets, e.g. \"[::1]:1883\"",
                "t.conf:3: listeners.ws.bind = \"8083\" is invalid: expected \"host:port\", e.g. \"0.0.0.0:1883\"",
                "t.conf:4: http.bind = \":8081\" is invalid: the host is missing (0.0.0.0 = every interface)");
    }

    @Test
    void two_enabled_listeners_on_one_port_clash() {
        assertThat(problems("""
                listeners.ws { enable = true, bind = "127.0.0.1:1883/mqtt" }
                """)).containsExactly(
                "t.conf:1: listeners.ws.bind = \"127.0.0.1:1883/mqtt\" is invalid: port 1883 is already used by listeners.tcp.bind");
    }

    @Test
    void enabled_ssl_listener_needs_key_and_certificate() {
        assertThat(problems("""
                listeners.ssl {
                  enable = true
                  verify_peer = true
                }
                """)).containsExactly(
                "t.conf:2: listeners.ssl.keyfile is required when listeners.ssl.enable = true",
                "t.conf:2: listeners.ssl.certfile is required when listeners.ssl.enable = true",
                "t.conf:3: listeners.ssl.cacertfile is required when listeners.ssl.verify_peer = true");
    }

    @Test
    void ssl_files_must_exist(@TempDir Path dir) throws IOException {
        Path key = Files.writeString(dir.resolve("server.key"), "key");
        Path missing = dir.resolve("server.pem");
        List<String> lines = problems("""
                listeners.ssl {
                  enable = true
                  keyfile = "%s"
                  certfile = "%s"
                }
                """.formatted(key, missing));
        assertThat(lines).containsExactly(
                "t.conf:4: listeners.ssl.certfile = \"" + missing + "\" is invalid: no such file (" + missing + ")");
    }

    @Test
    void ssl_listener_with_its_files_loads(@TempDir Path dir) throws IOException {
        Path key = Files.writeString(dir.resolve("server.key"), "key");
        Path cert = Files.writeString(dir.resolve("server.pem"), "cert");
        Path ca = Files.writeString(dir.resolve("ca.pem"), "ca");
        TernConfig c = ConfigLoader.parse("""
                listeners.ssl { enable = true, keyfile = "%s", certfile = "%s", cacertfile = "%s"
                                verify_peer = true, fail_if_no_peer_cert = true }
                """.formatted(key, cert, ca), "t.conf");
        assertThat(c.listeners().ssl())
                .isEqualTo(new ListenerSettings.Ssl(true, "0.0.0.0", 8883, key, cert, ca, true, true));
    }

    @Test
    void auth_files_must_exist_when_named() {
        assertThat(problems("auth.password_file = \"no/such/passwd\"")).singleElement().asString()
                .startsWith("t.conf:1: auth.password_file = \"no/such/passwd\" is invalid: no such file (");
    }

    @Test
    void server_keepalive_may_not_exceed_max_keepalive() {
        assertThat(problems("""
                mqtt.max_keepalive = 60
                mqtt.server_keepalive = 120
                """)).containsExactly(
                "t.conf:2: mqtt.server_keepalive = 120 is invalid: must not exceed mqtt.max_keepalive (60)");
    }

    @Test
    void all_problems_are_reported_together_in_line_order() {
        assertThat(problems("""
                log.level = loud
                mqtt {
                  max_qos = 7
                  keepalive_multiplier = 0.5
                  max_packet_sise = 1MB
                }
                listeners.tcp.bind = "localhost"
                """)).containsExactly(
                "t.conf:1: log.level = \"loud\" is invalid: must be one of trace, debug, info, warn, error",
                "t.conf:3: mqtt.max_qos = 7 is invalid: must be from 0 to 2",
                "t.conf:4: mqtt.keepalive_multiplier = 0.5 is invalid: must be at least 1.0",
                "t.conf:5: unknown key 'mqtt.max_packet_sise' (did you mean 'mqtt.max_packet_size'?)",
                "t.conf:7: listeners.tcp.bind = \"localhost\" is invalid: expected \"host:port\", e.g. \"0.0.0.0:1883\"");
    }

    @Test
    void syntax_error_names_its_line() {
        assertThat(problems("""
                mqtt {
                  max_qos = 1
                  retain_available = true
                """)).singleElement().asString().startsWith("t.conf:4: syntax error: "); // at end of input
    }

    @Test
    void unresolved_substitution_names_its_line() {
        assertThat(problems("\nlog.level = ${TERN_SURELY_UNSET_VARIABLE_FOR_TEST}"))
                .singleElement().asString().startsWith("t.conf:2: ").contains("TERN_SURELY_UNSET_VARIABLE_FOR_TEST");
    }

    @Test
    void file_problems_name_the_file_as_given(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("tern.conf"), "\n\nmqtt.max_qos = 9\n");
        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .extracting(e -> ((ConfigException) e).problems())
                .isEqualTo(List.of(file + ":3: mqtt.max_qos = 9 is invalid: must be from 0 to 2"));
    }

    @Test
    void missing_file_is_one_clear_line(@TempDir Path dir) {
        Path file = dir.resolve("nope.conf");
        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .extracting(e -> ((ConfigException) e).problems())
                .isEqualTo(List.of(file + ": no such file (" + file.toAbsolutePath() + ")"));
    }

    @Test
    void syntax_error_in_a_file_names_file_and_line(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("tern.conf"), "log.level = info\nmqtt { max_qos = }\n");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file));
        assertThat(e.problems()).singleElement().asString().startsWith(file + ":2: syntax error: ");
    }

    @Test
    void exception_message_is_the_lines_joined() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.parse("mqtt.max_qos = 9\nlog.level = x", "t.conf"));
        assertThat(e.getMessage()).isEqualTo(String.join(System.lineSeparator(), e.problems()));
    }

    @Test
    void unknown_key_in_a_file_names_the_file_as_given(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("tern.conf"), "mqtt {\n  max_inflight = 10\n}\n");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file));
        assertThat(e.problems()).containsExactly(
                file + ":2: unknown key 'mqtt.max_inflight' (did you mean 'mqtt.max_inflight_window'?)");
    }

    @Test
    void a_missing_required_include_is_reported(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("tern.conf"), "include required(\"extra.conf\")\n");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file));
        // Typesafe Config names the missing include but not the file that asked for it.
        assertThat(e.problems()).singleElement().asString().contains("extra.conf").contains("not found");
    }

    @Test
    void an_included_file_is_named_in_its_own_problems(@TempDir Path dir) throws IOException {
        Path extra = Files.writeString(dir.resolve("extra.conf"), "\nmqtt.max_qos = 4\n");
        Path file = Files.writeString(dir.resolve("tern.conf"), "include \"extra.conf\"\n");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file));
        assertThat(e.problems()).containsExactly(extra + ":2: mqtt.max_qos = 4 is invalid: must be from 0 to 2");
    }
}
