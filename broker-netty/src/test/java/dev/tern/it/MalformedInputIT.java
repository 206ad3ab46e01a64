package dev.tern.it;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad bytes on raw sockets: each gets the answer the specification asks for and loses its
 * connection, while a well-behaved client connected all along keeps working.
 */
class MalformedInputIT {
    private static final Duration WAIT = Duration.ofSeconds(5);
    static TestBroker broker;
    static Mqtt5BlockingClient good;
    static Mqtt5BlockingClient.Mqtt5Publishes goodInbox;
    static final AtomicInteger seq = new AtomicInteger();

    @BeforeAll
    static void start() {
        broker = TestBroker.start("mqtt.max_packet_size = 1024\n");
        good = MqttClient.builder().useMqttVersion5().identifier("well-behaved")
                .serverHost(broker.host()).serverPort(broker.port()).buildBlocking();
        good.connect();
        good.subscribeWith().topicFilter("good/#").qos(MqttQos.AT_LEAST_ONCE).send();
        goodInbox = good.publishes(MqttGlobalPublishFilter.ALL);
    }

    @AfterAll
    static void stop() {
        goodInbox.close();
        good.disconnect();
        broker.close();
    }

    /** After every bad connection: the well-behaved client still publishes and receives. */
    @AfterEach
    void wellBehavedClientKeepsWorking() throws Exception {
        assertThat(good.getState().isConnected()).isTrue();
        String payload = "still here " + seq.incrementAndGet();
        good.publishWith().topic("good/t").qos(MqttQos.AT_LEAST_ONCE)
                .payload(payload.getBytes(StandardCharsets.UTF_8)).send();
        Optional<Mqtt5Publish> got = goodInbox.receive(5, TimeUnit.SECONDS);
        assertThat(got).isPresent();
        assertThat(new String(got.get().getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo(payload);
    }

    private static RawMqtt connectedV5(String clientId) throws Exception {
        RawMqtt raw = new RawMqtt(broker);
        raw.send(RawMqtt.connect(5, clientId, 60, null));
        RawMqtt.Packet connack = raw.expect(WAIT);
        assertThat(connack.type()).isEqualTo(RawMqtt.CONNACK);
        assertThat(connack.connackCode()).isZero();
        return raw;
    }

    private static void assertDisconnectThenClose(RawMqtt raw, int reason) throws Exception {
        RawMqtt.Packet p = raw.expect(WAIT);
        assertThat(p.type()).as("DISCONNECT").isEqualTo(RawMqtt.DISCONNECT);
        assertThat(p.disconnectReason()).as("reason code").isEqualTo(reason);
        assertThat(raw.awaitClosed(WAIT)).as("closed after DISCONNECT").isTrue();
    }

    @Test
    void publish_before_connect_closes_the_connection_MQTT_3_1_0_1() throws Exception {
        try (RawMqtt raw = new RawMqtt(broker)) {
            raw.send(RawMqtt.publishQos0(4, "good/t", "sneaky".getBytes(StandardCharsets.UTF_8)));
            assertThat(raw.read(WAIT)).as("closed without an answer").isNull();
        }
    }

    @Test
    void unsupported_protocol_level_gets_connack_0x01_then_close_MQTT_3_1_2_2() throws Exception {
        try (RawMqtt raw = new RawMqtt(broker)) {
            raw.send(RawMqtt.connect(6, "level-6", 60, null)); // 3.1.1 layout, level 6
            RawMqtt.Packet connack = raw.expect(WAIT);
            assertThat(connack.type()).isEqualTo(RawMqtt.CONNACK);
            assertThat(connack.body()).as("3.1.1 CONNACK: no session, 0x01 unacceptable protocol level")
                    .containsExactly(0x00, 0x01);
            assertThat(raw.awaitClosed(WAIT)).isTrue();
        }
    }

    @Test
    void v5_connect_with_reserved_flag_set_gets_connack_0x81_then_close_MQTT_3_1_2_3_MQTT_3_14_0_1() throws Exception {
        byte[] connect = RawMqtt.connect(5, "reserved-flag", 60, null);
        // fixed header (2) + protocol name (6) + level (1): the connect flags byte
        connect[9] |= 0x01;
        try (RawMqtt raw = new RawMqtt(broker)) {
            raw.send(connect);
            RawMqtt.Packet connack = raw.expect(WAIT);
            assertThat(connack.type()).isEqualTo(RawMqtt.CONNACK);
            assertThat(connack.connackCode()).as("Malformed Packet").isEqualTo(0x81);
            assertThat(raw.awaitClosed(WAIT)).isTrue();
        }
    }

    @Test
    void v5_packet_larger_than_maximum_packet_size_gets_disconnect_0x95_before_its_body_arrives() throws Exception {
        try (RawMqtt raw = connectedV5("too-large")) {
            // PUBLISH QoS 0 announcing 100 000 bytes (over the 1024 limit); only the start is sent,
            // so an answer proves the size was checked from the fixed header, before buffering.
            RawMqtt.Bytes head = new RawMqtt.Bytes().u8(0x30).vbi(100_000).string("good/t").vbi(0);
            raw.send(head.toByteArray());
            assertDisconnectThenClose(raw, 0x95);
        }
    }

    @Test
    void v5_invalid_utf8_in_topic_gets_disconnect_0x81_then_close_MQTT_1_5_4_1() throws Exception {
        try (RawMqtt raw = connectedV5("bad-utf8")) {
            byte[] topic = {'g', 'o', 'o', 'd', '/', (byte) 0xC3, 0x28}; // 0xC3 then a non-continuation byte
            raw.send(RawMqtt.publishQos0(5, topic, "x".getBytes(StandardCharsets.UTF_8)));
            assertDisconnectThenClose(raw, 0x81);
        }
    }

    @Test
    void v5_null_character_in_topic_gets_disconnect_0x81_then_close_MQTT_1_5_4_2() throws Exception {
        try (RawMqtt raw = connectedV5("nul-topic")) {
            byte[] topic = {'g', 'o', 'o', 'd', '/', 0x00};
            raw.send(RawMqtt.publishQos0(5, topic, "x".getBytes(StandardCharsets.UTF_8)));
            assertDisconnectThenClose(raw, 0x81);
        }
    }

    @Test
    void v311_invalid_utf8_in_topic_closes_the_connection_MQTT_1_5_3_1() throws Exception {
        try (RawMqtt raw = new RawMqtt(broker)) {
            raw.send(RawMqtt.connect(4, "bad-utf8-v3", 60, null));
            assertThat(raw.expect(WAIT).connackCode()).isZero();
            byte[] topic = {'g', 'o', 'o', 'd', '/', (byte) 0xED, (byte) 0xA0, (byte) 0x80}; // a UTF-16 surrogate
            raw.send(RawMqtt.publishQos0(4, topic, "x".getBytes(StandardCharsets.UTF_8)));
            assertThat(raw.read(WAIT)).as("closed without an answer").isNull();
        }
    }

    @Test
    void v5_second_connect_gets_disconnect_0x82_then_close_MQTT_3_1_0_2() throws Exception {
        try (RawMqtt raw = connectedV5("twice")) {
            raw.send(RawMqtt.connect(5, "twice", 60, null));
            assertDisconnectThenClose(raw, 0x82);
        }
    }

    @Test
    void v311_second_connect_closes_the_connection_MQTT_3_1_0_2() throws Exception {
        try (RawMqtt raw = new RawMqtt(broker)) {
            raw.send(RawMqtt.connect(4, "twice-v3", 60, null));
            assertThat(raw.expect(WAIT).connackCode()).isZero();
            raw.send(RawMqtt.connect(4, "twice-v3", 60, null));
            assertThat(raw.read(WAIT)).as("closed without an answer").isNull();
        }
    }
}
