package dev.tern.it;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keep alive and connect timeout against the real clock, with a raw socket client that can go
 * silent. Values are small (1 s) and tolerances wide, so machine speed does not matter.
 */
class KeepaliveIT {
    static TestBroker broker;

    @BeforeAll
    static void start() {
        broker = TestBroker.start("mqtt.keepalive_multiplier = 1.5\nmqtt.connect_timeout = 1s\n");
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void silent_client_is_closed_after_one_and_a_half_keep_alive_and_its_will_is_published_MQTT_3_1_2_24() throws Exception {
        Mqtt5BlockingClient sub = MqttClient.builder().useMqttVersion5().identifier("ka-will-sub")
                .serverHost(broker.host()).serverPort(broker.port()).buildBlocking();
        sub.connect();
        // The publishes flow is registered before subscribing: the client drops what arrives earlier.
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = sub.publishes(MqttGlobalPublishFilter.ALL);
             RawMqtt raw = new RawMqtt(broker)) {
            sub.subscribeWith().topicFilter("ka/will").qos(MqttQos.AT_LEAST_ONCE).send();
            raw.send(RawMqtt.connect(4, "ka-silent", 1,
                    new RawMqtt.Will("ka/will", "timed out".getBytes(StandardCharsets.UTF_8))));
            RawMqtt.Packet connack = raw.expect(Duration.ofSeconds(5));
            long connackAt = System.nanoTime();
            assertThat(connack.type()).isEqualTo(RawMqtt.CONNACK);
            assertThat(connack.connackCode()).isZero();
            // now silent: no PINGREQ, nothing
            assertThat(raw.awaitClosed(Duration.ofSeconds(5))).as("closed by the broker").isTrue();
            long closedAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - connackAt);
            assertThat(closedAfterMs).as("1.5 x keep alive of 1 s").isBetween(1400L, 2500L);

            Optional<Mqtt5Publish> will = publishes.receive(5, TimeUnit.SECONDS);
            assertThat(will).as("will after keepalive timeout").isPresent();
            assertThat(will.get().getTopic().toString()).isEqualTo("ka/will");
            assertThat(new String(will.get().getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("timed out");
        } finally {
            sub.disconnect();
        }
    }

    @Test
    void client_sending_pingreq_within_keep_alive_stays_connected_MQTT_3_1_2_23() throws Exception {
        try (RawMqtt raw = new RawMqtt(broker)) {
            raw.send(RawMqtt.connect(4, "ka-pinger", 1, null));
            assertThat(raw.expect(Duration.ofSeconds(5)).connackCode()).isZero();
            long start = System.nanoTime();
            // ping every 500 ms (half the keep alive) for 3 s, twice the 1.5 s timeout
            while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3)) {
                Thread.sleep(500); // the client's own pacing, not a wait for the broker
                raw.send(new byte[] {(byte) 0xC0, 0x00}); // PINGREQ
                RawMqtt.Packet resp = raw.expect(Duration.ofSeconds(2));
                assertThat(resp.header()).as("PINGRESP").isEqualTo(0xD0);
            }
        }
    }

    @Test
    void socket_that_never_sends_connect_is_closed_after_connect_timeout() throws Exception {
        try (RawMqtt raw = new RawMqtt(broker)) {
            long start = System.nanoTime();
            assertThat(raw.awaitClosed(Duration.ofSeconds(5))).as("closed by the broker").isTrue();
            long closedAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(closedAfterMs).as("mqtt.connect_timeout = 1s").isBetween(900L, 3000L);
        }
    }
}
