package dev.tern.it;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link ClientContract} with Eclipse Paho's MQTT 5 client. */
class PahoV5IT extends V5Contract {
    private static final long WAIT_MS = 5000;

    @Override
    protected ItClient createClient(String clientId) throws Exception {
        return new PahoV5(clientId, broker);
    }

    @Override
    protected void connectWithWillThenCloseAbruptly(String clientId, String willTopic, byte[] willPayload) throws Exception {
        PahoV5 c = new PahoV5(clientId, broker);
        c.connectWithWill(willTopic, willPayload);
        c.c.disconnectForcibly(0, WAIT_MS, false); // close the socket, no DISCONNECT packet
        c.c.close(true);
    }

    static final class PahoV5 extends ItClient {
        final MqttAsyncClient c;
        private volatile int disconnectReason = -1;

        PahoV5(String clientId, TestBroker broker) throws Exception {
            c = new MqttAsyncClient(broker.uri(), clientId, new MemoryPersistence());
            c.setCallback(new MqttCallback() {
                @Override
                public void disconnected(MqttDisconnectResponse r) {
                    disconnectReason = r.getReturnCode();
                }

                @Override
                public void mqttErrorOccurred(MqttException e) {
                }

                @Override
                public void messageArrived(String topic, MqttMessage m) {
                    received.add(new Received(topic, m.getPayload(), m.getQos(), m.isRetained()));
                }

                @Override
                public void deliveryComplete(IMqttToken token) {
                }

                @Override
                public void connectComplete(boolean reconnect, String serverURI) {
                }

                @Override
                public void authPacketArrived(int reasonCode, MqttProperties properties) {
                }
            });
        }

        private static MqttConnectionOptions options(boolean cleanStart, long expiry) {
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(cleanStart);
            o.setSessionExpiryInterval(expiry);
            o.setAutomaticReconnect(false);
            return o;
        }

        @Override
        boolean connect(boolean cleanStart, long sessionExpirySeconds) throws Exception {
            IMqttToken t = c.connect(options(cleanStart, sessionExpirySeconds));
            t.waitForCompletion(WAIT_MS);
            return t.getSessionPresent();
        }

        @Override
        void connectWithWill(String willTopic, byte[] willPayload) throws Exception {
            MqttConnectionOptions o = options(true, 0);
            MqttMessage will = new MqttMessage(willPayload, 0, false, null);
            o.setWill(willTopic, will);
            c.connect(o).waitForCompletion(WAIT_MS);
        }

        @Override
        void subscribe(String filter, int qos) throws Exception {
            IMqttToken t = c.subscribe(new MqttSubscription(filter, qos));
            t.waitForCompletion(WAIT_MS);
            assertThat(t.getReasonCodes()[0]).as("SUBACK for %s", filter).isEqualTo(qos);
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
            c.disconnect(WAIT_MS).waitForCompletion(WAIT_MS);
        }

        @Override
        boolean isConnected() {
            return c.isConnected();
        }

        @Override
        int serverDisconnectReason() {
            return disconnectReason;
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
