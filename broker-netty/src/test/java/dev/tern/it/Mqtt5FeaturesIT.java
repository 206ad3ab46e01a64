package dev.tern.it;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5RetainHandling;
import dev.tern.codec.MqttEncoder;
import dev.tern.packet.Connect;
import dev.tern.packet.MqttPacket;
import dev.tern.packet.MqttVersion;
import dev.tern.packet.Qos;
import dev.tern.packet.Subscribe;
import dev.tern.packet.SubscriptionOptions;
import dev.tern.packet.TopicSubscription;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** MQTT 5 features end to end against the HiveMQ client, Paho v5 and raw bytes (issue 4). */
class Mqtt5FeaturesIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final long WAIT_MS = 10_000;

    private TestBroker broker;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : toClose) {
            try {
                c.close();
            } catch (Exception ignored) {
                // already closed by the test
            }
        }
        if (broker != null) {
            broker.close();
        }
    }

    private Mqtt5BlockingClient hive(String id) {
        Mqtt5BlockingClient c = MqttClient.builder().useMqttVersion5().identifier(id)
                .serverHost(broker.host()).serverPort(broker.port()).buildBlocking();
        toClose.add(() -> {
            if (c.getState().isConnected()) {
                try {
                    c.disconnect();
                } catch (com.hivemq.client.mqtt.exceptions.MqttClientStateException e) {
                    // disconnected by the broker between the check and the call
                }
            }
        });
        return c;
    }

    /**
     * A Paho v5 client whose messages all go to {@code sink}. Paho 1.2.5's per-subscription message
     * listeners throw IndexOutOfBounds on publishes without a subscription identifier, so the global
     * callback is used instead.
     */
    private MqttAsyncClient paho(String id, MqttConnectionOptions o, List<MqttMessage> sinkMessages,
                                 List<String> sinkTopics) throws Exception {
        MqttAsyncClient c = new MqttAsyncClient(broker.uri(), id, new MemoryPersistence());
        c.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse r) {
            }

            @Override
            public void mqttErrorOccurred(MqttException e) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage m) {
                sinkTopics.add(topic);
                sinkMessages.add(m);
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
        toClose.add(() -> {
            if (c.isConnected()) {
                c.disconnect().waitForCompletion(WAIT_MS);
            }
            c.close();
        });
        c.connect(o).waitForCompletion(WAIT_MS);
        return c;
    }

    private static String text(Mqtt5Publish p) {
        return new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8);
    }

    private static byte[] encode(MqttPacket p) {
        ByteBuf b = MqttEncoder.INSTANCE.encode(UnpooledByteBufAllocator.DEFAULT, p, MqttVersion.V5, 0);
        byte[] bytes = new byte[b.readableBytes()];
        b.readBytes(bytes);
        b.release();
        return bytes;
    }

    // ---- topic aliases ----------------------------------------------------------------------

    @Test
    void outbound_topic_alias_sends_the_topic_once_then_an_empty_topic_MQTT_3_3_2_11() throws Exception {
        broker = TestBroker.start("mqtt.outbound_topic_alias = true");
        RawMqtt raw = new RawMqtt(broker);
        toClose.add(raw);
        Connect c = Connect.of(MqttVersion.V5, "raw", true, 0);
        c = new Connect(c.version(), c.clientId(), true, 0, null, null, null, 0, 65535, 0, 5, false, true,
                List.of(), null, null);
        raw.send(encode(c));
        assertThat(raw.expect(WAIT).type()).isEqualTo(RawMqtt.CONNACK);
        raw.send(encode(new Subscribe(1, List.of(new TopicSubscription("sensors/#",
                SubscriptionOptions.of(Qos.AT_MOST_ONCE))), 0, List.of())));
        assertThat(raw.expect(WAIT).type()).isEqualTo(9); // SUBACK

        Mqtt5BlockingClient pub = hive("pub");
        pub.connect();
        for (int i = 0; i < 3; i++) {
            pub.publishWith().topic("sensors/very/long/topic/name").payload(new byte[]{(byte) i}).send();
        }
        List<Integer> topicLengths = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RawMqtt.Packet p = raw.expect(WAIT);
            assertThat(p.type()).isEqualTo(RawMqtt.PUBLISH);
            topicLengths.add((p.body()[0] & 0xFF) << 8 | (p.body()[1] & 0xFF));
        }
        assertThat(topicLengths).containsExactly("sensors/very/long/topic/name".length(), 0, 0);
    }

    /**
     * HiveMQ resolves the aliases. Paho v5 1.2.5 is left out on purpose: it hands an alias-only
     * PUBLISH to the application with an empty topic (it does not keep an inbound alias table).
     */
    @Test
    void hivemq_resolves_the_outbound_aliases_with_lru_replacement_MQTT_3_3_2_11() {
        broker = TestBroker.start("mqtt.outbound_topic_alias = true\nmqtt.max_topic_alias = 2");
        Mqtt5BlockingClient h = hive("hive");
        h.connectWith().restrictions().topicAliasMaximum(2).applyRestrictions().send();
        List<String> hiveTopics = new CopyOnWriteArrayList<>();
        h.toAsync().publishes(MqttGlobalPublishFilter.ALL, m -> hiveTopics.add(m.getTopic().toString()));
        h.subscribeWith().topicFilter("a/#").send();

        Mqtt5BlockingClient pub = hive("pub");
        pub.connect();
        // three topics through a table of two: the least recently used alias is reassigned
        List<String> sent = List.of("a/1", "a/2", "a/1", "a/3", "a/2", "a/3", "a/1");
        for (String t : sent) {
            pub.publishWith().topic(t).payload(new byte[1]).send();
        }
        await().atMost(WAIT).until(() -> hiveTopics.size() == sent.size());
        assertThat(hiveTopics).containsExactlyElementsOf(sent);
    }

    // ---- subscription identifiers -------------------------------------------------------------

    @Test
    void subscription_identifiers_on_overlaps_and_on_retained_messages_paho_MQTT_3_3_4_3() throws Exception {
        broker = TestBroker.start();
        Mqtt5BlockingClient pub = hive("pub");
        pub.connect();
        pub.publishWith().topic("home/kitchen").payload("21".getBytes()).retain(true).send();

        List<MqttMessage> got = new CopyOnWriteArrayList<>();
        MqttAsyncClient c = paho("ids", new MqttConnectionOptions(), got, new CopyOnWriteArrayList<>());
        MqttProperties p1 = new MqttProperties();
        p1.setSubscriptionIdentifier(11);
        c.subscribe(new MqttSubscription[]{new MqttSubscription("home/+", 0)}, null, null, p1).waitForCompletion(WAIT_MS);
        await().atMost(WAIT).until(() -> got.size() == 1); // the retained message
        assertThat(got.get(0).getProperties().getSubscriptionIdentifiers()).containsExactly(11);

        MqttProperties p2 = new MqttProperties();
        p2.setSubscriptionIdentifier(22);
        c.subscribe(new MqttSubscription[]{new MqttSubscription("home/#", 0)}, null, null, p2).waitForCompletion(WAIT_MS);
        await().atMost(WAIT).until(() -> got.size() == 2);
        assertThat(got.get(1).getProperties().getSubscriptionIdentifiers()).containsExactly(22);

        pub.publishWith().topic("home/hall").payload("19".getBytes()).send();
        await().atMost(WAIT).until(() -> got.size() == 3);
        assertThat(got.get(2).getProperties().getSubscriptionIdentifiers()).containsExactlyInAnyOrder(11, 22);
    }

    // ---- shared subscriptions -----------------------------------------------------------------

    @Test
    void shared_group_shares_the_load_and_a_leaving_member_hands_its_unacked_messages_over() throws Exception {
        broker = TestBroker.start("mqtt.shared_subscription_strategy = round_robin\nengine.threads = 2");
        Mqtt5BlockingClient a = hive("member-a");
        Mqtt5BlockingClient b = hive("member-b");
        a.connect();
        b.connect();
        List<Mqtt5Publish> atA = new CopyOnWriteArrayList<>();
        List<String> atB = new CopyOnWriteArrayList<>();
        // a never acknowledges: its messages stay in flight
        a.toAsync().publishes(MqttGlobalPublishFilter.ALL, atA::add, true);
        b.toAsync().publishes(MqttGlobalPublishFilter.ALL, m -> atB.add(text(m)));
        a.subscribeWith().topicFilter("$share/workers/jobs").qos(MqttQos.AT_LEAST_ONCE).send();
        b.subscribeWith().topicFilter("$share/workers/jobs").qos(MqttQos.AT_LEAST_ONCE).send();

        Mqtt5BlockingClient pub = hive("producer");
        pub.connect();
        for (int i = 0; i < 10; i++) {
            pub.publishWith().topic("jobs").qos(MqttQos.AT_LEAST_ONCE).payload(("job" + i).getBytes()).send();
        }
        await().atMost(WAIT).until(() -> atA.size() + atB.size() == 10);
        assertThat(atA).hasSize(5);
        assertThat(atB).hasSize(5);
        List<String> unacked = atA.stream().map(Mqtt5FeaturesIT::text).toList();

        a.disconnect(); // session expiry 0: the session ends, its 5 unacknowledged jobs go to b
        await().atMost(WAIT).until(() -> atB.size() == 10);
        assertThat(atB.subList(5, 10)).containsExactlyInAnyOrderElementsOf(unacked);
    }

    // ---- subscription options -------------------------------------------------------------------

    @Test
    void retain_handling_and_no_local_with_hivemq_MQTT_3_3_1_9_MQTT_3_3_1_11_MQTT_3_8_3_3() {
        broker = TestBroker.start();
        Mqtt5BlockingClient c = hive("opts");
        c.connect();
        c.publishWith().topic("cfg").payload("v1".getBytes()).retain(true).send();
        List<Mqtt5Publish> got = new CopyOnWriteArrayList<>();
        c.toAsync().publishes(MqttGlobalPublishFilter.ALL, got::add);

        c.subscribeWith().topicFilter("cfg").retainHandling(Mqtt5RetainHandling.SEND).noLocal(true).send();
        c.subscribeWith().topicFilter("cfg").retainHandling(Mqtt5RetainHandling.SEND).noLocal(true).send();
        await().atMost(WAIT).until(() -> got.size() == 2); // 0: re-sent on every subscribe [MQTT-3.8.4-4]
        c.subscribeWith().topicFilter("cfg").retainHandling(Mqtt5RetainHandling.SEND_IF_SUBSCRIPTION_DOES_NOT_EXIST)
                .noLocal(true).send();
        c.subscribeWith().topicFilter("other").retainHandling(Mqtt5RetainHandling.DO_NOT_SEND).send();
        c.publishWith().topic("cfg").payload("own".getBytes()).send(); // No Local: not echoed
        c.publishWith().topic("other").payload("marker".getBytes()).send();
        await().atMost(WAIT).until(() -> got.stream().anyMatch(p -> text(p).equals("marker")));
        assertThat(got).extracting(Mqtt5FeaturesIT::text).containsExactly("v1", "v1", "marker");
    }

    // ---- flow control ---------------------------------------------------------------------------

    @Test
    void broker_respects_the_clients_receive_maximum_MQTT_3_3_4_9() {
        broker = TestBroker.start();
        Mqtt5BlockingClient slow = hive("slow");
        slow.connectWith().restrictions().receiveMaximum(2).applyRestrictions().send();
        List<Mqtt5Publish> got = new CopyOnWriteArrayList<>();
        slow.toAsync().publishes(MqttGlobalPublishFilter.ALL, got::add, true);
        slow.subscribeWith().topicFilter("q").qos(MqttQos.AT_LEAST_ONCE).send();
        slow.subscribeWith().topicFilter("marker").send();
        Mqtt5BlockingClient pub = hive("fast");
        pub.connect();
        for (int i = 0; i < 6; i++) {
            pub.publishWith().topic("q").qos(MqttQos.AT_LEAST_ONCE).payload(new byte[]{(byte) i}).send();
        }
        await().atMost(WAIT).until(() -> got.size() == 2);
        // the broker waits for an acknowledgement before the third; a QoS 0 marker (outside the
        // window) shows that the broker has had the chance to send more
        pub.publishWith().topic("marker").payload(new byte[0]).send();
        await().atMost(WAIT).until(() -> got.stream().anyMatch(p -> p.getTopic().toString().equals("marker")));
        assertThat(got.stream().filter(p -> p.getTopic().toString().equals("q"))).hasSize(2);
        got.get(0).acknowledge();
        got.get(1).acknowledge();
        await().atMost(WAIT).until(() -> got.stream().filter(p -> p.getTopic().toString().equals("q")).count() == 4);
    }

    @Test
    void message_larger_than_the_clients_maximum_packet_size_is_dropped_for_it_only_MQTT_3_1_2_24() {
        broker = TestBroker.start();
        Mqtt5BlockingClient small = hive("small");
        small.connectWith().restrictions().maximumPacketSize(100).applyRestrictions().send();
        List<String> got = new CopyOnWriteArrayList<>();
        small.toAsync().publishes(MqttGlobalPublishFilter.ALL, m -> got.add(m.getTopic().toString()));
        small.subscribeWith().topicFilter("big/#").send();
        Mqtt5BlockingClient pub = hive("big-pub");
        pub.connect();
        pub.publishWith().topic("big/1").payload(new byte[500]).send();
        pub.publishWith().topic("big/2").payload(new byte[10]).send();
        await().atMost(WAIT).until(() -> got.contains("big/2"));
        assertThat(got).containsExactly("big/2");
        assertThat(broker.server().engine().metrics().droppedTooLarge.sum()).isEqualTo(1);
    }

    // ---- pass-through -------------------------------------------------------------------------

    @Test
    void request_response_properties_pass_through_in_order_MQTT_3_3_2_17_MQTT_3_3_2_18_MQTT_3_3_2_20() {
        broker = TestBroker.start();
        Mqtt5BlockingClient server = hive("responder");
        server.connect();
        List<Mqtt5Publish> got = new CopyOnWriteArrayList<>();
        server.toAsync().publishes(MqttGlobalPublishFilter.ALL, got::add);
        server.subscribeWith().topicFilter("svc/req").send();

        Mqtt5BlockingClient client = hive("requester");
        client.connect();
        client.publishWith().topic("svc/req").payload("ping".getBytes())
                .responseTopic("svc/resp/requester").correlationData("c-1".getBytes())
                .contentType("text/plain").payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8)
                .messageExpiryInterval(3600)
                .userProperties().add("z", "1").add("a", "2").add("z", "3").applyUserProperties()
                .send();
        await().atMost(WAIT).until(() -> got.size() == 1);
        Mqtt5Publish p = got.get(0);
        assertThat(p.getResponseTopic()).hasValueSatisfying(t -> assertThat(t.toString()).isEqualTo("svc/resp/requester"));
        assertThat(p.getCorrelationData().map(Mqtt5FeaturesIT::bytes)).hasValue("c-1".getBytes());
        assertThat(p.getContentType().map(Object::toString)).hasValue("text/plain");
        assertThat(p.getPayloadFormatIndicator()).hasValue(Mqtt5PayloadFormatIndicator.UTF_8);
        assertThat(p.getMessageExpiryInterval()).isPresent();
        assertThat(p.getMessageExpiryInterval().getAsLong()).isBetween(3590L, 3600L);
        assertThat(p.getUserProperties().asList()).extracting(u -> u.getName() + "=" + u.getValue())
                .containsExactly("z=1", "a=2", "z=3");
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    @Test
    void invalid_utf8_payload_gets_0x99_and_no_reason_string_without_problem_information_MQTT_3_1_2_29() {
        broker = TestBroker.start("mqtt.validate_utf8_payload = true");
        Mqtt5BlockingClient quiet = hive("quiet");
        quiet.connectWith().restrictions().requestProblemInformation(false).applyRestrictions().send();
        Mqtt5BlockingClient chatty = hive("chatty");
        chatty.connect();
        byte[] bad = {(byte) 0xC3, (byte) 0x28};

        Mqtt5PubAck quietAck = refusedAck(quiet, bad);
        Mqtt5PubAck chattyAck = refusedAck(chatty, bad);
        assertThat(quietAck.getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);
        assertThat(quietAck.getReasonString()).isEqualTo(Optional.empty());
        assertThat(chattyAck.getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);
        assertThat(chattyAck.getReasonString()).isPresent();
    }

    private static Mqtt5PubAck refusedAck(Mqtt5BlockingClient c, byte[] payload) {
        try {
            c.publishWith().topic("t").qos(MqttQos.AT_LEAST_ONCE)
                    .payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8).payload(payload).send();
        } catch (Mqtt5PubAckException e) {
            return e.getMqttMessage();
        }
        throw new AssertionError("the broker accepted an invalid UTF-8 payload");
    }

    @Test
    void paho_receives_pass_through_properties() throws Exception {
        broker = TestBroker.start();
        List<MqttMessage> got = new CopyOnWriteArrayList<>();
        MqttAsyncClient c = paho("paho-props", new MqttConnectionOptions(), got, new CopyOnWriteArrayList<>());
        IMqttToken t = c.subscribe(new MqttSubscription("p", 1));
        t.waitForCompletion(WAIT_MS);
        Mqtt5BlockingClient pub = hive("props-pub");
        pub.connect();
        pub.publishWith().topic("p").qos(MqttQos.AT_LEAST_ONCE).payload("x".getBytes())
                .responseTopic("r").correlationData(new byte[]{9}).contentType("application/x").send();
        await().atMost(WAIT).until(() -> got.size() == 1);
        MqttProperties props = got.get(0).getProperties();
        assertThat(props.getResponseTopic()).isEqualTo("r");
        assertThat(props.getCorrelationData()).containsExactly(9);
        assertThat(props.getContentType()).isEqualTo("application/x");
    }
}
