package dev.tern.it;

import dev.tern.it.RawMqtt.Bytes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.tern.it.RawPackets.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * MQTT 5.0 conformance over raw sockets, modelled on the Eclipse Paho interoperability suite
 * ({@code client_test5.py}) plus the server-side MUSTs on malformed input: every byte sent is built in
 * {@link RawPackets}, every answer is read back field by field. Each test uses its own topics and
 * client ids, so the tests share one broker.
 */
class ConformanceV5IT {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration QUIET = Duration.ofMillis(500);
    // property ids (MQTT 5.0 section 2.2.2.2)
    private static final int PAYLOAD_FORMAT = 0x01;
    private static final int MESSAGE_EXPIRY = 0x02;
    private static final int CONTENT_TYPE = 0x03;
    private static final int RESPONSE_TOPIC = 0x08;
    private static final int CORRELATION_DATA = 0x09;
    private static final int SUBSCRIPTION_ID = 0x0B;
    private static final int SESSION_EXPIRY = 0x11;
    private static final int ASSIGNED_CLIENT_ID = 0x12;
    private static final int RECEIVE_MAXIMUM = 0x21;
    private static final int TOPIC_ALIAS_MAXIMUM = 0x22;
    private static final int TOPIC_ALIAS = 0x23;
    private static final int USER_PROPERTY = 0x26;
    static TestBroker broker;
    /** A broker that announces every optional feature as unavailable, and small limits. */
    static TestBroker limited;

    @BeforeAll
    static void start() {
        broker = TestBroker.start("mqtt.max_topic_alias = 4\n");
        limited = TestBroker.start("""
                mqtt.max_qos = 1
                mqtt.retain_available = false
                mqtt.wildcard_subscription = false
                mqtt.shared_subscription = false
                mqtt.subscription_identifiers = false
                mqtt.receive_maximum = 2
                mqtt.max_topic_alias = 0
                mqtt.server_keepalive = 30
                """);
    }

    @AfterAll
    static void stop() {
        broker.close();
        limited.close();
    }

    private static RawMqtt connectLimited(String clientId) throws IOException {
        RawMqtt raw = new RawMqtt(limited.host(), limited.port());
        RawMqtt.Packet connack = connectRaw(raw, RawPackets.connect(5, clientId));
        assertThat(connack.connackCode()).isZero();
        return raw;
    }

    private static RawMqtt.Packet connectRaw(RawMqtt raw, ConnectBuilder connect) throws IOException {
        raw.send(connect.build());
        RawMqtt.Packet connack = raw.expect(WAIT);
        assertThat(connack.type()).isEqualTo(CONNACK);
        return connack;
    }

    private static RawMqtt connect(ConnectBuilder connect, boolean expectSessionPresent) throws IOException {
        RawMqtt raw = new RawMqtt(broker);
        RawMqtt.Packet connack = connectRaw(raw, connect);
        assertThat(connack.connackCode()).as("CONNACK reason").isZero();
        assertThat(connack.body()[0]).as("session present").isEqualTo((byte) (expectSessionPresent ? 1 : 0));
        return raw;
    }

    private static RawMqtt connect(String clientId) throws IOException {
        return connect(RawPackets.connect(5, clientId), false);
    }

    /** Clean start 0 with a session expiry of an hour: the session outlives the connection. */
    private static ConnectBuilder persistent(String clientId) {
        return RawPackets.connect(5, clientId).clean(false).properties(propU32(new Bytes(), SESSION_EXPIRY, 3600));
    }

    private static int[] subscribe(RawMqtt raw, int pid, Bytes props, Object... filtersAndOptions) throws IOException {
        raw.send(RawPackets.subscribe(5, pid, props, filtersAndOptions));
        RawMqtt.Packet suback = raw.expectType(SUBACK, WAIT);
        assertThat(suback.type()).isEqualTo(SUBACK);
        assertThat(packetId(suback)).as("[MQTT-3.8.4-2]").isEqualTo(pid);
        return ackCodes(suback, 5);
    }

    private static void publish(RawMqtt raw, String topic, int qos, boolean retain, int pid, Bytes props, String payload)
            throws IOException {
        raw.send(RawPackets.publish(5, topic, qos, retain, false, pid, props, utf8(payload)));
        if (qos == 1) {
            RawMqtt.Packet ack = raw.expectType(PUBACK, WAIT);
            assertThat(packetId(ack)).isEqualTo(pid);
        } else if (qos == 2) {
            RawMqtt.Packet rec = raw.expectType(PUBREC, WAIT);
            assertThat(packetId(rec)).isEqualTo(pid);
            raw.send(ack(PUBREL, pid));
            RawMqtt.Packet comp = raw.expectType(PUBCOMP, WAIT);
            assertThat(packetId(comp)).isEqualTo(pid);
        }
    }

    private static void publish(RawMqtt raw, String topic, int qos, boolean retain, int pid, String payload)
            throws IOException {
        publish(raw, topic, qos, retain, pid, null, payload);
    }

    private static Pub receive(RawMqtt raw) throws IOException {
        Pub pub = parsePublish(raw.expect(WAIT), 5);
        if (pub.qos() == 1) {
            raw.send(ack(PUBACK, pub.packetId()));
        } else if (pub.qos() == 2) {
            raw.send(ack(PUBREC, pub.packetId()));
            RawMqtt.Packet rel = raw.expectType(PUBREL, WAIT);
            assertThat(rel.header()).isEqualTo(0x62);
            raw.send(ack(PUBCOMP, pub.packetId()));
        }
        return pub;
    }

