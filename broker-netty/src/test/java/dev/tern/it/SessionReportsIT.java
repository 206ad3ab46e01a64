package dev.tern.it;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import dev.tern.engine.Shard;
import dev.tern.session.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Session, will and keepalive problems reported against other brokers (NanoMQ, rumqttd, MQTTnet,
 * EMQX), replayed against Tern with independent clients: HiveMQ for MQTT 5, Paho for MQTT 3.1.1 and a
 * raw socket where a client must vanish. Each test asserts what the specification requires; see
 * docs/sessions.md, "Common misunderstandings". {@code retry_interval} is set to 10 s, as in the
 * NanoMQ reports, to show that nothing here waits for it.
 */
class SessionReportsIT {
    private static final Logger log = LoggerFactory.getLogger(SessionReportsIT.class);
    static TestBroker broker;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void start() {
        broker = TestBroker.start("mqtt.retry_interval = 10s\nmqtt.keepalive_multiplier = 1.5\n");
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @AfterEach
    void closeClients() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    // ---- (a) NanoMQ: Session Expiry Interval 0 ------------------------------------------------

    @Test
    void nanomq_v5_abnormal_drop_without_session_expiry_publishes_will_at_once_and_ends_session_MQTT_3_1_2_8_MQTT_3_2_2_3()
            throws Exception {
        ItClient sub = hiveSubscriber("a-sub", "reports/a/will");
        long closedAt;
        try (RawMqtt raw = new RawMqtt(broker)) {
            // clean start 0, no Session Expiry Interval (= 0): the session ends with the connection
            raw.send(connect5("a-client", false, 60, 0, "reports/a/will", 0));
            assertThat(raw.expect(Duration.ofSeconds(5)).connackCode()).isZero();
            closedAt = System.nanoTime(); // try-with-resources closes the socket, no DISCONNECT
        }
        ItClient.Received will = sub.poll(Duration.ofSeconds(1));
        long willAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closedAt);
        assertThat(will).as("will within 1 s of the drop").isNotNull();
        assertThat(will.text()).isEqualTo("gone");
        Session left = onShard("a-client", s -> s.session("a-client"));
        assertThat(left).as("session state after the drop").isNull();

        ItClient again = track(new HiveMqV5IT.HiveV5("a-client", broker));
        assertThat(again.connect(false, 0)).as("session present on clean start 0").isFalse();
        log.info("(a) will {} ms after the abnormal close", willAfterMs);
    }

    // ---- (b) NanoMQ: queued messages wait for retry_interval ----------------------------------

