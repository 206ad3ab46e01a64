package dev.tern.it;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** MQTT over WebSocket (MQTT 5.0 section 6) with real clients: HiveMQ (v5) and Paho (v3.1.1). */
class WebSocketIT {
    static TestBroker broker;

    @BeforeAll
    static void start() {
        broker = TestBroker.start("listeners.ws { enable = true, bind = \"127.0.0.1:0/mqtt\" }\n");
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static Mqtt5BlockingClient wsClient(String id) {
        return MqttClient.builder().useMqttVersion5().identifier(id)
                .serverHost(broker.host()).serverPort(broker.wsPort())
                .webSocketConfig().serverPath("mqtt").applyWebSocketConfig()
                .buildBlocking();
    }

    @Test
    void hivemq_v5_publishes_and_subscribes_over_websocket_MQTT_6_0_0_1() throws Exception {
        Mqtt5BlockingClient sub = wsClient("ws-sub");
        Mqtt5BlockingClient pub = wsClient("ws-pub");
        sub.connect();
        pub.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes in = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter("ws/#").qos(MqttQos.EXACTLY_ONCE).send();
            for (MqttQos q : MqttQos.values()) {
                pub.publishWith().topic("ws/" + q.getCode()).qos(q).payload(("p" + q.getCode()).getBytes(StandardCharsets.UTF_8)).send();
                Optional<Mqtt5Publish> got = in.receive(5, TimeUnit.SECONDS);
                assertThat(got).isPresent();
                assertThat(got.get().getTopic().toString()).isEqualTo("ws/" + q.getCode());
                assertThat(got.get().getQos()).isEqualTo(q);
            }
        } finally {
            pub.disconnect();
            sub.disconnect();
        }
    }

    @Test
    void paho_v311_over_websocket_reaches_a_tcp_subscriber() throws Exception {
        Mqtt5BlockingClient tcpSub = MqttClient.builder().useMqttVersion5().identifier("ws-tcp-sub")
                .serverHost(broker.host()).serverPort(broker.port()).buildBlocking();
        tcpSub.connect();
        org.eclipse.paho.client.mqttv3.MqttClient paho = new org.eclipse.paho.client.mqttv3.MqttClient(
                "ws://127.0.0.1:" + broker.wsPort() + "/mqtt", "ws-paho", new MemoryPersistence());
        try (Mqtt5BlockingClient.Mqtt5Publishes in = tcpSub.publishes(MqttGlobalPublishFilter.ALL)) {
            tcpSub.subscribeWith().topicFilter("mixed/t").qos(MqttQos.AT_LEAST_ONCE).send();
            MqttConnectOptions o = new MqttConnectOptions();
            o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            paho.connect(o);
            paho.publish("mixed/t", "from ws".getBytes(StandardCharsets.UTF_8), 1, false);
            Optional<Mqtt5Publish> got = in.receive(5, TimeUnit.SECONDS);
            assertThat(got).isPresent();
            assertThat(new String(got.get().getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("from ws");
        } finally {
            if (paho.isConnected()) {
                paho.disconnect();
            }
            paho.close();
            tcpSub.disconnect();
        }
    }

    @Test
    void a_text_frame_closes_the_connection_MQTT_6_0_0_1() throws Exception {
        try (Socket s = new Socket(broker.host(), broker.wsPort())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /mqtt HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Protocol: mqtt\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = readHttpHead(s);
            assertThat(response).startsWith("HTTP/1.1 101").containsIgnoringCase("sec-websocket-protocol: mqtt");
            // A masked text frame "hi": FIN+text, MASK+len 2, mask key 0, payload.
            out.write(new byte[] {(byte) 0x81, (byte) 0x82, 0, 0, 0, 0, 'h', 'i'});
            out.flush();
            // A close frame may come first; then the socket must close (a read timeout fails the test).
            byte[] rest = s.getInputStream().readAllBytes();
            assertThat(rest.length).isLessThan(16);
        }
    }

    private static String readHttpHead(Socket s) throws Exception {
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = s.getInputStream().read()) != -1) {
            sb.append((char) b);
            if (sb.toString().endsWith("\r\n\r\n")) {
                break;
            }
        }
        return sb.toString();
    }
}
