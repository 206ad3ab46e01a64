package dev.tern.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BindAddressTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0.0.0.0:1883        | 0.0.0.0     | 1883  | ",
            "127.0.0.1:0         | 127.0.0.1   | 0     | ",
            "[::1]:1883          | ::1         | 1883  | ",
            "[::]:65535          | ::          | 65535 | ",
            "[fe80::1%eth0]:1883 | fe80::1%eth0| 1883  | ",
            "broker.example:8883 | broker.example | 8883 | ",
    })
    void accepts(String text, String host, int port, String path) throws Exception {
        assertThat(BindAddress.parse(text, false)).isEqualTo(new BindAddress(host, port, path));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0.0.0.0:8083/mqtt   | 0.0.0.0 | 8083 | /mqtt",
            "[::]:8083/ws/mqtt   | ::      | 8083 | /ws/mqtt",
            "localhost:8083      | localhost | 8083 | /mqtt",
    })
    void accepts_websocket_paths(String text, String host, int port, String path) throws Exception {
        assertThat(BindAddress.parse(text, true)).isEqualTo(new BindAddress(host, port, path));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1883                | expected \"host:port\"",
            "host:               | the port must be a number from 0 to 65535",
            "host:-1             | the port must be a number from 0 to 65535",
            "host:65536          | the port must be a number from 0 to 65535",
            "host:123456         | the port must be a number from 0 to 65535",
            "::1:1883            | an IPv6 host needs brackets",
            "[::1]1883           | expected \"[ipv6]:port\"",
            "[::1                | expected \"[ipv6]:port\"",
            "[example]:1883      | 'example' is not an IPv6 address",
            ":1883               | the host is missing",
            "bad_host!:1883      | 'bad_host!' is not a host name or address",
    })
    void refuses(String text, String reason) {
        assertThatThrownBy(() -> BindAddress.parse(text, false))
                .isInstanceOf(BindAddress.Invalid.class)
                .hasMessageStartingWith(reason);
    }
}