    private static RawMqtt.Packet readQuietly(RawMqtt raw, Duration d) throws IOException {
        try {
            return raw.read(d);
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    private static void assertNothingArrives(RawMqtt raw) throws IOException {
        try {
            RawMqtt.Packet p = raw.read(QUIET);
            assertThat(p).as("no packet expected, connection still open").isNull();
        } catch (SocketTimeoutException expected) {
            // quiet, as it should be
        }
    }

    private static void disconnect(RawMqtt raw) throws IOException {
        raw.send(RawPackets.disconnect());
        assertThat(raw.awaitClosed(WAIT)).isTrue();
        raw.close();
    }

    private static void assertDisconnectThenClose(RawMqtt raw, Integer... allowedReasons) throws IOException {
        RawMqtt.Packet p = raw.read(WAIT);
        if (p != null) {
            assertThat(p.type()).as("DISCONNECT").isEqualTo(DISCONNECT);
            assertThat(p.disconnectReason()).as("reason code").isIn((Object[]) allowedReasons);
            assertThat(raw.awaitClosed(WAIT)).as("closed after DISCONNECT").isTrue();
        } else {
            throw new AssertionError("closed without DISCONNECT; expected reason " + List.of(allowedReasons));
        }
    }

    private static void assertRejected(String clientId, byte[] bad, Integer... allowedReasons) throws IOException {
        try (RawMqtt raw = connect(clientId)) {
            raw.send(bad);
            assertDisconnectThenClose(raw, allowedReasons);
        }
    }

    // ---- connect ---------------------------------------------------------------------------------

    @Test
    void zero_length_client_id_gets_an_assigned_client_identifier_MQTT_3_1_3_6_MQTT_3_1_3_7_MQTT_3_2_2_16()
            throws Exception {
        try (RawMqtt raw = new RawMqtt(broker)) {
            RawMqtt.Packet connack = connectRaw(raw, RawPackets.connect(5, ""));
            assertThat(connack.connackCode()).isZero();
            Map<Integer, List<Object>> props = connackProperties(connack);
            assertThat(props).containsKey(ASSIGNED_CLIENT_ID);
            assertThat((String) props.get(ASSIGNED_CLIENT_ID).get(0)).isNotEmpty();
            disconnect(raw);
        }
    }

    @Test
    void zero_length_client_id_with_clean_start_0_is_also_assigned_an_identifier_MQTT_3_1_3_6() throws Exception {
        try (RawMqtt raw = new RawMqtt(broker)) {
            RawMqtt.Packet connack = connectRaw(raw, RawPackets.connect(5, "").clean(false));
            // MQTT 5 allows it (unlike 3.1.1); a server may also refuse with 0x85 [MQTT-3.1.3-8]
            if (connack.connackCode() == 0) {
                assertThat(connackProperties(connack)).containsKey(ASSIGNED_CLIENT_ID);
                disconnect(raw);
            } else {
                assertThat(connack.connackCode()).isEqualTo(0x85);
                assertThat(raw.awaitClosed(WAIT)).isTrue();
            }
        }
    }

    @Test
    void session_present_follows_clean_start_and_stored_session_MQTT_3_2_2_2_MQTT_3_2_2_3() throws Exception {
        connect(RawPackets.connect(5, "v5-present"), false).close();
        RawMqtt a = connect(persistent("v5-present"), false);
        disconnect(a);
        RawMqtt b = connect(persistent("v5-present"), true);
        disconnect(b);
        RawMqtt c = connect(RawPackets.connect(5, "v5-present"), false);
        disconnect(c);
    }

    @Test
    void session_with_expiry_0_ends_with_the_connection_MQTT_3_1_2_23() throws Exception {
        RawMqtt a = connect(RawPackets.connect(5, "v5-noexpiry").clean(false), false);
        disconnect(a);
        RawMqtt b = connect(RawPackets.connect(5, "v5-noexpiry").clean(false), false);
        disconnect(b);
    }

    @Test
    void takeover_sends_disconnect_0x8E_without_session_expiry_to_the_existing_connection_MQTT_3_1_4_3_MQTT_3_14_2_2()
            throws Exception {
        RawMqtt first = connect("v5-takeover");
        RawMqtt second = connect("v5-takeover");
        RawMqtt.Packet d = first.expect(WAIT);
        assertThat(d.type()).isEqualTo(DISCONNECT);
        assertThat(d.disconnectReason()).isEqualTo(0x8E);
        if (d.body().length > 1) {
            Reader r = new Reader(d.body());
            r.u8();
            assertThat(r.properties()).as("no Session Expiry from a server").doesNotContainKey(SESSION_EXPIRY);
        }
        assertThat(first.awaitClosed(WAIT)).isTrue();
        first.close();
        disconnect(second);
    }

    @Test
    void receive_maximum_0_in_connect_is_a_protocol_error_MQTT_3_1_2_3() throws Exception {
        // [MQTT-3.1.2 Receive Maximum] "It is a Protocol Error to include the Receive Maximum value of 0"
        try (RawMqtt raw = new RawMqtt(broker)) {
            RawMqtt.Packet connack = connectRaw(raw, RawPackets.connect(5, "v5-rm0")
                    .properties(propU16(new Bytes(), RECEIVE_MAXIMUM, 0)));
            assertThat(connack.connackCode()).isEqualTo(0x82);
            assertThat(raw.awaitClosed(WAIT)).isTrue();
        }
    }

    @Test
    void duplicate_property_in_connect_is_rejected_MQTT_3_1_4_1() throws Exception {
        Bytes props = propU32(new Bytes(), SESSION_EXPIRY, 10);
        propU32(props, SESSION_EXPIRY, 20);
        try (RawMqtt raw = new RawMqtt(broker)) {
            RawMqtt.Packet connack = connectRaw(raw, RawPackets.connect(5, "v5-dup-connect").properties(props));
            assertThat(connack.connackCode()).isEqualTo(0x82);
            assertThat(raw.awaitClosed(WAIT)).isTrue();
        }
    }

    // ---- publish / subscribe ---------------------------------------------------------------------

    @Test
    void publish_and_receive_at_each_qos_MQTT_3_3_4_1_MQTT_3_8_4_8() throws Exception {
        try (RawMqtt c = connect("v5-basic")) {
            assertThat(subscribe(c, 1, null, "v5basic/t", 2)).containsExactly(2);
            for (int qos = 0; qos <= 2; qos++) {
                publish(c, "v5basic/t", qos, false, 10 + qos, "qos" + qos);
                Pub got = receive(c);
                assertThat(got.qos()).isEqualTo(qos);
                assertThat(got.dup()).isFalse();
                assertThat(got.text()).isEqualTo("qos" + qos);
            }
            // granted QoS 1: a QoS 2 message is delivered at QoS 1 [MQTT-3.8.4-8]
            assertThat(subscribe(c, 2, null, "v5basic/q1", 1)).containsExactly(1);
            publish(c, "v5basic/q1", 2, false, 20, "down");
            assertThat(receive(c).qos()).isEqualTo(1);
            disconnect(c);
        }
    }

    @Test
    void retained_messages_stored_sent_and_cleared_MQTT_3_3_1_5_MQTT_3_3_1_6_MQTT_3_3_1_7_MQTT_3_3_1_9()
            throws Exception {
        try (RawMqtt pub = connect("v5-retain-pub")) {
            publish(pub, "v5ret/a", 0, true, 0, "qos 0");
            publish(pub, "v5ret/b", 1, true, 1, "qos 1");
            publish(pub, "v5ret/c", 2, true, 2, "qos 2");
            try (RawMqtt sub = connect("v5-retain-sub")) {
                assertThat(subscribe(sub, 1, null, "v5ret/+", 2)).containsExactly(2);
                List<String> got = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    Pub p = receive(sub);
                    assertThat(p.retain()).isTrue();
                    got.add(p.topic() + "=" + p.text());
                }
                assertThat(got).containsExactlyInAnyOrder("v5ret/a=qos 0", "v5ret/b=qos 1", "v5ret/c=qos 2");
                disconnect(sub);
            }
            publish(pub, "v5ret/a", 0, true, 0, "");
            publish(pub, "v5ret/b", 1, true, 3, "");
            publish(pub, "v5ret/c", 2, true, 4, "");
            try (RawMqtt sub = connect("v5-retain-sub")) {
                assertThat(subscribe(sub, 1, null, "v5ret/+", 2)).containsExactly(2);
                assertNothingArrives(sub);
                disconnect(sub);
            }
            disconnect(pub);
        }
    }

    @Test
    void retain_handling_1_sends_only_for_a_new_subscription_and_2_never_MQTT_3_3_1_10_MQTT_3_3_1_11() throws Exception {
        try (RawMqtt c = connect("v5-rh")) {
            publish(c, "v5rh/t", 0, true, 0, "kept");
            assertThat(subscribe(c, 1, null, "v5rh/t", 0x10)).containsExactly(0); // RH 1, new
            assertThat(receive(c).text()).isEqualTo("kept");
            assertThat(subscribe(c, 2, null, "v5rh/t", 0x10)).containsExactly(0); // RH 1, exists
            assertNothingArrives(c);
            assertThat(subscribe(c, 3, null, "v5rh/+", 0x20)).containsExactly(0); // RH 2
            assertNothingArrives(c);
            publish(c, "v5rh/t", 0, true, 0, "");
            disconnect(c);
        }
    }

    @Test
    void retain_as_published_keeps_the_flag_otherwise_cleared_MQTT_3_3_1_12_MQTT_3_3_1_13() throws Exception {
        try (RawMqtt c = connect("v5-rap")) {
            subscribe(c, 1, null, "v5rap/keep", 0x08, "v5rap/clear", 0x00);
            publish(c, "v5rap/keep", 0, true, 0, "k");
            assertThat(receive(c).retain()).isTrue();
            publish(c, "v5rap/clear", 0, true, 0, "c");
            assertThat(receive(c).retain()).isFalse();
            publish(c, "v5rap/keep", 0, true, 0, "");
            assertThat(receive(c).retain()).isTrue();
            publish(c, "v5rap/clear", 0, true, 0, "");
            assertThat(receive(c).retain()).isFalse();
            disconnect(c);
        }
    }

    @Test
    void no_local_suppresses_own_messages_MQTT_3_8_3_3() throws Exception {
        try (RawMqtt c = connect("v5-nolocal")) {
            subscribe(c, 1, null, "v5nolocal/t", 0x04);
            publish(c, "v5nolocal/t", 0, false, 0, "mine");
            assertNothingArrives(c);
            disconnect(c);
        }
    }

    @Test
    void will_is_published_on_abnormal_close_MQTT_3_1_2_8() throws Exception {
        try (RawMqtt sub = connect("v5-will-sub")) {
            subscribe(sub, 1, null, "v5will/t", 2);
            RawMqtt dying = connect(RawPackets.connect(5, "v5-will-dying").will("v5will/t", utf8("gone"), 1, false),
                    false);
            dying.close();
            Pub will = receive(sub);
            assertThat(will.text()).isEqualTo("gone");
            assertThat(will.qos()).isEqualTo(1);
            assertThat(will.retain()).as("[MQTT-3.1.2-14]").isFalse();
            disconnect(sub);
        }
    }

    @Test
    void will_is_not_published_on_normal_disconnect_MQTT_3_1_2_10_MQTT_3_14_4_3() throws Exception {
        try (RawMqtt sub = connect("v5-nowill-sub")) {
            subscribe(sub, 1, null, "v5nowill/t", 2);
            RawMqtt leaving = connect(RawPackets.connect(5, "v5-nowill").will("v5nowill/t", utf8("gone"), 1, false),
                    false);
            leaving.send(disconnectV5(0x00, null));
            assertThat(leaving.awaitClosed(WAIT)).isTrue();
            leaving.close();
            assertNothingArrives(sub);
            disconnect(sub);
        }
    }

    @Test
    void will_is_published_on_disconnect_with_will_message_0x04_MQTT_3_1_2_8() throws Exception {
        try (RawMqtt sub = connect("v5-will04-sub")) {
            subscribe(sub, 1, null, "v5will04/t", 0);
            RawMqtt leaving = connect(RawPackets.connect(5, "v5-will04").will("v5will04/t", utf8("asked"), 0, false),
                    false);
            leaving.send(disconnectV5(0x04, null));
            assertThat(leaving.awaitClosed(WAIT)).isTrue();
            leaving.close();
            assertThat(receive(sub).text()).isEqualTo("asked");
            disconnect(sub);
        }
    }

    @Test
    void will_delay_is_cancelled_by_reconnect_before_it_elapses_MQTT_3_1_3_9() throws Exception {
        try (RawMqtt sub = connect("v5-willdelay-sub")) {
            subscribe(sub, 1, null, "v5willdelay/t", 0);
            ConnectBuilder cb = persistent("v5-willdelay")
                    .will("v5willdelay/t", utf8("late"), 0, false)
                    .willProperties(propU32(new Bytes(), 0x18, 30)); // will delay 30 s
            RawMqtt dying = connect(cb, false);
            dying.close();
            RawMqtt back = connect(persistent("v5-willdelay"), true);
            assertNothingArrives(sub);
            back.send(disconnectV5(0x00, propU32(new Bytes(), SESSION_EXPIRY, 0)));
            assertThat(back.awaitClosed(WAIT)).isTrue();
            back.close();
            disconnect(sub);
        }
    }

    @Test
    void offline_messages_are_queued_for_a_session_that_has_not_expired_MQTT_3_1_2_23_MQTT_4_5_0_1() throws Exception {
        RawMqtt sub = connect(persistent("v5-offline"), false);
        subscribe(sub, 1, null, "v5off/+", 2);
        disconnect(sub);
        try (RawMqtt pub = connect("v5-offline-pub")) {
            publish(pub, "v5off/q1", 1, false, 1, "m1");
            publish(pub, "v5off/q2", 2, false, 2, "m2");
            disconnect(pub);
        }
        try (RawMqtt back = connect(persistent("v5-offline"), true)) {
            List<String> got = List.of(receive(back).text(), receive(back).text());
            assertThat(got).containsExactly("m1", "m2");
            disconnect(back);
        }
        connect("v5-offline").close();
    }

    @Test
    void unacknowledged_publishes_are_resent_with_dup_on_resume_MQTT_4_4_0_1_MQTT_3_3_1_1() throws Exception {
        RawMqtt sub = connect(persistent("v5-redeliver"), false);
        subscribe(sub, 1, null, "v5redo/#", 2);
        try (RawMqtt pub = connect("v5-redeliver-pub")) {
            publish(pub, "v5redo/q1", 1, false, 1, "r1");
            publish(pub, "v5redo/q2", 2, false, 2, "r2");
            disconnect(pub);
        }
        Pub q1 = parsePublish(sub.expect(WAIT), 5);
        Pub q2 = parsePublish(sub.expect(WAIT), 5);
        sub.close();
        try (RawMqtt back = connect(persistent("v5-redeliver"), true)) {
            Pub r1 = parsePublish(back.expect(WAIT), 5);
            Pub r2 = parsePublish(back.expect(WAIT), 5);
            assertThat(List.of(r1.text(), r2.text())).containsExactly("r1", "r2");
            assertThat(r1.dup()).isTrue();
            assertThat(r2.dup()).isTrue();
            assertThat(r1.packetId()).isEqualTo(q1.packetId());
            assertThat(r2.packetId()).isEqualTo(q2.packetId());
            back.send(ack(PUBACK, r1.packetId()));
            back.send(ack(PUBREC, r2.packetId()));
            assertThat(back.expect(WAIT).header()).isEqualTo(0x62);
            back.send(ack(PUBCOMP, r2.packetId()));
            disconnect(back);
        }
        connect("v5-redeliver").close();
    }

    @Test
    void overlapping_subscriptions_carry_all_subscription_identifiers_MQTT_3_3_4_2_MQTT_3_3_4_3() throws Exception {
        try (RawMqtt c = connect("v5-overlap")) {
            assertThat(subscribe(c, 1, propVbi(new Bytes(), SUBSCRIPTION_ID, 7), "v5ov/#", 2)).containsExactly(2);
            assertThat(subscribe(c, 2, propVbi(new Bytes(), SUBSCRIPTION_ID, 9), "v5ov/+", 1)).containsExactly(1);
            publish(c, "v5ov/t", 2, false, 5, "overlap");
            List<Pub> got = new ArrayList<>();
            got.add(receive(c));
            RawMqtt.Packet second = readQuietly(c, QUIET);
            if (second != null) {
                got.add(parsePublish(second, 5));
                if (got.get(1).qos() == 1) {
                    c.send(ack(PUBACK, got.get(1).packetId()));
                }
            }
            if (got.size() == 1) {
                assertThat(got.get(0).qos()).isEqualTo(2);
                assertThat(got.get(0).properties().get(SUBSCRIPTION_ID)).as("[MQTT-3.3.4-4]")
                        .containsExactlyInAnyOrder(7, 9);
            } else {
                List<Object> ids = new ArrayList<>();
                got.forEach(p -> ids.addAll(p.properties().get(SUBSCRIPTION_ID)));
                assertThat(ids).as("[MQTT-3.3.4-5]").containsExactlyInAnyOrder(7, 9);
            }
            disconnect(c);
        }
    }

    @Test
    void subscription_identifier_is_sent_with_matching_publishes_MQTT_3_3_4_3() throws Exception {
        try (RawMqtt c = connect("v5-subid")) {
            subscribe(c, 1, propVbi(new Bytes(), SUBSCRIPTION_ID, 268_435_455), "v5subid/t", 0);
            publish(c, "v5subid/t", 0, false, 0, "x");
            assertThat(receive(c).properties().get(SUBSCRIPTION_ID)).containsExactly(268_435_455);
            disconnect(c);
        }
    }

    @Test
    void hash_and_plus_do_not_match_dollar_topics_MQTT_4_7_2_1() throws Exception {
        try (RawMqtt c = connect("v5-dollar")) {
            subscribe(c, 1, null, "+/v5dollar", 0, "+/+", 0);
            publish(c, "$x/v5dollar", 0, false, 0, "hidden");
            assertNothingArrives(c);
            subscribe(c, 2, null, "$x/+", 0);
            publish(c, "$x/v5dollar", 0, false, 0, "seen");
            assertThat(receive(c).topic()).isEqualTo("$x/v5dollar");
            disconnect(c);
        }
    }

    @Test
    void invalid_topic_filters_get_0x8F_and_the_rest_are_granted_MQTT_3_8_4_6_MQTT_3_9_3_1() throws Exception {
        try (RawMqtt c = connect("v5-subfail")) {
            int[] codes = subscribe(c, 1, null, "v5sf/#/b", 0, "v5sf/ok", 1, "v5sf/a+", 2);
            assertThat(codes).containsExactly(0x8F, 1, 0x8F);
            disconnect(c);
        }
    }

    @Test
    void unsubscribe_gets_0x00_or_0x11_per_filter_MQTT_3_10_4_4_MQTT_3_10_4_5_MQTT_3_11_3_1() throws Exception {
        try (RawMqtt c = connect("v5-unsub")) {
            subscribe(c, 1, null, "v5unsub/t", 1);
            c.send(RawPackets.unsubscribe(5, 7, "v5unsub/none", "v5unsub/t"));
            RawMqtt.Packet unsuback = c.expect(WAIT);
            assertThat(unsuback.type()).isEqualTo(UNSUBACK);
            assertThat(packetId(unsuback)).isEqualTo(7);
            assertThat(ackCodes(unsuback, 5)).containsExactly(0x11, 0x00);
            publish(c, "v5unsub/t", 1, false, 2, "after");
            assertNothingArrives(c);
            disconnect(c);
        }
    }

    @Test
    void shared_subscription_delivers_each_message_to_one_member_MQTT_4_8_2_3() throws Exception {
        try (RawMqtt a = connect("v5-share-a"); RawMqtt b = connect("v5-share-b"); RawMqtt pub = connect("v5-share-p")) {
            assertThat(subscribe(a, 1, null, "$share/g/v5share/t", 1)).containsExactly(1);
            assertThat(subscribe(b, 1, null, "$share/g/v5share/t", 1)).containsExactly(1);
            for (int i = 0; i < 6; i++) {
                publish(pub, "v5share/t", 1, false, 1 + i, "m" + i);
            }
            List<String> got = new ArrayList<>();
            for (RawMqtt r : List.of(a, b)) {
                RawMqtt.Packet p;
                while ((p = readQuietly(r, QUIET)) != null) {
                    Pub m = parsePublish(p, 5);
                    assertThat(m.topic()).isEqualTo("v5share/t");
                    r.send(ack(PUBACK, m.packetId()));
                    got.add(m.text());
                }
            }
            assertThat(got).containsExactlyInAnyOrder("m0", "m1", "m2", "m3", "m4", "m5");
            disconnect(a);
            disconnect(b);
            disconnect(pub);
        }
    }

    @Test
    void receive_maximum_limits_unacknowledged_publishes_MQTT_3_3_4_9_MQTT_4_9_0_2_MQTT_4_9_0_3() throws Exception {
        try (RawMqtt c = connect(RawPackets.connect(5, "v5-flow").properties(propU16(new Bytes(), RECEIVE_MAXIMUM, 2)),
                false);
             RawMqtt pub = connect("v5-flow-pub")) {
            subscribe(c, 1, null, "v5flow/t", 1);
            for (int i = 0; i < 5; i++) {
                publish(pub, "v5flow/t", 1, false, 1 + i, "m" + i);
            }
            Pub first = parsePublish(c.expect(WAIT), 5);
            Pub second = parsePublish(c.expect(WAIT), 5);
            assertNothingArrives(c);
            // other packets still flow while the quota is zero [MQTT-4.9.0-3]
            c.send(pingreq());
            assertThat(c.expect(WAIT).type()).isEqualTo(PINGRESP);
            c.send(ack(PUBACK, first.packetId()));
            Pub third = parsePublish(c.expect(WAIT), 5);
            assertNothingArrives(c);
            c.send(ack(PUBACK, second.packetId()));
            c.send(ack(PUBACK, third.packetId()));
            Pub fourth = receive(c);
            Pub fifth = receive(c);
            assertThat(List.of(first.text(), second.text(), third.text(), fourth.text(), fifth.text()))
                    .containsExactly("m0", "m1", "m2", "m3", "m4");
            disconnect(c);
            disconnect(pub);
        }
    }

    @Test
    void payload_format_content_type_and_user_properties_are_forwarded_unaltered_MQTT_3_3_2_4_MQTT_3_3_2_17_MQTT_3_3_2_18_MQTT_3_3_2_20()
            throws Exception {
        try (RawMqtt c = connect("v5-props")) {
            subscribe(c, 1, null, "v5props/t", 1);
            Bytes props = propU8(new Bytes(), PAYLOAD_FORMAT, 1);
            propString(props, CONTENT_TYPE, "text/plain");
            props.u8(USER_PROPERTY).string("b").string("2");
            props.u8(USER_PROPERTY).string("a").string("1");
            props.u8(USER_PROPERTY).string("b").string("3");
            publish(c, "v5props/t", 1, false, 1, props, "hello");
            Pub got = receive(c);
            assertThat(got.property(PAYLOAD_FORMAT)).isEqualTo(1);
            assertThat(got.property(CONTENT_TYPE)).isEqualTo("text/plain");
            List<String> users = new ArrayList<>();
            got.properties().get(USER_PROPERTY).forEach(v -> users.add(((String[]) v)[0] + "=" + ((String[]) v)[1]));
            assertThat(users).containsExactly("b=2", "a=1", "b=3");
            disconnect(c);
        }
    }

    @Test
    void response_topic_and_correlation_data_are_forwarded_unaltered_MQTT_3_3_2_15_MQTT_3_3_2_16() throws Exception {
        try (RawMqtt responder = connect("v5-resp"); RawMqtt requester = connect("v5-req")) {
            subscribe(responder, 1, null, "v5req/requests", 1);
            subscribe(requester, 1, null, "v5req/replies/x", 1);
            Bytes props = propString(new Bytes(), RESPONSE_TOPIC, "v5req/replies/x");
            propBinary(props, CORRELATION_DATA, new byte[] {0, 1, 2, (byte) 0xFF});
            publish(requester, "v5req/requests", 1, false, 1, props, "ping?");
            Pub req = receive(responder);
            assertThat(req.property(RESPONSE_TOPIC)).isEqualTo("v5req/replies/x");
            assertThat((byte[]) req.property(CORRELATION_DATA)).containsExactly(0, 1, 2, 0xFF);
            Bytes replyProps = propBinary(new Bytes(), CORRELATION_DATA, (byte[]) req.property(CORRELATION_DATA));
            publish(responder, (String) req.property(RESPONSE_TOPIC), 1, false, 1, replyProps, "pong");
            Pub reply = receive(requester);
            assertThat(reply.text()).isEqualTo("pong");
            assertThat((byte[]) reply.property(CORRELATION_DATA)).containsExactly(0, 1, 2, 0xFF);
            disconnect(responder);
            disconnect(requester);
        }
    }

    @Test
    void message_expiry_is_reduced_by_the_time_waited_and_expired_messages_are_dropped_MQTT_3_3_2_5_MQTT_3_3_2_6()
            throws Exception {
        RawMqtt sub = connect(persistent("v5-expiry"), false);
        subscribe(sub, 1, null, "v5exp/+", 1);
        disconnect(sub);
        try (RawMqtt pub = connect("v5-expiry-pub")) {
            publish(pub, "v5exp/short", 1, false, 1, propU32(new Bytes(), MESSAGE_EXPIRY, 1), "short");
            publish(pub, "v5exp/long", 1, false, 2, propU32(new Bytes(), MESSAGE_EXPIRY, 100), "long");
            disconnect(pub);
        }
        Thread.sleep(2100); // let the 1 s expiry pass: the test is about wall-clock time in the server
        try (RawMqtt back = connect(persistent("v5-expiry"), true)) {
            Pub got = receive(back);
            assertThat(got.text()).isEqualTo("long");
            assertThat((Long) got.property(MESSAGE_EXPIRY)).isBetween(1L, 98L);
            assertNothingArrives(back);
            disconnect(back);
        }
        connect("v5-expiry").close();
    }

    @Test
    void topic_alias_set_then_used_alone_MQTT_3_3_2_12() throws Exception {
        try (RawMqtt c = new RawMqtt(broker)) {
            RawMqtt.Packet connack = connectRaw(c, RawPackets.connect(5, "v5-alias"));
            assertThat(connackProperties(connack).get(TOPIC_ALIAS_MAXIMUM)).containsExactly(4);
            subscribe(c, 1, null, "v5alias/t", 0);
            publish(c, "v5alias/t", 0, false, 0, propU16(new Bytes(), TOPIC_ALIAS, 4), "set");
            publish(c, "", 0, false, 0, propU16(new Bytes(), TOPIC_ALIAS, 4), "used");
            Pub a = receive(c);
            Pub b = receive(c);
            assertThat(List.of(a.topic() + a.text(), b.topic() + b.text()))
                    .containsExactly("v5alias/tset", "v5alias/tused");
            assertThat(a.property(TOPIC_ALIAS)).as("client sent no Topic Alias Maximum [MQTT-3.1.2-27]").isNull();
            disconnect(c);
        }
    }

    @Test
    void pingreq_gets_pingresp_MQTT_3_12_4_1() throws Exception {
        try (RawMqtt c = connect("v5-ping")) {
            c.send(pingreq());
            assertThat(c.expect(WAIT).type()).isEqualTo(PINGRESP);
            disconnect(c);
        }
    }

    @Test
    void keepalive_timeout_closes_the_connection_and_publishes_the_will_MQTT_3_1_2_22() throws Exception {
        try (RawMqtt sub = connect("v5-ka-sub")) {
            subscribe(sub, 1, null, "v5ka/will", 0);
            RawMqtt silent = connect(RawPackets.connect(5, "v5-ka").keepAlive(1)
                    .will("v5ka/will", utf8("ka"), 0, false), false);
            assertThat(silent.awaitClosed(WAIT)).isTrue();
            silent.close();
            assertThat(receive(sub).text()).isEqualTo("ka");
            disconnect(sub);
        }
    }

    @Test
    void pubrel_for_an_unknown_packet_id_gets_pubcomp_0x92() throws Exception {
        try (RawMqtt c = connect("v5-unknown-rel")) {
            c.send(ack(PUBREL, 4242));
            RawMqtt.Packet comp = c.expect(WAIT);
            assertThat(comp.type()).isEqualTo(PUBCOMP);
            assertThat(packetId(comp)).isEqualTo(4242);
            assertThat(comp.body()[2] & 0xFF).as("Packet Identifier not found").isEqualTo(0x92);
            c.send(pingreq());
            assertThat(c.expect(WAIT).type()).as("connection still usable").isEqualTo(PINGRESP);
            disconnect(c);
        }
    }

    @Test
    void qos2_duplicate_publish_before_pubrel_is_not_delivered_twice_MQTT_4_3_3_10() throws Exception {
        try (RawMqtt c = connect("v5-qos2dup")) {
            subscribe(c, 1, null, "v5q2dup/t", 0);
            c.send(RawPackets.publish(5, "v5q2dup/t", 2, false, false, 9, null, utf8("once")));
            RawMqtt.Packet first = c.expect(WAIT);
            List<Integer> types = new ArrayList<>(List.of(first.type()));
            c.send(RawPackets.publish(5, "v5q2dup/t", 2, false, true, 9, null, utf8("once")));
            types.add(c.expect(WAIT).type());
            RawMqtt.Packet extra = readQuietly(c, QUIET);
            if (extra != null) {
                types.add(extra.type());
            }
            assertThat(types.stream().filter(t -> t == PUBLISH)).as("delivered once").hasSize(1);
            assertThat(types.stream().filter(t -> t == PUBREC)).as("PUBREC for each PUBLISH").hasSize(2);
            c.send(ack(PUBREL, 9));
            assertThat(c.expect(WAIT).type()).isEqualTo(PUBCOMP);
            disconnect(c);
        }
    }

    // ---- DISCONNECT ------------------------------------------------------------------------------

    @Test
    void disconnect_with_session_expiry_after_connect_with_0_is_a_protocol_error_MQTT_3_14_2_2() throws Exception {
        // section 3.14.2.2.2: "If the Session Expiry Interval in the CONNECT packet was zero, then it is a
        // Protocol Error to set a non-zero Session Expiry Interval in the DISCONNECT packet"
        assertRejected("v5-disc-expiry", disconnectV5(0x00, propU32(new Bytes(), SESSION_EXPIRY, 60)), 0x82);
    }

    @Test
    void disconnect_with_reserved_flags_is_malformed_MQTT_3_14_1_1() throws Exception {
        assertRejected("v5-disc-flags", new byte[] {(byte) 0xE1, 0x00}, 0x81);
    }

    // ---- malformed packets and protocol errors: DISCONNECT with the reason code, then close ----

    @Test
    void publish_with_qos_3_is_malformed_MQTT_3_3_1_4() throws Exception {
        byte[] p = RawPackets.publish(5, "v5bad/t", 1, false, 1, "x");
        p[0] = (byte) 0x36;
        assertRejected("v5-qos3", p, 0x81);
    }

    @Test
    void subscribe_with_wrong_reserved_header_flags_is_malformed_MQTT_3_8_1_1_MQTT_2_1_3_1() throws Exception {
        byte[] s = RawPackets.subscribe(5, 1, null, "v5bad/t", 0);
        s[0] = (byte) 0x80;
        assertRejected("v5-sub-flags", s, 0x81);
    }

    @Test
    void unsubscribe_with_wrong_reserved_header_flags_is_malformed_MQTT_3_10_1_1() throws Exception {
        byte[] s = RawPackets.unsubscribe(5, 1, "v5bad/t");
        s[0] = (byte) 0xA0;
        assertRejected("v5-unsub-flags", s, 0x81);
    }

    @Test
    void pubrel_with_wrong_reserved_header_flags_is_malformed_MQTT_3_6_1_1() throws Exception {
        byte[] rel = ack(PUBREL, 1);
        rel[0] = (byte) 0x60;
        assertRejected("v5-rel-flags", rel, 0x81);
    }

    @Test
    void subscribe_option_reserved_bits_are_malformed_MQTT_3_8_3_5() throws Exception {
        assertRejected("v5-sub-reserved", RawPackets.subscribe(5, 1, null, "v5bad/t", 0xC0), 0x81);
    }

    @Test
    void subscribe_with_qos_3_is_malformed() throws Exception {
        assertRejected("v5-sub-qos3", RawPackets.subscribe(5, 1, null, "v5bad/t", 3), 0x81);
    }

    @Test
    void subscribe_with_retain_handling_3_is_a_protocol_error() throws Exception {
        assertRejected("v5-sub-rh3", RawPackets.subscribe(5, 1, null, "v5bad/t", 0x30), 0x82);
    }

    @Test
    void subscribe_without_filters_is_a_protocol_error_MQTT_3_8_3_2() throws Exception {
        assertRejected("v5-sub-empty", RawPackets.subscribe(5, 1, null), 0x82);
    }

    @Test
    void unsubscribe_without_filters_is_a_protocol_error_MQTT_3_10_3_2() throws Exception {
        assertRejected("v5-unsub-empty", RawPackets.unsubscribe(5, 1), 0x82);
    }

    @Test
    void no_local_on_a_shared_subscription_is_a_protocol_error_MQTT_3_8_3_4() throws Exception {
        assertRejected("v5-share-nolocal", RawPackets.subscribe(5, 1, null, "$share/g/v5bad/t", 0x04), 0x82);
    }

    @Test
    void subscription_identifier_0_is_a_protocol_error() throws Exception {
        assertRejected("v5-subid0", RawPackets.subscribe(5, 1, propVbi(new Bytes(), SUBSCRIPTION_ID, 0),
                "v5bad/t", 0), 0x82);
    }

    @Test
    void publish_with_packet_id_0_is_rejected_MQTT_2_2_1_3() throws Exception {
        assertRejected("v5-pid0", RawPackets.publish(5, "v5bad/t", 1, false, 0, "x"), 0x81, 0x82);
    }

    @Test
    void subscribe_with_packet_id_0_is_rejected_MQTT_2_2_1_3() throws Exception {
        assertRejected("v5-sub-pid0", RawPackets.subscribe(5, 0, null, "v5bad/t", 0), 0x81, 0x82);
    }

    @Test
    void duplicate_property_in_publish_is_a_protocol_error() throws Exception {
        Bytes props = propU8(new Bytes(), PAYLOAD_FORMAT, 0);
        propU8(props, PAYLOAD_FORMAT, 0);
        assertRejected("v5-dup-prop", RawPackets.publish(5, "v5bad/t", 0, false, false, 0, props, utf8("x")),
                0x82);
    }

    @Test
    void topic_alias_0_gets_disconnect_0x94_MQTT_3_3_2_8() throws Exception {
        assertRejected("v5-alias0",
                RawPackets.publish(5, "v5bad/t", 0, false, false, 0, propU16(new Bytes(), TOPIC_ALIAS, 0), utf8("x")),
                0x94);
    }

    @Test
    void topic_alias_above_the_maximum_gets_disconnect_0x94_MQTT_3_2_2_17() throws Exception {
        assertRejected("v5-alias5",
                RawPackets.publish(5, "v5bad/t", 0, false, false, 0, propU16(new Bytes(), TOPIC_ALIAS, 5), utf8("x")),
                0x94);
    }

    @Test
    void empty_topic_with_an_unknown_alias_is_a_protocol_error() throws Exception {
        assertRejected("v5-alias-unknown",
                RawPackets.publish(5, "", 0, false, false, 0, propU16(new Bytes(), TOPIC_ALIAS, 2), utf8("x")),
                0x82);
    }

    @Test
    void empty_topic_without_alias_is_a_protocol_error_MQTT_4_7_3_1() throws Exception {
        assertRejected("v5-empty-topic", RawPackets.publish(5, "", 0, false, 0, "x"), 0x82);
    }

    @Test
    void wildcard_in_topic_name_is_rejected_MQTT_3_3_2_2_MQTT_4_7_0_1() throws Exception {
        assertRejected("v5-wild-topic", RawPackets.publish(5, "v5bad/#", 0, false, 0, "x"), 0x81, 0x82, 0x90);
    }

    @Test
    void wildcard_in_response_topic_is_rejected_MQTT_3_3_2_14() throws Exception {
        assertRejected("v5-wild-resp", RawPackets.publish(5, "v5bad/t", 0, false, false, 0,
                propString(new Bytes(), RESPONSE_TOPIC, "v5bad/+"), utf8("x")), 0x81, 0x82, 0x90);
    }

    @Test
    void subscription_identifier_from_client_in_publish_is_a_protocol_error_MQTT_3_3_4_6() throws Exception {
        assertRejected("v5-pub-subid", RawPackets.publish(5, "v5bad/t", 0, false, false, 0,
                propVbi(new Bytes(), SUBSCRIPTION_ID, 3), utf8("x")), 0x81, 0x82);
    }

    @Test
    void client_sending_connack_is_a_protocol_error() throws Exception {
        assertRejected("v5-connack", new byte[] {0x20, 0x03, 0x00, 0x00, 0x00}, 0x81, 0x82);
    }

    @Test
    void client_sending_suback_is_a_protocol_error() throws Exception {
        assertRejected("v5-suback", new byte[] {(byte) 0x90, 0x04, 0x00, 0x01, 0x00, 0x00}, 0x81, 0x82);
    }

    @Test
    void second_connect_is_a_protocol_error_MQTT_3_1_0_2() throws Exception {
        assertRejected("v5-twice", RawPackets.connect(5, "v5-twice").build(), 0x82);
    }

    @Test
    void invalid_utf8_in_subscribe_filter_is_malformed_MQTT_3_8_3_1_MQTT_1_5_4_1() throws Exception {
        Bytes b = new Bytes().u16(1).vbi(0).u16(3).raw(new byte[] {'a', (byte) 0xC0, (byte) 0x80}).u8(0);
        assertRejected("v5-sub-utf8", RawMqtt.packet(0x82, b), 0x81);
    }

    @Test
    void connect_with_will_qos_3_is_malformed_MQTT_3_1_2_12() throws Exception {
        try (RawMqtt raw = new RawMqtt(broker)) {
            RawMqtt.Packet connack = connectRaw(raw, RawPackets.connect(5, "v5-willqos3")
                    .will("v5bad/w", utf8("x"), 3, false));
            assertThat(connack.connackCode()).isEqualTo(0x81);
            assertThat(raw.awaitClosed(WAIT)).isTrue();
        }
    }

    @Test
    void connect_with_will_retain_but_no_will_flag_is_malformed_MQTT_3_1_2_13() throws Exception {
        byte[] connect = RawPackets.connect(5, "v5-willret-noflag").build();
        connect[9] |= 0x20;
        try (RawMqtt raw = new RawMqtt(broker)) {
            raw.send(connect);
            RawMqtt.Packet connack = raw.expect(WAIT);
            assertThat(connack.connackCode()).isEqualTo(0x81);
            assertThat(raw.awaitClosed(WAIT)).isTrue();
        }
    }

    @Test
    void unsupported_protocol_name_is_refused_MQTT_3_1_2_1() throws Exception {
        byte[] connect = RawPackets.connect(5, "v5-name").build();
        connect[4] = 'X';
        try (RawMqtt raw = new RawMqtt(broker)) {
            raw.send(connect);
            RawMqtt.Packet p = raw.read(WAIT);
            if (p != null) {
                assertThat(p.type()).isEqualTo(CONNACK);
                assertThat(p.connackCode()).isEqualTo(0x84);
            }
            assertThat(raw.awaitClosed(WAIT)).isTrue();
        }
    }

    // ---- a server without optional features: it says so in CONNACK and enforces it ------------

    @Test
    void connack_announces_the_servers_limits_MQTT_3_2_2_9() throws Exception {
        try (RawMqtt raw = new RawMqtt(limited.host(), limited.port())) {
            RawMqtt.Packet connack = connectRaw(raw, RawPackets.connect(5, "lim-connack"));
            Map<Integer, List<Object>> p = connackProperties(connack);
            assertThat(p.get(0x24)).as("Maximum QoS").containsExactly(1);
            assertThat(p.get(0x25)).as("Retain Available").containsExactly(0);
            assertThat(p.get(0x28)).as("Wildcard Subscription Available").containsExactly(0);
            assertThat(p.get(0x29)).as("Subscription Identifiers Available").containsExactly(0);
            assertThat(p.get(0x2A)).as("Shared Subscription Available").containsExactly(0);
            assertThat(p.get(RECEIVE_MAXIMUM)).as("Receive Maximum").containsExactly(2);
            assertThat(p.get(0x13)).as("Server Keep Alive").containsExactly(30);
            assertThat(p.get(TOPIC_ALIAS_MAXIMUM)).as("Topic Alias Maximum absent or 0")
                    .isIn(null, List.of(0));
            disconnect(raw);
        }
    }

    @Test
    void will_qos_above_maximum_qos_gets_connack_0x9B_MQTT_3_2_2_12() throws Exception {
        try (RawMqtt raw = new RawMqtt(limited.host(), limited.port())) {
            RawMqtt.Packet connack = connectRaw(raw, RawPackets.connect(5, "lim-willqos")
                    .will("lim/w", utf8("x"), 2, false));
            assertThat(connack.connackCode()).isEqualTo(0x9B);
            assertThat(connack.body()[0]).as("[MQTT-3.2.2-6]").isZero();
            assertThat(raw.awaitClosed(WAIT)).as("[MQTT-3.2.2-7]").isTrue();
        }
    }

    @Test
    void will_retain_without_retain_available_gets_connack_0x9A_MQTT_3_2_2_13() throws Exception {
        try (RawMqtt raw = new RawMqtt(limited.host(), limited.port())) {
            RawMqtt.Packet connack = connectRaw(raw, RawPackets.connect(5, "lim-willret")
                    .will("lim/w", utf8("x"), 0, true));
            assertThat(connack.connackCode()).isEqualTo(0x9A);
            assertThat(raw.awaitClosed(WAIT)).isTrue();
        }
    }

    @Test
    void subscribe_at_qos_2_is_accepted_and_granted_the_maximum_qos_MQTT_3_2_2_10() throws Exception {
        try (RawMqtt c = connectLimited("lim-subqos")) {
            assertThat(subscribe(c, 1, null, "lim/t", 2)).containsExactly(1);
            disconnect(c);
        }
    }

    @Test
    void unavailable_wildcard_and_shared_subscriptions_get_0xA2_and_0x9E() throws Exception {
        try (RawMqtt c = connectLimited("lim-subs")) {
            assertThat(subscribe(c, 1, null, "lim/+", 0, "$share/g/lim/t", 0, "lim/#", 0))
                    .containsExactly(0xA2, 0x9E, 0xA2);
            disconnect(c);
        }
    }

    @Test
    void subscription_identifier_when_not_available_is_refused_with_0xA1() throws Exception {
        try (RawMqtt c = connectLimited("lim-subid")) {
            c.send(RawPackets.subscribe(5, 1, propVbi(new Bytes(), SUBSCRIPTION_ID, 1), "lim/t", 0));
            RawMqtt.Packet p = c.expect(WAIT);
            // 0xA1 is both a SUBACK and a DISCONNECT reason code: either refusal is allowed
            if (p.type() == SUBACK) {
                assertThat(ackCodes(p, 5)).containsExactly(0xA1);
                disconnect(c);
            } else {
                assertThat(p.type()).isEqualTo(DISCONNECT);
                assertThat(p.disconnectReason()).isEqualTo(0xA1);
                assertThat(c.awaitClosed(WAIT)).isTrue();
            }
        }
    }

    @Test
    void publish_above_maximum_qos_gets_disconnect_0x9B() throws Exception {
        try (RawMqtt c = connectLimited("lim-pubqos")) {
            c.send(RawPackets.publish(5, "lim/t", 2, false, 1, "x"));
            assertDisconnectThenClose(c, 0x9B);
        }
    }

    @Test
    void retained_publish_without_retain_available_gets_disconnect_0x9A() throws Exception {
        try (RawMqtt c = connectLimited("lim-pubret")) {
            c.send(RawPackets.publish(5, "lim/t", 0, true, 0, "x"));
            assertDisconnectThenClose(c, 0x9A);
        }
    }

    @Test
    void topic_alias_when_the_maximum_is_0_gets_disconnect_0x94_MQTT_3_2_2_18() throws Exception {
        try (RawMqtt c = connectLimited("lim-alias")) {
            c.send(RawPackets.publish(5, "lim/t", 0, false, false, 0, propU16(new Bytes(), TOPIC_ALIAS, 1), utf8("x")));
            assertDisconnectThenClose(c, 0x94);
        }
    }

    @Test
    void more_unacknowledged_qos_2_publishes_than_receive_maximum_gets_disconnect_0x93() throws Exception {
        // QoS 1 is acknowledged at once; QoS 2 uses up the quota until PUBCOMP, so PUBREL is held back
        try (TestBroker small = TestBroker.start("mqtt.receive_maximum = 2\n");
             RawMqtt c = new RawMqtt(small.host(), small.port())) {
            assertThat(connectRaw(c, RawPackets.connect(5, "rm-exceeded")).connackCode()).isZero();
            for (int pid = 1; pid <= 2; pid++) {
                c.send(RawPackets.publish(5, "rm/t", 2, false, pid, "x"));
                assertThat(c.expectType(PUBREC, WAIT)).isNotNull();
            }
            c.send(RawPackets.publish(5, "rm/t", 2, false, 3, "x"));
            assertDisconnectThenClose(c, 0x93);
        }
    }

    // ---- timing: session expiry and will delay against the real clock (short intervals) --------

    @Test
    void session_ends_when_its_expiry_interval_has_passed_MQTT_4_1_0_2() throws Exception {
        ConnectBuilder oneSecond = RawPackets.connect(5, "v5-expires").clean(false)
                .properties(propU32(new Bytes(), SESSION_EXPIRY, 1));
        disconnect(connect(oneSecond, false));
        Thread.sleep(2100); // the server's own wall-clock expiry is what is tested
        disconnect(connect(RawPackets.connect(5, "v5-expires").clean(false), false));
    }

    @Test
    void will_is_published_after_its_delay_not_at_once_MQTT_3_1_2_8() throws Exception {
        try (RawMqtt sub = connect("v5-willlate-sub")) {
            subscribe(sub, 1, null, "v5willlate/t", 0);
            RawMqtt dying = connect(persistent("v5-willlate").will("v5willlate/t", utf8("late"), 0, false)
                    .willProperties(propU32(new Bytes(), 0x18, 1)), false);
            long closedAt = System.nanoTime();
            dying.close();
            Pub will = receive(sub);
            long afterMs = (System.nanoTime() - closedAt) / 1_000_000;
            assertThat(will.text()).isEqualTo("late");
            assertThat(afterMs).as("after the 1 s will delay").isGreaterThanOrEqualTo(900);
            disconnect(sub);
        }
        connect("v5-willlate").close();
    }

    // ---- enhanced authentication -----------------------------------------------------------------

    @Test
    void unsupported_authentication_method_gets_connack_0x8C_MQTT_4_12_0_1() throws Exception {
        try (RawMqtt raw = new RawMqtt(broker)) {
            RawMqtt.Packet connack = connectRaw(raw, RawPackets.connect(5, "v5-authm")
                    .properties(propString(new Bytes(), 0x15, "NO-SUCH-METHOD")));
            assertThat(connack.connackCode()).isIn(0x8C, 0x87);
            assertThat(raw.awaitClosed(WAIT)).isTrue();
        }
    }

    @Test
    void auth_packet_without_authentication_method_in_connect_is_a_protocol_error_MQTT_4_12_0_7() throws Exception {
        assertRejected("v5-auth-none", RawMqtt.packet(0xF0, new Bytes().u8(0x19).vbi(0)), 0x82);
    }

    @Test
    void negative_puback_counts_as_acknowledged_and_is_not_resent_MQTT_4_4_0_2() throws Exception {
        RawMqtt sub = connect(persistent("v5-negack"), false);
        subscribe(sub, 1, null, "v5negack/t", 1);
        try (RawMqtt pub = connect("v5-negack-pub")) {
            publish(pub, "v5negack/t", 1, false, 1, "refused");
            disconnect(pub);
        }
        Pub p = parsePublish(sub.expect(WAIT), 5);
        sub.send(ack(PUBACK, p.packetId(), 0x80));
        sub.send(pingreq());
        assertThat(sub.expect(WAIT).type()).isEqualTo(PINGRESP);
        sub.close();
        try (RawMqtt back = connect(persistent("v5-negack"), true)) {
            assertNothingArrives(back);
            disconnect(back);
        }
        connect("v5-negack").close();
    }

    @Test
    void qos_0_publish_with_dup_is_malformed_MQTT_3_3_1_2() throws Exception {
        byte[] p = RawPackets.publish(5, "v5bad/t", 0, false, 0, "x");
        p[0] |= 0x08;
        assertRejected("v5-dup0", p, 0x81);
    }

    @Test
    void sent_qos_2_shared_message_is_not_given_to_another_member_when_the_session_ends_MQTT_4_8_2_5()
            throws Exception {
        try (RawMqtt a = connect("v5-share2-a"); RawMqtt b = connect("v5-share2-b");
             RawMqtt pub = connect("v5-share2-p")) {
            subscribe(a, 1, null, "$share/g2/v5share2/t", 2);
            subscribe(b, 1, null, "$share/g2/v5share2/t", 2);
            publish(pub, "v5share2/t", 2, false, 1, "once");
            RawMqtt.Packet pa = readQuietly(a, QUIET);
            RawMqtt.Packet pb = pa == null ? b.expect(WAIT) : null;
            RawMqtt chosen = pa != null ? a : b;
            RawMqtt other = pa != null ? b : a;
            assertThat(parsePublish(pa != null ? pa : pb, 5).text()).isEqualTo("once");
            chosen.close(); // no PUBREC; session expiry 0: the session ends now
            assertNothingArrives(other);
            disconnect(other);
            disconnect(pub);
        }
    }
}
