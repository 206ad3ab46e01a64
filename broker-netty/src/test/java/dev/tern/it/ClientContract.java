package dev.tern.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What every client library and protocol version must see from the broker. Subclasses plug in
 * one client library ({@link #newClient}); one broker serves the whole class. Negative checks
 * ("not delivered") never sleep: a marker message published after the one that must not arrive
 * has to be the next one received.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ClientContract {
    protected TestBroker broker;
    private final List<ItClient> clients = new ArrayList<>();
    private String prefix;

    /** A client of the library under test, not yet connected. */
    protected abstract ItClient createClient(String clientId) throws Exception;

    /**
     * Connects {@code clientId} with a QoS 0 will on {@code willTopic}, then closes its socket
     * without a DISCONNECT.
     */
    protected abstract void connectWithWillThenCloseAbruptly(String clientId, String willTopic, byte[] willPayload)
            throws Exception;

    @BeforeAll
    void startBroker() {
        broker = TestBroker.start();
    }

    @AfterAll
    void stopBroker() {
        broker.close();
    }

    @org.junit.jupiter.api.BeforeEach
    void name(TestInfo info) {
        prefix = getClass().getSimpleName() + "-" + info.getTestMethod().orElseThrow().getName().hashCode();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(ItClient::close);
        clients.clear();
    }

    /** A client with a per-test unique id (tests run against one broker). */
    protected ItClient client(String name) throws Exception {
        ItClient c = createClient(id(name));
        clients.add(c);
        return c;
    }

    protected String id(String name) {
        return prefix + "-" + name;
    }

    /** A per-test unique topic. */
    protected String topic(String t) {
        return prefix + "/" + t;
    }

    protected static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    protected ItClient connected(String name) throws Exception {
        ItClient c = client(name);
        c.connect();
        return c;
    }

    @Test
    void connect_and_disconnect_MQTT_3_2_0_1() throws Exception {
        ItClient c = client("c");
        boolean sessionPresent = c.connect();
        assertThat(c.isConnected()).isTrue();
        assertThat(sessionPresent).as("clean start: session present = 0 [MQTT-3.2.2-1/2]").isFalse();
        c.disconnect();
        assertThat(c.isConnected()).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.server().engine().sessionCount() == 0);
    }

    @Test
    void publish_subscribe_each_qos_delivers_at_min_of_publish_and_subscribe_qos_MQTT_3_8_4_6() throws Exception {
        ItClient sub = connected("sub");
        ItClient pub = connected("pub");
        for (int s = 0; s <= 2; s++) {
            sub.subscribe(topic("q" + s + "/#"), s);
        }
        Map<String, Integer> expectedQos = new HashMap<>();
        Map<String, String> expectedPayload = new HashMap<>();
        for (int s = 0; s <= 2; s++) {
            for (int p = 0; p <= 2; p++) {
                String t = topic("q" + s + "/p" + p);
                pub.publish(t, bytes("payload " + s + p + " \u00e9\u2713"), p, false);
                expectedQos.put(t, Math.min(s, p));
                expectedPayload.put(t, "payload " + s + p + " \u00e9\u2713");
            }
        }
        Map<String, ItClient.Received> got = new HashMap<>();
        for (int i = 0; i < 9; i++) {
            ItClient.Received r = sub.next();
            assertThat(got.put(r.topic(), r)).as("duplicate delivery of %s", r.topic()).isNull();
        }
        assertThat(got.keySet()).isEqualTo(expectedQos.keySet());
        for (var e : got.entrySet()) {
            String t = e.getKey();
            assertThat(e.getValue().text()).isEqualTo(expectedPayload.get(t));
            assertThat(e.getValue().qos()).as("QoS of %s", t).isEqualTo(expectedQos.get(t));
            assertThat(e.getValue().retain()).isFalse();
        }
    }

    @Test
    void single_level_wildcard_matches_one_level_MQTT_4_7_1_3() throws Exception {
        ItClient sub = connected("sub");
        ItClient pub = connected("pub");
        sub.subscribe(topic("a/+/c"), 1);
        pub.publish(topic("a/b/c/d"), bytes("too deep"), 1, false);
        pub.publish(topic("a/c"), bytes("too shallow"), 1, false);
        pub.publish(topic("a/b/c"), bytes("one level"), 1, false);
        pub.publish(topic("a//c"), bytes("empty level"), 1, false);
        assertThat(sub.next().topic()).isEqualTo(topic("a/b/c"));
        assertThat(sub.next().topic()).isEqualTo(topic("a//c"));
        pub.publish(topic("a/marker/c"), bytes("marker"), 1, false);
        assertThat(sub.next().topic()).as("a non-matching topic was delivered").isEqualTo(topic("a/marker/c"));
    }

    @Test
    void multi_level_wildcard_matches_parent_and_all_children_MQTT_4_7_1_2() throws Exception {
        ItClient sub = connected("sub");
        ItClient pub = connected("pub");
        sub.subscribe(topic("m/#"), 1);
        pub.publish(topic("other"), bytes("no"), 1, false);
        pub.publish(topic("m"), bytes("parent"), 1, false);
        pub.publish(topic("m/x/y/z"), bytes("deep"), 1, false);
        assertThat(sub.next().topic()).isEqualTo(topic("m"));
        assertThat(sub.next().topic()).isEqualTo(topic("m/x/y/z"));
        pub.publish(topic("m/marker"), bytes("marker"), 1, false);
        assertThat(sub.next().topic()).as("a non-matching topic was delivered").isEqualTo(topic("m/marker"));
    }

    @Test
    void overlapping_subscriptions_deliver_once_at_highest_qos_MQTT_3_3_5_1() throws Exception {
        ItClient sub = connected("sub");
        ItClient pub = connected("pub");
        sub.subscribe(topic("o/+"), 0);
        sub.subscribe(topic("o/#"), 2);
        sub.subscribe(topic("o/a"), 1);
        pub.publish(topic("o/a"), bytes("once"), 2, false);
        pub.publish(topic("o/marker"), bytes("marker"), 2, false);
        ItClient.Received first = sub.next();
        assertThat(first.topic()).isEqualTo(topic("o/a"));
        assertThat(first.qos()).isEqualTo(2);
        assertThat(sub.next().topic()).as("a second copy of o/a arrived").isEqualTo(topic("o/marker"));
    }

    @Test
    void retained_message_reaches_late_subscriber_is_replaced_and_deleted_by_empty_payload_MQTT_3_3_1_5() throws Exception {
        ItClient pub = connected("pub");
        String t = topic("r");
        pub.publish(t, bytes("first"), 1, true);

        ItClient late1 = connected("late1");
        late1.subscribe(t, 1);
        ItClient.Received r1 = late1.next();
        assertThat(r1.text()).isEqualTo("first");
        assertThat(r1.retain()).as("retained on a new subscription [MQTT-3.3.1-8]").isTrue();

        pub.publish(t, bytes("second"), 1, true); // replaces [MQTT-3.3.1-5]
        ItClient.Received live = late1.next();
        assertThat(live.text()).isEqualTo("second");
        assertThat(live.retain()).as("live delivery to an existing subscription [MQTT-3.3.1-9]").isFalse();

        ItClient late2 = connected("late2");
        late2.subscribe(t, 1);
        assertThat(late2.next().text()).isEqualTo("second");

        pub.publish(t, new byte[0], 1, true); // deletes [MQTT-3.3.1-10/11]
        ItClient late3 = connected("late3");
        late3.subscribe(t, 1);
        pub.publish(t, bytes("marker"), 1, false);
        ItClient.Received r3 = late3.next();
        assertThat(r3.text()).as("a retained message survived the empty payload").isEqualTo("marker");
        assertThat(r3.retain()).isFalse();
    }

    @Test
    void dollar_topics_are_not_matched_by_leading_wildcard_MQTT_4_7_2_1() throws Exception {
        ItClient all = connected("all");
        ItClient sys = connected("sys");
        ItClient pub = connected("pub");
        all.subscribe("#", 1);
        all.subscribe("+/" + topic("x"), 1);
        sys.subscribe("$SYS/#", 1);
        String sysTopic = "$SYS/" + topic("x");
        pub.publish(sysTopic, bytes("sys"), 1, false);
        pub.publish(topic("marker"), bytes("marker"), 1, false);
        assertThat(sys.next().topic()).isEqualTo(sysTopic);
        assertThat(all.next().topic()).as("'#' or '+/...' matched a $ topic").isEqualTo(topic("marker"));
    }

    @Test
    void unsubscribe_stops_delivery_MQTT_3_10_4_2() throws Exception {
        ItClient sub = connected("sub");
        ItClient pub = connected("pub");
        sub.subscribe(topic("u"), 1);
        sub.subscribe(topic("keep"), 1);
        pub.publish(topic("u"), bytes("before"), 1, false);
        assertThat(sub.next().text()).isEqualTo("before");
        sub.unsubscribe(topic("u"));
        pub.publish(topic("u"), bytes("after"), 1, false);
        pub.publish(topic("keep"), bytes("marker"), 1, false);
        assertThat(sub.next().text()).as("delivered after UNSUBACK").isEqualTo("marker");
    }

    /** Persistent session: QoS 1 messages published while offline arrive on reconnect, session present = 1. */
    protected void checkOfflineMessagesDeliveredOnResume() throws Exception {
        String t = topic("offline");
        ItClient first = client("persistent");
        assertThat(first.connect(false, 300)).as("no session yet").isFalse();
        first.subscribe(t, 1);
        first.disconnect();

        ItClient pub = connected("pub");
        pub.publish(t, bytes("m1"), 1, false);
        pub.publish(t, bytes("m2"), 1, false);

        ItClient again = createClient(id("persistent"));
        clients.add(again);
        assertThat(again.connect(false, 300)).as("session present").isTrue();
        ItClient.Received m1 = again.next();
        ItClient.Received m2 = again.next();
        assertThat(List.of(m1.text(), m2.text())).containsExactly("m1", "m2");
        assertThat(m1.qos()).isEqualTo(1);
        assertThat(m1.topic()).isEqualTo(t);
        // the subscription survived too: a live message still arrives
        pub.publish(t, bytes("m3"), 1, false);
        assertThat(again.next().text()).isEqualTo("m3");
        again.disconnect();
        // end the session so it does not outlive the test (clean start with expiry 0)
        ItClient cleanup = createClient(id("persistent"));
        cleanup.connect(true, 0);
        cleanup.disconnect();
    }

    @Test
    void will_is_published_when_connection_closes_without_disconnect_MQTT_3_1_2_8() throws Exception {
        ItClient sub = connected("sub");
        sub.subscribe(topic("will/#"), 1);
        connectWithWillThenCloseAbruptly(id("dying"), topic("will/dying"), bytes("gone"));
        ItClient.Received w = sub.next();
        assertThat(w.topic()).isEqualTo(topic("will/dying"));
        assertThat(w.text()).isEqualTo("gone");
    }

    @Test
    void will_is_not_published_on_normal_disconnect_MQTT_3_1_2_10() throws Exception {
        ItClient sub = connected("sub");
        sub.subscribe(topic("will/#"), 1);
        int sessions = broker.server().engine().sessionCount();
        ItClient polite = client("polite");
        polite.connectWithWill(topic("will/polite"), bytes("must not appear"));
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.server().engine().sessionCount() == sessions + 1);
        polite.disconnect();
        // once its session is gone the broker has decided about the will; then send a marker
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.server().engine().sessionCount() == sessions);
        ItClient pub = connected("pub");
        pub.publish(topic("will/marker"), bytes("marker"), 1, false);
        assertThat(sub.next().topic()).as("the will was published").isEqualTo(topic("will/marker"));
    }

    /** A second connection with the same client id closes the first one. */
    protected ItClient checkTakeoverClosesOldConnection() throws Exception {
        ItClient old = connected("same");
        ItClient newer = createClient(id("same"));
        clients.add(newer);
        newer.connect();
        await().atMost(Duration.ofSeconds(5)).until(() -> !old.isConnected());
        assertThat(newer.isConnected()).isTrue();
        // the new connection is the one that works
        newer.subscribe(topic("t"), 1);
        ItClient pub = connected("pub");
        pub.publish(topic("t"), bytes("to the new one"), 1, false);
        assertThat(newer.next().text()).isEqualTo("to the new one");
        return old;
    }

    /** For clients without a way to drop the socket: a raw CONNECT with a will, CONNACK, then close. */
    protected void rawConnectWithWillThenClose(int level, String clientId, String willTopic, byte[] willPayload)
            throws Exception {
        try (RawMqtt raw = new RawMqtt(broker)) {
            raw.send(RawMqtt.connect(level, clientId, 60, new RawMqtt.Will(willTopic, willPayload)));
            RawMqtt.Packet connack = raw.expect(Duration.ofSeconds(5));
            assertThat(connack.type()).isEqualTo(RawMqtt.CONNACK);
            assertThat(connack.connackCode()).isZero();
        }
    }
}