    @Test
    void nanomq_v311_persistent_session_gets_queued_messages_at_once_on_resume_not_after_retry_interval_MQTT_4_4_0_1()
            throws Exception {
        ItClient c = track(new PahoV3IT.PahoV3("b-client", broker));
        c.connect(false, 0);
        c.subscribe("reports/b", 1);
        c.disconnect();
        ItClient pub = track(new PahoV3IT.PahoV3("b-pub", broker));
        pub.connect();
        int n = 5;
        for (int i = 0; i < n; i++) {
            pub.publish("reports/b", ("m" + i).getBytes(StandardCharsets.UTF_8), 1, false);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> onShard("b-client", s -> s.session("b-client").queuedCount()) == n);

        ItClient resumed = track(new PahoV3IT.PahoV3("b-client", broker));
        assertThat(resumed.connect(false, 0)).as("session present").isTrue();
        long connectedAt = System.nanoTime();
        List<String> got = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ItClient.Received r = resumed.poll(Duration.ofSeconds(1));
            assertThat(r).as("queued message %d within 1 s of the connect (retry_interval is 10 s)", i).isNotNull();
            got.add(r.text());
        }
        long lastAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - connectedAt);
        log.info("(b) last of {} queued messages {} ms after the connect completed", n, lastAfterMs);
        assertThat(got).containsExactly("m0", "m1", "m2", "m3", "m4");
        assertThat(lastAfterMs).isLessThan(1000);
    }

    // ---- (c) rumqttd: a vanished client is never detected --------------------------------------

    @Test
    void rumqttd_vanished_client_is_closed_at_one_and_a_half_keep_alive_and_its_will_published_MQTT_3_1_2_24()
            throws Exception {
        ItClient sub = hiveSubscriber("c-sub", "reports/c/will");
        try (RawMqtt raw = new RawMqtt(broker)) {
            raw.send(RawMqtt.connect(4, "c-client", 1, new RawMqtt.Will("reports/c/will", bytes("gone"))));
            assertThat(raw.expect(Duration.ofSeconds(5)).connackCode()).isZero();
            long connackAt = System.nanoTime();
            // the socket stays open and silent: no FIN, no PINGREQ, as when a cable is pulled
            ItClient.Received will = sub.poll(Duration.ofSeconds(5));
            long willAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - connackAt);
            log.info("(c) keep alive 1 s: will {} ms after CONNACK (expected 1500)", willAfterMs);
            assertThat(will).as("will after the keepalive timeout").isNotNull();
            assertThat(will.text()).isEqualTo("gone");
            assertThat(willAfterMs).isBetween(1300L, 2500L);
        }
    }

    // ---- (d) NanoMQ: keepalive checked on the retry tick ----------------------------------------

    @Test
    void nanomq_keepalive_2s_dead_client_is_detected_at_3s_not_on_the_10s_retry_tick_MQTT_3_1_2_24() throws Exception {
        ItClient sub = hiveSubscriber("d-sub", "reports/d/will");
        try (RawMqtt raw = new RawMqtt(broker)) {
            raw.send(RawMqtt.connect(4, "d-client", 2, new RawMqtt.Will("reports/d/will", bytes("gone"))));
            assertThat(raw.expect(Duration.ofSeconds(5)).connackCode()).isZero();
            long connackAt = System.nanoTime();
            await().atMost(Duration.ofSeconds(11)).pollInterval(Duration.ofMillis(10))
                    .until(() -> onShard("d-client", s -> s.session("d-client")) == null);
            long detectedAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - connackAt);
            log.info("(d) keep alive 2 s, retry_interval 10 s: session gone {} ms after CONNACK (expected 3000)",
                    detectedAfterMs);
            assertThat(detectedAfterMs).isBetween(2800L, 3999L);
            assertThat(sub.poll(Duration.ofSeconds(2))).as("will").isNotNull();
        }
    }

    // ---- (e) MQTTnet: clean start 0 without Session Expiry Interval ------------------------------

    @Test
    void mqttnet_v5_clean_start_0_without_session_expiry_keeps_no_offline_messages_MQTT_3_1_2_23_MQTT_3_2_2_3()
            throws Exception {
        ItClient c = track(new HiveMqV5IT.HiveV5("e5-client", broker));
        c.connect(false, 0);
        c.subscribe("reports/e5", 1);
        c.disconnect();
        Session left = onShard("e5-client", s -> s.session("e5-client"));
        assertThat(left).as("session after disconnect").isNull();
        ItClient pub = track(new HiveMqV5IT.HiveV5("e5-pub", broker));
        pub.connect();
        pub.publish("reports/e5", bytes("while away"), 1, false);

        ItClient again = track(new HiveMqV5IT.HiveV5("e5-client", broker));
        assertThat(again.connect(false, 0)).as("session present").isFalse();
        // nothing can arrive: the session (and its subscription) ended, so the broker holds nothing for it
        int subscriptions = onShard("e5-client", s -> s.session("e5-client").subscriptions().size());
        assertThat(subscriptions).isZero();
        assertThat(again.poll(Duration.ofMillis(300))).isNull();
    }

    @Test
    void mqttnet_v311_clean_session_0_keeps_offline_messages_MQTT_3_1_2_4_MQTT_3_1_2_5() throws Exception {
        ItClient c = track(new PahoV3IT.PahoV3("e3-client", broker));
        c.connect(false, 0);
        c.subscribe("reports/e3", 1);
        c.disconnect();
        ItClient pub = track(new PahoV3IT.PahoV3("e3-pub", broker));
        pub.connect();
        pub.publish("reports/e3", bytes("while away"), 1, false);

        ItClient again = track(new PahoV3IT.PahoV3("e3-client", broker));
        assertThat(again.connect(false, 0)).as("session present").isTrue();
        assertThat(again.next().text()).isEqualTo("while away");
    }

    // ---- wills that other brokers lose ----------------------------------------------------------

    @Test
    void disconnect_with_reason_0x04_publishes_the_will_MQTT_3_14_2_1() throws Exception {
        ItClient sub = hiveSubscriber("w4-sub", "reports/w4/will");
        Mqtt5BlockingClient c = hive("w4-client");
        c.connectWith().willPublish().topic("reports/w4/will").payload(bytes("gone")).applyWillPublish().send();
        c.disconnectWith().reasonCode(Mqtt5DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE).send();
        assertThat(sub.next().text()).isEqualTo("gone");
    }

    @Test
    void takeover_publishes_the_old_connections_will_when_its_will_delay_is_0_MQTT_3_1_4_3() throws Exception {
        ItClient sub = hiveSubscriber("wt-sub", "reports/wt/will");
        Mqtt5BlockingClient old = hive("wt-client");
        old.connectWith().cleanStart(false).sessionExpiryInterval(60)
                .willPublish().topic("reports/wt/will").payload(bytes("old")).applyWillPublish().send();
        ItClient taker = track(new HiveMqV5IT.HiveV5("wt-client", broker));
        assertThat(taker.connect(false, 60)).as("session present (resumed)").isTrue();
        assertThat(sub.next().text()).as("the old connection's will").isEqualTo("old");
    }

    @Test
    void will_delay_5s_is_not_published_when_the_session_resumes_within_1s_MQTT_3_1_3_9() throws Exception {
        ItClient sub = hiveSubscriber("wd-sub", "reports/wd/will");
        ItClient back = track(new HiveMqV5IT.HiveV5("wd-client", broker)); // built now: its set-up is not part of the 1 s
        try (RawMqtt raw = new RawMqtt(broker)) {
            raw.send(connect5("wd-client", true, 60, 60, "reports/wd/will", 5));
            assertThat(raw.expect(Duration.ofSeconds(5)).connackCode()).isZero();
        } // closed without DISCONNECT: the will is now pending for 5 s
        long droppedAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(1))
                .until(() -> onShard("wd-client", s -> s.session("wd-client").pendingWill() != null));
        assertThat(back.connect(false, 60)).as("session present").isTrue();
        long backAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - droppedAt);
        assertThat(backAfterMs).as("reconnected within 1 s").isLessThan(1000);
        boolean pending = onShard("wd-client", s -> s.session("wd-client").pendingWill() != null);
        assertThat(pending).as("will still pending after the resume").isFalse();

        // Marker: a task on the session's own shard, due after the will would have fired. The shard runs
        // timers in order, so once the marker is published, an uncancelled will would already be out.
        CompletableFuture<Void> past = new CompletableFuture<>();
        Shard shard = broker.server().engine().shardFor("wd-client");
        shard.post(() -> shard.executor().schedule(() -> past.complete(null), TimeUnit.MILLISECONDS.toNanos(5200)));
        past.get(10, TimeUnit.SECONDS);
        ItClient pub = track(new HiveMqV5IT.HiveV5("wd-pub", broker));
        pub.connect();
        pub.publish("reports/wd/will", bytes("marker"), 1, false);
        assertThat(sub.next().text()).as("first message on the will topic").isEqualTo("marker");
    }

    // ---- helpers ----------------------------------------------------------------------------

    private <T extends AutoCloseable> T track(T c) {
        toClose.add(c);
        return c;
    }

    private Mqtt5BlockingClient hive(String clientId) {
        Mqtt5BlockingClient c = MqttClient.builder().useMqttVersion5().identifier(clientId)
                .serverHost(broker.host()).serverPort(broker.port()).buildBlocking();
        toClose.add(() -> {
            if (c.getState().isConnected()) {
                try {
                    c.disconnect();
                } catch (com.hivemq.client.mqtt.exceptions.MqttClientStateException e) {
                    // taken over (or dropped) between the check and the call: already disconnected
                }
            }
        });
        return c;
    }

    /** A connected MQTT 5 subscriber of {@code topic} at QoS 1. */
    private ItClient hiveSubscriber(String clientId, String topic) throws Exception {
        ItClient sub = track(new HiveMqV5IT.HiveV5(clientId, broker));
        sub.connect();
        sub.subscribe(topic, MqttQos.AT_LEAST_ONCE.getCode());
        return sub;
    }

    /** Runs {@code f} on the shard that owns the client id (engine state is single-threaded) and returns its result. */
    private static <T> T onShard(String clientId, Function<Shard, T> f) throws Exception {
        Shard shard = broker.server().engine().shardFor(clientId);
        CompletableFuture<T> result = new CompletableFuture<>();
        shard.post(() -> {
            try {
                result.complete(f.apply(shard));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(5, TimeUnit.SECONDS);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * MQTT 5 CONNECT with a QoS 0 will "gone", written field by field.
     *
     * @param sessionExpiry Session Expiry Interval in seconds; 0 leaves the property out (which means 0)
     * @param willDelay     Will Delay Interval in seconds; 0 leaves the property out (which means 0)
     */
    static byte[] connect5(String clientId, boolean cleanStart, int keepAlive, long sessionExpiry, String willTopic,
                           long willDelay) {
        RawMqtt.Bytes vh = new RawMqtt.Bytes();
        vh.string("MQTT");                                  // protocol name
        vh.u8(5);                                           // protocol level 5
        vh.u8((cleanStart ? 0x02 : 0) | 0x04);              // flags: clean start?, will flag (QoS 0, not retained)
        vh.u16(keepAlive);                                  // keep alive
        if (sessionExpiry > 0) {
            vh.vbi(5).u8(0x11).u16((int) (sessionExpiry >>> 16)).u16((int) sessionExpiry & 0xFFFF); // Session Expiry Interval
        } else {
            vh.vbi(0);                                      // no properties
        }
        vh.string(clientId);                                // payload: client identifier
        if (willDelay > 0) {
            vh.vbi(5).u8(0x18).u16((int) (willDelay >>> 16)).u16((int) willDelay & 0xFFFF); // Will Delay Interval
        } else {
            vh.vbi(0);                                      // no will properties
        }
        vh.string(willTopic);                               // will topic
        vh.string("gone");                                  // will payload (2-byte length + bytes)
        return RawMqtt.packet(0x10, vh);
    }
}
