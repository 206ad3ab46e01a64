package dev.tern.it;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientState;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.tern.engine.Engine;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Publisher affinity with real clients on a 2-shard broker: a publisher whose every message goes to
 * one subscriber on the other shard moves there (its socket changes event loops mid-connection) over
 * TCP, TLS and WebSocket, and the messages before, during and after the move all arrive, once and in
 * order [MQTT-4.6.0-6]; takeover [MQTT-3.1.4-3] and the will [MQTT-3.1.2-8] then happen on the new shard.
 */
class PublisherAffinityIT {
    @TempDir
    static Path dir;
    static TestPki pki;
    static TestBroker broker;

    @BeforeAll
    static void start() throws Exception {
        pki = new TestPki(dir);
        broker = TestBroker.start(pki.sslListener(false) + "listeners.ws { enable = true, bind = \"127.0.0.1:0/mqtt\" }\n");
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private static Engine engine() {
        return broker.server().engine();
    }


    private static Mqtt5BlockingClient client(String id, String transport) throws Exception {
        Mqtt5ClientBuilder b = MqttClient.builder().useMqttVersion5().identifier(id).serverHost(broker.host());
        switch (transport) {
            case "tls" -> b = b.serverPort(broker.sslPort())
                    .sslConfig(MqttClientSslConfig.builder().trustManagerFactory(pki.trustManagers()).build());
            case "ws" -> b = b.serverPort(broker.wsPort()).webSocketConfig().serverPath("mqtt").applyWebSocketConfig();
            default -> b = b.serverPort(broker.port());
        }
        return b.buildBlocking();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> receive(Mqtt5BlockingClient.Mqtt5Publishes in, int n) throws InterruptedException {
        List<String> got = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Optional<Mqtt5Publish> p = in.receive(10, TimeUnit.SECONDS);
            assertThat(p).as("message %d of %d", i, n).isPresent();
            got.add(new String(p.get().getPayloadAsBytes(), StandardCharsets.UTF_8));
        }
        return got;
    }

    private static List<String> expected(String prefix, int from, int to) {
        List<String> l = new ArrayList<>();
        for (int i = from; i < to; i++) {
            l.add(prefix + i);
        }
        return l;
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "tls", "ws"})
    void a_lone_publisher_moves_to_its_subscribers_shard_and_every_message_arrives_in_order(String transport)
            throws Exception {
        String subId = TestBroker.clientIdOnShard(1, "aff-sub-" + transport + "-");
        String pubId = TestBroker.clientIdOnShard(0, "aff-pub-" + transport + "-");
        String topic = "affinity/" + transport;
        long movedBefore = engine().metrics().publishersMoved.sum();
        Mqtt5BlockingClient sub = client(subId, transport);
        sub.connect();
        Mqtt5BlockingClient pub = client(pubId, transport);
        pub.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes in = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
            assertThat(engine().shardFor(pubId).index()).isZero();
            for (int i = 0; i < 200; i++) { // each waits for its PUBACK: one message per hand-off
                pub.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(bytes("m" + i)).send();
            }
            assertThat(receive(in, 200)).containsExactlyElementsOf(expected("m", 0, 200));
            assertThat(engine().shardFor(pubId).index()).as("the publisher's owner").isEqualTo(1);
            assertThat(engine().metrics().publishersMoved.sum() - movedBefore).isEqualTo(1);

            // Takeover on the new shard: the old connection is closed, the new one publishes on.
            Mqtt5BlockingClient again = client(pubId, transport);
            again.connect();
            await().atMost(Duration.ofSeconds(10)).until(() -> pub.getState() == MqttClientState.DISCONNECTED);
            for (int i = 0; i < 10; i++) {
                again.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(bytes("n" + i)).send();
            }
            assertThat(receive(in, 10)).containsExactlyElementsOf(expected("n", 0, 10));
            assertThat(in.receive(200, TimeUnit.MILLISECONDS)).as("no duplicate").isEmpty();
            again.disconnect();
        } finally {
            sub.disconnect();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> engine().shardFor(pubId).index() == 0);
    }

    @Test
    void a_moved_paho_v3_publisher_that_vanishes_gets_its_will_published_by_the_new_shard() throws Exception {
        String subId = TestBroker.clientIdOnShard(1, "aff-will-sub-");
        String pubId = TestBroker.clientIdOnShard(0, "aff-will-pub-");
        Mqtt5BlockingClient sub = client(subId, "tcp");
        sub.connect();
        var pub = new org.eclipse.paho.client.mqttv3.MqttClient(broker.uri(), pubId, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(true);
        o.setKeepAliveInterval(60);
        o.setWill("affinity/will", bytes("gone"), 1, false);
        // Paho 3 lets a blocking publish return before it counts the finished flow out of its in-flight
        // window (paho.mqtt.java issue 551), so 100 back-to-back publishes can hit its default window of
        // 10 ("Too many publishes in progress") with nothing in flight. Each publish still waits for its flow.
        o.setMaxInflight(100);
        pub.connect(o);
        try (Mqtt5BlockingClient.Mqtt5Publishes in = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter("affinity/#").qos(MqttQos.AT_LEAST_ONCE).send();
            for (int i = 0; i < 100; i++) {
                pub.publish("affinity/v3", bytes("q" + i), i % 2 + 1, false); // QoS 1 and 2, each flow completed
            }
            assertThat(receive(in, 100)).containsExactlyElementsOf(expected("q", 0, 100));
            assertThat(engine().shardFor(pubId).index()).isEqualTo(1);

            pub.disconnectForcibly(0, 5_000, false); // the socket closes without DISCONNECT
            Optional<Mqtt5Publish> will = in.receive(10, TimeUnit.SECONDS);
            assertThat(will).isPresent();
            assertThat(will.get().getTopic().toString()).isEqualTo("affinity/will");
            assertThat(new String(will.get().getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("gone");
        } finally {
            if (pub.isConnected()) {
                pub.disconnectForcibly(0, 5_000, false);
            }
            pub.close(true);
            sub.disconnect();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> engine().shardFor(pubId).index() == 0);
    }
}
