package dev.tern.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code tern bench conn} against an in-process broker: warm-up waves and the source addresses it connects from. */
class BenchConnTest extends InProcessBrokerBench {

    @Test
    void connects_from_the_given_source_addresses_after_a_warm_up_in_waves() {
        String json = bench("conn", "-c", "40", "-k", "60", "--conn-warmup", "100", "-d", "0s", "--ifaddr", "127.0.0.2,127.0.0.3");
        assertThat(exitCode).isZero();
        assertThat(json)
                .contains("\"connected\":40")
                .contains("\"failed\":0")
                .contains("\"conn_warmup\":100")
                .contains("\"source_addresses\":\"127.0.0.2,127.0.0.3\"");
    }

    @Test
    void spreads_over_sixteen_loopback_addresses_by_default_for_a_loopback_broker() {
        String json = bench("conn", "-c", "40", "-k", "60", "-d", "0s");
        assertThat(json)
                .contains("\"connected\":40")
                .contains("\"failed\":0")
                .contains("\"source_addresses\":\"127.0.0.1,127.0.0.2,")
                .contains(",127.0.0.16\"");
    }

    @Test
    void keepalive_spreads_its_clients_too_and_every_will_arrives() {
        // Its will subscriber has index -1: the source address is picked with floorMod.
        String json = bench("keepalive", "-c", "20", "-k", "1");
        assertThat(exitCode).isZero();
        assertThat(json).contains("\"connected\":20").contains("\"detected\":20").contains("\"failed\":0");
    }

    @Test
    void an_unknown_source_address_is_refused_before_any_connect() {
        String json = bench("conn", "-c", "1", "-d", "0s", "--ifaddr", "no-such-host.invalid");
        assertThat(exitCode).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(json).isEmpty();
    }
}
