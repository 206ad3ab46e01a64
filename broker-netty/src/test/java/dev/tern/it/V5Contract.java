package dev.tern.it;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The MQTT 5 statements of {@link ClientContract}. */
abstract class V5Contract extends ClientContract {
    @Test
    void clean_start_0_with_session_expiry_resumes_with_session_present_and_offline_qos1_messages_MQTT_3_1_2_5_MQTT_3_2_2_3()
            throws Exception {
        checkOfflineMessagesDeliveredOnResume();
    }

    @Test
    void takeover_sends_disconnect_0x8E_and_closes_old_connection_MQTT_3_1_4_3() throws Exception {
        ItClient old = checkTakeoverClosesOldConnection();
        await().atMost(Duration.ofSeconds(5)).until(() -> old.serverDisconnectReason() != -1);
        assertThat(old.serverDisconnectReason()).isEqualTo(0x8E);
    }
}
