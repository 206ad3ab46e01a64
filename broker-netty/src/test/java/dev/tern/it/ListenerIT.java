package dev.tern.it;

import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Binding the listeners: a port already served fails start-up naming the key (and nothing is shared
 * with the first broker), and a restart is not blocked by the previous run's connections.
 */
class ListenerIT {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void a_second_broker_on_a_port_already_served_fails_naming_the_key_and_the_first_keeps_its_clients() throws Exception {
        try (TestBroker first = TestBroker.start()) {
            int port = first.port();
            assertThatThrownBy(() -> TestBroker.start("listeners.tcp.bind = \"127.0.0.1:" + port + "\""))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("listeners.tcp.bind = \"127.0.0.1:" + port + "\": cannot bind");
            // Every connection still reaches the first broker (none goes to a half-started second one).
            List<RawMqtt> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 20; i++) {
                    RawMqtt c = new RawMqtt(first);
                    clients.add(c);
                    c.send(RawPackets.connect(4, "listener-" + i).build());
                    assertThat(c.expectType(RawMqtt.CONNACK, WAIT).body()).containsExactly(0, 0);
                }
            } finally {
                for (RawMqtt c : clients) {
                    c.close();
                }
            }
        }
    }

    @Test
    void a_port_taken_by_another_program_fails_naming_the_key() throws Exception {
        try (ServerSocket other = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int port = other.getLocalPort();
            assertThatThrownBy(() -> TestBroker.start("listeners.tcp.bind = \"127.0.0.1:" + port + "\""))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("listeners.tcp.bind = \"127.0.0.1:" + port + "\": cannot bind");
        }
    }

    @Test
    void a_restart_on_the_same_port_succeeds_while_the_previous_run_s_connections_are_in_time_wait() throws Exception {
        int port;
        try (TestBroker first = TestBroker.start()) {
            port = first.port();
            // The broker closes these itself (a second CONNECT is a protocol error), so the closed
            // connections sit in TIME_WAIT on the broker's side of the port.
            for (int i = 0; i < 4; i++) {
                try (RawMqtt c = new RawMqtt(first)) {
                    c.send(RawPackets.connect(4, "tw-" + i).build());
                    c.expectType(RawMqtt.CONNACK, WAIT);
                    c.send(RawPackets.connect(4, "tw-" + i).build());
                    assertThat(c.awaitClosed(WAIT)).isTrue();
                }
            }
        }
        try (TestBroker second = TestBroker.start("listeners.tcp.bind = \"127.0.0.1:" + port + "\"");
             RawMqtt c = new RawMqtt(second)) {
            assertThat(second.port()).isEqualTo(port);
            c.send(RawPackets.connect(4, "after-restart").build());
            assertThat(c.expectType(RawMqtt.CONNACK, WAIT).body()).containsExactly(0, 0);
        }
    }
}
