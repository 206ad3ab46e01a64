package dev.tern.it;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAck;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link ClientContract} with the HiveMQ client speaking MQTT 5. */
class HiveMqV5IT extends V5Contract {
    @Override
    protected ItClient createClient(String clientId) {
        return new HiveV5(clientId, broker);
    }

    /** The HiveMQ client cannot drop its socket without DISCONNECT, so a raw MQTT 5 client does. */
    @Override
    protected void connectWithWillThenCloseAbruptly(String clientId, String willTopic, byte[] willPayload) throws Exception {
        rawConnectWithWillThenClose(5, clientId, willTopic, willPayload);
    }

    static final class HiveV5 extends ItClient {
        private final Mqtt5BlockingClient c;
        private volatile int disconnectReason = -1;

        HiveV5(String clientId, TestBroker broker) {
            c = MqttClient.builder().useMqttVersion5().identifier(clientId)
                    .serverHost(broker.host()).serverPort(broker.port())
                    .addDisconnectedListener(ctx -> {
                        if (ctx.getCause() instanceof Mqtt5DisconnectException e) {
                            disconnectReason = e.getMqttMessage().getReasonCode().getCode();
                        }
                    })
                    .buildBlocking();
            c.toAsync().publishes(MqttGlobalPublishFilter.ALL, p -> received.add(new Received(p.getTopic().toString(),
                    p.getPayloadAsBytes(), p.getQos().getCode(), p.isRetain())));
        }

        @Override
        boolean connect(boolean cleanStart, long sessionExpirySeconds) {
            return c.connectWith().cleanStart(cleanStart).sessionExpiryInterval(sessionExpirySeconds).send().isSessionPresent();
        }

        @Override
        void connectWithWill(String willTopic, byte[] willPayload) {
            c.connectWith().willPublish().topic(willTopic).payload(willPayload).qos(MqttQos.AT_MOST_ONCE)
                    .applyWillPublish().send();
        }

        @Override
        void subscribe(String filter, int qos) {
            Mqtt5SubAck ack = c.subscribeWith().topicFilter(filter).qos(MqttQos.fromCode(qos)).send();
            assertThat(ack.getReasonCodes().get(0).getCode()).as("SUBACK for %s", filter).isEqualTo(qos);
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

        @Override
        int serverDisconnectReason() {
            return disconnectReason;
        }
    }
}
