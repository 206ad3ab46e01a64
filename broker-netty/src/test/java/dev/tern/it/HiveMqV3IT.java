package dev.tern.it;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAck;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link ClientContract} with the HiveMQ client speaking MQTT 3.1.1. */
class HiveMqV3IT extends V3Contract {
    @Override
    protected ItClient createClient(String clientId) {
        return new HiveV3(clientId, broker);
    }

    /** The HiveMQ client cannot drop its socket without DISCONNECT, so a raw MQTT 3.1.1 client does. */
    @Override
    protected void connectWithWillThenCloseAbruptly(String clientId, String willTopic, byte[] willPayload) throws Exception {
        rawConnectWithWillThenClose(4, clientId, willTopic, willPayload);
    }

    static final class HiveV3 extends ItClient {
        private final Mqtt3BlockingClient c;

        HiveV3(String clientId, TestBroker broker) {
            c = MqttClient.builder().useMqttVersion3().identifier(clientId)
                    .serverHost(broker.host()).serverPort(broker.port()).buildBlocking();
            c.toAsync().publishes(MqttGlobalPublishFilter.ALL, p -> received.add(new Received(p.getTopic().toString(),
                    p.getPayloadAsBytes(), p.getQos().getCode(), p.isRetain())));
        }

        @Override
        boolean connect(boolean cleanStart, long sessionExpirySeconds) {
            return c.connectWith().cleanSession(cleanStart).send().isSessionPresent();
        }

        @Override
        void connectWithWill(String willTopic, byte[] willPayload) {
            c.connectWith().willPublish().topic(willTopic).payload(willPayload).qos(MqttQos.AT_MOST_ONCE)
                    .applyWillPublish().send();
        }

        @Override
        void subscribe(String filter, int qos) {
            Mqtt3SubAck ack = c.subscribeWith().topicFilter(filter).qos(MqttQos.fromCode(qos)).send();
            assertThat(ack.getReturnCodes().get(0).getCode()).as("SUBACK for %s", filter).isEqualTo(qos);
        }

        @Override
        void unsubscribe(String filter) {
            c.unsubscribeWith().topicFilter(filter).send();
        }

        @Override
        void publish(String topic, byte[] payload, int qos, boolean retain) {
            c.publishWith().topic(topic).payload(payload).qos(MqttQos.fromCode(qos)).retain(retain).send();
        }

        @Override
        void disconnect() {
            c.disconnect();
        }

        @Override
        boolean isConnected() {
            return c.getState().isConnected();
        }
    }
}
