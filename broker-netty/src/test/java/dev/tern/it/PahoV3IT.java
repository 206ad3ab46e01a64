package dev.tern.it;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link ClientContract} with Eclipse Paho's MQTT 3.1.1 client. */
class PahoV3IT extends V3Contract {
    private static final long WAIT_MS = 5000;

    @Override
    protected ItClient createClient(String clientId) throws Exception {
        return new PahoV3(clientId, broker);
    }

    @Override
    protected void connectWithWillThenCloseAbruptly(String clientId, String willTopic, byte[] willPayload) throws Exception {
        PahoV3 c = new PahoV3(clientId, broker);
        c.connectWithWill(willTopic, willPayload);
        c.c.disconnectForcibly(0, WAIT_MS, false); // close the socket, no DISCONNECT packet
        c.c.close();
    }

    static final class PahoV3 extends ItClient {
        final MqttAsyncClient c;

        PahoV3(String clientId, TestBroker broker) throws Exception {
            c = new MqttAsyncClient(broker.uri(), clientId, new MemoryPersistence());
            c.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                }

                @Override
                public void messageArrived(String topic, MqttMessage m) {
                    received.add(new Received(topic, m.getPayload(), m.getQos(), m.isRetained()));
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                }
            });
        }

        private static MqttConnectOptions options(boolean cleanSession) {
            MqttConnectOptions o = new MqttConnectOptions();
            o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            o.setCleanSession(cleanSession);
            o.setAutomaticReconnect(false);
            return o;
        }

        @Override
        boolean connect(boolean cleanStart, long sessionExpirySeconds) throws Exception {
            IMqttToken t = c.connect(options(cleanStart));
            t.waitForCompletion(WAIT_MS);
            return t.getSessionPresent();
        }

        @Override
        void connectWithWill(String willTopic, byte[] willPayload) throws Exception {
            MqttConnectOptions o = options(true);
            o.setWill(willTopic, willPayload, 0, false);
            c.connect(o).waitForCompletion(WAIT_MS);
        }

        @Override
        void subscribe(String filter, int qos) throws Exception {
            IMqttToken t = c.subscribe(filter, qos);
            t.waitForCompletion(WAIT_MS);
            assertThat(t.getGrantedQos()[0]).as("SUBACK for %s", filter).isEqualTo(qos);
        }

        @Override
        void unsubscribe(String filter) throws Exception {
            c.unsubscribe(filter).waitForCompletion(WAIT_MS);
        }

        @Override
        void publish(String topic, byte[] payload, int qos, boolean retain) throws Exception {
            c.publish(topic, payload, qos, retain).waitForCompletion(WAIT_MS);
        }

        @Override
        void disconnect() throws Exception {
            c.disconnect(0).waitForCompletion(WAIT_MS);
        }

        @Override
        boolean isConnected() {
            return c.isConnected();
        }

        @Override
        public void close() {
            super.close();
            try {
                c.close(true);
            } catch (Exception ignored) {
                // best effort
            }
        }
    }
}
