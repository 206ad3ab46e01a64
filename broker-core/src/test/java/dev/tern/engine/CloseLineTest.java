package dev.tern.engine;

import dev.tern.packet.Qos;
import dev.tern.packet.ReasonCode;
import dev.tern.packet.Will;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The one line each close is logged with: who, why, what happens to the will and to the session. */
class CloseLineTest {
    private static final Will WILL = new Will("dev/7/status", "gone".getBytes(StandardCharsets.UTF_8),
            Qos.AT_LEAST_ONCE, false, 0, null);

    @Test
    void keepalive_timeout_with_the_will_now_and_the_session_kept() {
        assertThat(Shard.closeLine("sensor-7", CloseReason.keepaliveTimeout("no packet for 7.500 s"), WILL, 0, 3600))
                .isEqualTo("client=sensor-7 closed: keepalive timeout (no packet for 7.500 s); will 'dev/7/status' now; "
                        + "session kept 3600 s");
    }

    @Test
    void delayed_will_and_a_session_that_never_expires() {
        assertThat(Shard.closeLine("c", CloseReason.socketClosed(), WILL, 30, Shard.NEVER_EXPIRES))
                .isEqualTo("client=c closed: socket closed by peer without DISCONNECT; "
                        + "will 'dev/7/status' in 30 s unless the session resumes; session kept (never expires)");
    }

    @Test
    void normal_disconnect_discards_the_will_and_ends_a_session_with_expiry_0() {
        assertThat(Shard.closeLine("c", new CloseReason(CloseReason.Kind.CLIENT_DISCONNECT, ReasonCode.SUCCESS, null),
                WILL, -1, 0))
                .isEqualTo("client=c closed: client sent DISCONNECT; will discarded (normal disconnect); "
                        + "session ended (expiry interval 0)");
    }

    @Test
    void no_will_and_a_protocol_error_with_its_reason_code() {
        assertThat(Shard.closeLine("c", CloseReason.protocolError(ReasonCode.TOPIC_ALIAS_INVALID, "alias 9"), null, -1, 60))
                .isEqualTo("client=c closed: topic alias invalid 0x94 (alias 9); no will; session kept 60 s");
    }

    @Test
    void a_client_disconnect_other_than_0x00_names_its_reason_code() {
        assertThat(CloseReason.clientDisconnect(ReasonCode.DISCONNECT_WITH_WILL).describe())
                .isEqualTo("client sent DISCONNECT 0x04 (disconnect with will)");
        assertThat(CloseReason.clientDisconnect(ReasonCode.UNSPECIFIED_ERROR).describe())
                .isEqualTo("client sent DISCONNECT 0x80 (unspecified error)");
    }
}
