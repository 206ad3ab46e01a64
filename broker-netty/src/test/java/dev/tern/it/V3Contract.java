package dev.tern.it;

import org.junit.jupiter.api.Test;

/** The MQTT 3.1.1 statements of {@link ClientContract}. */
abstract class V3Contract extends ClientContract {
    @Test
    void clean_session_0_resumes_with_session_present_and_offline_qos1_messages_MQTT_3_1_2_4_MQTT_3_2_2_2() throws Exception {
        checkOfflineMessagesDeliveredOnResume();
    }

    @Test
    void takeover_by_same_client_id_closes_old_connection_MQTT_3_1_4_2() throws Exception {
        checkTakeoverClosesOldConnection();
    }
}
