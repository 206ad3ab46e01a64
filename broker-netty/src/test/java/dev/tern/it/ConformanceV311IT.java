package dev.tern.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.tern.it.RawPackets.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * MQTT 3.1.1 conformance over raw sockets, modelled on the Eclipse Paho interoperability suite
 * ({@code client_test.py}): every byte sent is built in {@link RawPackets}, every answer is read
 * back field by field. Ids are MQTT 3.1.1 statement ids. Each test uses its own topics and client ids.
 */
class ConformanceV311IT {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration QUIET = Duration.ofMillis(500);
    static TestBroker broker;

    @BeforeAll
    static void start() {
        broker = TestBroker.start("");
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static RawMqtt connect(String clientId, boolean clean, boolean expectSessionPresent) throws IOException {
        RawMqtt raw = new RawMqtt(broker);
        raw.send(RawPackets.connect(4, clientId).clean(clean).build());
        RawMqtt.Packet connack = raw.expect(WAIT);
        assertThat(connack.type()).isEqualTo(CONNACK);
        assertThat(connack.body()).containsExactly(expectSessionPresent ? 1 : 0, 0);
        return raw;
    }

    private static RawMqtt connect(String clientId) throws IOException {
        return connect(clientId, true, false);
    }

    private static int[] subscribe(RawMqtt raw, int pid, Object... filtersAndQos) throws IOException {
        raw.send(RawPackets.subscribe(4, pid, null, filtersAndQos));
        RawMqtt.Packet suback = raw.expectType(SUBACK, WAIT);
        assertThat(suback.type()).isEqualTo(SUBACK);
        assertThat(packetId(suback)).isEqualTo(pid);
        return ackCodes(suback, 4);
    }

    /** Publishes and completes the QoS 1/2 handshake as the sender. */
    private static void publish(RawMqtt raw, String topic, int qos, boolean retain, int pid, String payload)
            throws IOException {
        raw.send(RawPackets.publish(4, topic, qos, retain, pid, payload));
        if (qos == 1) {
            RawMqtt.Packet ack = raw.expectType(PUBACK, WAIT);
            assertThat(ack.header()).isEqualTo(0x40);
            assertThat(packetId(ack)).isEqualTo(pid);
        } else if (qos == 2) {
            RawMqtt.Packet rec = raw.expectType(PUBREC, WAIT);
            assertThat(rec.header()).isEqualTo(0x50);
            assertThat(packetId(rec)).isEqualTo(pid);
            raw.send(ack(PUBREL, pid));
            RawMqtt.Packet comp = raw.expectType(PUBCOMP, WAIT);
            assertThat(comp.header()).isEqualTo(0x70);
            assertThat(packetId(comp)).isEqualTo(pid);
        }
    }

    /** Receives one PUBLISH and acknowledges it as a receiver (QoS 2: PUBREC, then PUBREL -> PUBCOMP). */
    private static Pub receive(RawMqtt raw) throws IOException {
        Pub pub = parsePublish(raw.expect(WAIT), 4);
        if (pub.qos() == 1) {
            raw.send(ack(PUBACK, pub.packetId()));
        } else if (pub.qos() == 2) {
            raw.send(ack(PUBREC, pub.packetId()));
            RawMqtt.Packet rel = raw.expectType(PUBREL, WAIT);
            assertThat(rel.header()).as("PUBREL with flags 0010 [MQTT-3.6.1-1]").isEqualTo(0x62);
            assertThat(packetId(rel)).isEqualTo(pub.packetId());
            raw.send(ack(PUBCOMP, pub.packetId()));
        }
        return pub;
    }

    private static void assertNothingArrives(RawMqtt raw) throws IOException {
        try {
            RawMqtt.Packet p = raw.read(QUIET);
            assertThat(p).as("no packet expected, connection still open").isNull();
        } catch (java.net.SocketTimeoutException expected) {
            // quiet, as it should be
        }
    }

    private static void disconnect(RawMqtt raw) throws IOException {
        raw.send(RawPackets.disconnect());
        assertThat(raw.awaitClosed(WAIT)).isTrue();
        raw.close();
    }

    @Test
    void basic_publish_and_receive_at_each_qos_MQTT_3_3_1_9() throws Exception {
        try (RawMqtt c = connect("v3-basic")) {
            assertThat(subscribe(c, 1, "v3basic/t", 2)).containsExactly(2);
            for (int qos = 0; qos <= 2; qos++) {
                publish(c, "v3basic/t", qos, false, 10 + qos, "qos" + qos);
                Pub got = receive(c);
                assertThat(got.topic()).isEqualTo("v3basic/t");
                assertThat(got.qos()).isEqualTo(qos);
                assertThat(got.retain()).as("not retained on a live forward [MQTT-3.3.1-9]").isFalse();
                assertThat(got.text()).isEqualTo("qos" + qos);
            }
            disconnect(c);
        }
    }

    @Test
    void retained_messages_are_sent_on_subscribe_and_cleared_by_empty_payload_MQTT_3_3_1_6_MQTT_3_3_1_8_MQTT_3_3_1_10()
            throws Exception {
        try (RawMqtt pub = connect("v3-retain-pub")) {
            publish(pub, "v3ret/a", 0, true, 0, "qos 0");
            publish(pub, "v3ret/b", 1, true, 1, "qos 1");
            publish(pub, "v3ret/c", 2, true, 2, "qos 2");
            try (RawMqtt sub = connect("v3-retain-sub")) {
                assertThat(subscribe(sub, 1, "v3ret/+", 2)).containsExactly(2);
                List<String> got = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    Pub p = receive(sub);
                    assertThat(p.retain()).as("retained flag on a retained message sent on subscribe [MQTT-3.3.1-8]")
                            .isTrue();
                    got.add(p.topic() + "=" + p.text() + "@" + p.qos());
                }
                assertThat(got).containsExactlyInAnyOrder("v3ret/a=qos 0@0", "v3ret/b=qos 1@1", "v3ret/c=qos 2@2");
                disconnect(sub);
            }
            // clear all three: zero-length retained payloads [MQTT-3.3.1-10]
            publish(pub, "v3ret/a", 0, true, 0, "");
            publish(pub, "v3ret/b", 1, true, 3, "");
            publish(pub, "v3ret/c", 2, true, 4, "");
            try (RawMqtt sub = connect("v3-retain-sub")) {
                assertThat(subscribe(sub, 1, "v3ret/+", 2)).containsExactly(2);
                assertNothingArrives(sub);
                disconnect(sub);
            }
            disconnect(pub);
        }
    }

    @Test
    void zero_length_client_id_with_clean_session_is_accepted_MQTT_3_1_3_6() throws Exception {
        try (RawMqtt raw = connect("", true, false)) {
            disconnect(raw);
        }
    }

    @Test
    void zero_length_client_id_without_clean_session_gets_return_code_2_and_close_MQTT_3_1_3_8() throws Exception {
        try (RawMqtt raw = new RawMqtt(broker)) {
            raw.send(RawPackets.connect(4, "").clean(false).build());
            RawMqtt.Packet connack = raw.expect(WAIT);
            assertThat(connack.type()).isEqualTo(CONNACK);
            assertThat(connack.body()).as("identifier rejected, no session").containsExactly(0, 2);
            assertThat(raw.awaitClosed(WAIT)).isTrue();
        }
    }

    @Test
    void will_is_published_on_abnormal_close_MQTT_3_1_2_8() throws Exception {
        try (RawMqtt sub = connect("v3-will-sub")) {
            subscribe(sub, 1, "v3will/t", 2);
            RawMqtt dying = new RawMqtt(broker);
            dying.send(RawPackets.connect(4, "v3-will-dying").will("v3will/t", utf8("gone"), 1, false).build());
            assertThat(dying.expect(WAIT).body()).containsExactly(0, 0);
            dying.close(); // no DISCONNECT
            Pub will = receive(sub);
            assertThat(will.topic()).isEqualTo("v3will/t");
            assertThat(will.text()).isEqualTo("gone");
            assertThat(will.qos()).isEqualTo(1);
            disconnect(sub);
        }
    }

    @Test
    void will_is_not_published_on_normal_disconnect_MQTT_3_1_2_10() throws Exception {
        try (RawMqtt sub = connect("v3-nowill-sub")) {
            subscribe(sub, 1, "v3nowill/t", 2);
            RawMqtt leaving = new RawMqtt(broker);
            leaving.send(RawPackets.connect(4, "v3-nowill").will("v3nowill/t", utf8("gone"), 1, false).build());
            assertThat(leaving.expect(WAIT).body()).containsExactly(0, 0);
            disconnect(leaving);
            assertNothingArrives(sub);
            disconnect(sub);
        }
    }

    @Test
    void will_retain_flag_makes_the_will_retained_MQTT_3_1_2_17() throws Exception {
        RawMqtt dying = new RawMqtt(broker);
        dying.send(RawPackets.connect(4, "v3-will-retain").will("v3willret/t", utf8("kept"), 0, true).build());
        assertThat(dying.expect(WAIT).body()).containsExactly(0, 0);
        dying.close();
        try (RawMqtt sub = connect("v3-willret-sub")) {
            // the will is published asynchronously after the close: poll with fresh subscriptions
            Pub got = null;
            for (int attempt = 0; attempt < 50 && got == null; attempt++) {
                subscribe(sub, 1 + attempt, "v3willret/t", 0);
                RawMqtt.Packet p;
                try {
                    p = sub.read(Duration.ofMillis(200));
                } catch (java.net.SocketTimeoutException e) {
                    p = null;
                }
                if (p != null) {
                    got = parsePublish(p, 4);
                }
            }
            assertThat(got).isNotNull();
            assertThat(got.retain()).isTrue();
            assertThat(got.text()).isEqualTo("kept");
            publish(sub, "v3willret/t", 0, true, 0, ""); // clean up
            disconnect(sub);
        }
    }

    @Test
    void offline_messages_are_queued_for_a_persistent_session_MQTT_3_1_2_4_MQTT_3_1_2_5() throws Exception {
        RawMqtt sub = connect("v3-offline", false, false);
        subscribe(sub, 1, "v3off/+", 2);
        disconnect(sub);
        try (RawMqtt pub = connect("v3-offline-pub")) {
            publish(pub, "v3off/q0", 0, false, 0, "m0");
            publish(pub, "v3off/q1", 1, false, 1, "m1");
            publish(pub, "v3off/q2", 2, false, 2, "m2");
            disconnect(pub);
        }
        try (RawMqtt back = connect("v3-offline", false, true)) {
            List<String> got = new ArrayList<>();
            got.add(receive(back).text());
            got.add(receive(back).text());
            // QoS 0 may be queued too [MQTT-3.1.2-5 "optionally QoS 0"]
            try {
                RawMqtt.Packet p = back.read(QUIET);
                if (p != null) {
                    got.add(parsePublish(p, 4).text());
                }
            } catch (java.net.SocketTimeoutException ignored) {
                // QoS 0 not queued: allowed
            }
            assertThat(got).contains("m1", "m2");
            disconnect(back);
        }
        connect("v3-offline", true, false).close(); // discard the session
    }

    @Test
    void overlapping_subscriptions_deliver_at_the_highest_qos_or_once_per_subscription_MQTT_3_3_5_1() throws Exception {
        try (RawMqtt c = connect("v3-overlap")) {
            assertThat(subscribe(c, 1, "v3ov/#", 2, "v3ov/+", 1)).containsExactly(2, 1);
            publish(c, "v3ov/t", 2, false, 5, "overlap");
            Pub first = receive(c);
            List<Integer> qos = new ArrayList<>(List.of(first.qos()));
            try {
                RawMqtt.Packet p = c.read(QUIET);
                if (p != null) {
                    qos.add(parsePublish(p, 4).qos());
                }
            } catch (java.net.SocketTimeoutException ignored) {
                // one copy
            }
            // either one copy at QoS 2 or one per subscription (QoS 2 and QoS 1)
            assertThat(qos).as("one copy at QoS 2, or QoS 2 and QoS 1")
                    .isIn(List.of(2), List.of(2, 1), List.of(1, 2));
        }
    }

    @Test
    void unacknowledged_messages_are_resent_with_dup_after_reconnect_MQTT_4_4_0_1_MQTT_3_3_1_1() throws Exception {
        RawMqtt sub = connect("v3-redeliver", false, false);
        subscribe(sub, 1, "v3redo/#", 2);
        try (RawMqtt pub = connect("v3-redeliver-pub")) {
            publish(pub, "v3redo/q1", 1, false, 1, "r1");
            publish(pub, "v3redo/q2", 2, false, 2, "r2");
            disconnect(pub);
        }
        Pub q1 = parsePublish(sub.expect(WAIT), 4);
        Pub q2 = parsePublish(sub.expect(WAIT), 4);
        assertThat(q1.dup()).isFalse();
        sub.close(); // no acks, no DISCONNECT
        try (RawMqtt back = connect("v3-redeliver", false, true)) {
            Pub r1 = parsePublish(back.expect(WAIT), 4);
            Pub r2 = parsePublish(back.expect(WAIT), 4);
            assertThat(List.of(r1.text(), r2.text())).containsExactly("r1", "r2");
            assertThat(r1.dup()).isTrue();
            assertThat(r2.dup()).isTrue();
            assertThat(r1.packetId()).isEqualTo(q1.packetId());
            assertThat(r2.packetId()).isEqualTo(q2.packetId());
            back.send(ack(PUBACK, r1.packetId()));
            back.send(ack(PUBREC, r2.packetId()));
            RawMqtt.Packet rel = back.expect(WAIT);
            assertThat(rel.header()).isEqualTo(0x62);
            back.send(ack(PUBCOMP, r2.packetId()));
            disconnect(back);
        }
        connect("v3-redeliver", true, false).close();
    }

    @Test
    void pubrel_is_resent_after_reconnect_when_pubcomp_is_missing_MQTT_4_4_0_1() throws Exception {
        RawMqtt sub = connect("v3-rel-redo", false, false);
        subscribe(sub, 1, "v3relredo/t", 2);
        try (RawMqtt pub = connect("v3-rel-redo-pub")) {
            publish(pub, "v3relredo/t", 2, false, 1, "x");
            disconnect(pub);
        }
        Pub p = parsePublish(sub.expect(WAIT), 4);
        sub.send(ack(PUBREC, p.packetId()));
        assertThat(sub.expect(WAIT).header()).isEqualTo(0x62);
        sub.close(); // PUBCOMP never sent
        try (RawMqtt back = connect("v3-rel-redo", false, true)) {
            RawMqtt.Packet rel = back.expect(WAIT);
            assertThat(rel.header()).as("PUBREL resent").isEqualTo(0x62);
            assertThat(packetId(rel)).isEqualTo(p.packetId());
            back.send(ack(PUBCOMP, p.packetId()));
            assertNothingArrives(back);
            disconnect(back);
        }
        connect("v3-rel-redo", true, false).close();
    }

    @Test
    void session_present_reflects_stored_session_MQTT_3_2_2_1_MQTT_3_2_2_2() throws Exception {
        connect("v3-present", true, false).close();
        RawMqtt first = connect("v3-present", false, false);
        disconnect(first);
        RawMqtt second = connect("v3-present", false, true);
        disconnect(second);
        RawMqtt clean = connect("v3-present", true, false);
        disconnect(clean);
    }

    @Test
    void hash_and_plus_do_not_match_dollar_topics_MQTT_4_7_2_1() throws Exception {
        try (RawMqtt c = connect("v3-dollar")) {
            subscribe(c, 1, "#", 0, "+/v3dollar", 0);
            publish(c, "$v3dollar/x", 0, false, 0, "hidden");
            publish(c, "$v3dollar", 0, false, 0, "hidden");
            // now unsubscribe from # so that other tests' traffic does not disturb the check below
            c.send(RawPackets.unsubscribe(4, 2, "#", "+/v3dollar"));
            // everything seen until UNSUBACK must not be a $ topic
            while (true) {
                RawMqtt.Packet p = c.expect(WAIT);
                if (p.type() == UNSUBACK) {
                    break;
                }
                Pub got = parsePublish(p, 4);
                assertThat(got.topic()).doesNotStartWith("$");
            }
            // and an explicit $ filter does match
            subscribe(c, 3, "$v3dollar/+", 0);
            publish(c, "$v3dollar/x", 0, false, 0, "seen");
            assertThat(parsePublish(c.expect(WAIT), 4).topic()).isEqualTo("$v3dollar/x");
            disconnect(c);
        }
    }

    @Test
    void wildcards_match_multi_and_single_levels() throws Exception {
        try (RawMqtt c = connect("v3-wild")) {
            subscribe(c, 1, "v3w/+/b", 0, "v3w/a/#", 0, "v3w/+", 0);
            publish(c, "v3w/a/b", 0, false, 0, "1");   // +/b and a/#: delivered (once or twice)
            publish(c, "v3w/a", 0, false, 0, "2");     // a/# (parent level) and +
            publish(c, "v3w/x/y", 0, false, 0, "no");  // nothing
            publish(c, "v3w/a/b/c", 0, false, 0, "3"); // a/#
            c.send(RawPackets.unsubscribe(4, 2, "v3w/+/b", "v3w/a/#", "v3w/+"));
            List<String> got = new ArrayList<>();
            while (true) {
                RawMqtt.Packet p = c.expect(WAIT);
                if (p.type() == UNSUBACK) {
                    break;
                }
                got.add(parsePublish(p, 4).text());
            }
            assertThat(got).doesNotContain("no").contains("1", "2", "3");
            disconnect(c);
        }
    }

    @Test
    void invalid_subscription_filter_gets_return_code_0x80_MQTT_3_8_4_5() throws Exception {
        try (RawMqtt c = connect("v3-subfail")) {
            // "a/#/b": # not last; "a+": + not alone in its level [MQTT-4.7.1-2, 4.7.1-3]
            int[] codes = subscribe(c, 1, "v3sf/#/b", 0, "v3sf/ok", 1, "v3sf/a+", 2);
            assertThat(codes).containsExactly(0x80, 1, 0x80);
            disconnect(c);
        }
    }

    @Test
    void unsubscribe_stops_delivery_and_is_acknowledged_MQTT_3_10_4_4_MQTT_3_10_4_5() throws Exception {
        try (RawMqtt c = connect("v3-unsub")) {
            subscribe(c, 1, "v3unsub/t", 1);
            c.send(RawPackets.unsubscribe(4, 7, "v3unsub/t", "v3unsub/never-subscribed"));
            RawMqtt.Packet unsuback = c.expect(WAIT);
            assertThat(unsuback.header()).isEqualTo(0xB0);
            assertThat(unsuback.body()).as("3.1.1 UNSUBACK: packet id only").containsExactly(0, 7);
            publish(c, "v3unsub/t", 1, false, 2, "after");
            assertNothingArrives(c);
            disconnect(c);
        }
    }

    @Test
    void pingreq_gets_pingresp_MQTT_3_12_4_1() throws Exception {
        try (RawMqtt c = connect("v3-ping")) {
            c.send(pingreq());
            assertThat(c.expect(WAIT).header()).isEqualTo(0xD0);
            disconnect(c);
        }
    }

    @Test
    void keepalive_timeout_closes_and_publishes_the_will_MQTT_3_1_2_24() throws Exception {
        try (RawMqtt sub = connect("v3-ka-sub")) {
            subscribe(sub, 1, "v3ka/will", 0);
            RawMqtt silent = new RawMqtt(broker);
            silent.send(RawPackets.connect(4, "v3-ka").keepAlive(1).will("v3ka/will", utf8("ka"), 0, false).build());
            assertThat(silent.expect(WAIT).body()).containsExactly(0, 0);
            assertThat(silent.awaitClosed(WAIT)).isTrue();
            silent.close();
            assertThat(receive(sub).text()).isEqualTo("ka");
            disconnect(sub);
        }
    }

    @Test
    void second_connection_with_same_client_id_takes_over_MQTT_3_1_4_2() throws Exception {
        RawMqtt first = connect("v3-takeover");
        RawMqtt second = connect("v3-takeover");
        assertThat(first.awaitClosed(WAIT)).as("first connection closed").isTrue();
        first.close();
        disconnect(second);
    }

    // ---- server MUSTs on malformed input: close without an answer -------------------------------

    private static void assertClosedWithoutAnswer(String clientId, byte[] bad) throws IOException {
        try (RawMqtt c = connect(clientId)) {
            c.send(bad);
            assertThat(c.read(WAIT)).as("closed without an answer").isNull();
        }
    }

    @Test
    void subscribe_with_wrong_reserved_flags_closes_MQTT_3_8_1_1() throws Exception {
        byte[] sub = RawPackets.subscribe(4, 1, null, "v3bad/t", 0);
        sub[0] = (byte) 0x80;
        assertClosedWithoutAnswer("v3-bad-subflags", sub);
    }

    @Test
    void unsubscribe_with_wrong_reserved_flags_closes_MQTT_3_10_1_1() throws Exception {
        byte[] unsub = RawPackets.unsubscribe(4, 1, "v3bad/t");
        unsub[0] = (byte) 0xA0;
        assertClosedWithoutAnswer("v3-bad-unsubflags", unsub);
    }

    @Test
    void pubrel_with_wrong_reserved_flags_closes_MQTT_3_6_1_1() throws Exception {
        byte[] rel = ack(PUBREL, 1);
        rel[0] = (byte) 0x60;
        assertClosedWithoutAnswer("v3-bad-relflags", rel);
    }

    @Test
    void subscribe_without_filters_closes_MQTT_3_8_3_3() throws Exception {
        assertClosedWithoutAnswer("v3-sub-empty", RawPackets.subscribe(4, 1, null));
    }

    @Test
    void unsubscribe_without_filters_closes_MQTT_3_10_3_2() throws Exception {
        assertClosedWithoutAnswer("v3-unsub-empty", RawPackets.unsubscribe(4, 1));
    }

    @Test
    void subscribe_with_reserved_option_bits_closes_MQTT_3_8_3_4() throws Exception {
        assertClosedWithoutAnswer("v3-sub-reserved", RawPackets.subscribe(4, 1, null, "v3bad/t", 0x04));
    }

    @Test
    void subscribe_with_qos_3_closes_MQTT_3_8_3_4() throws Exception {
        assertClosedWithoutAnswer("v3-sub-qos3", RawPackets.subscribe(4, 1, null, "v3bad/t", 3));
    }

    @Test
    void publish_with_qos_3_closes_MQTT_3_3_1_4() throws Exception {
        byte[] p = RawPackets.publish(4, "v3bad/t", 1, false, 1, "x");
        p[0] = (byte) 0x36;
        assertClosedWithoutAnswer("v3-pub-qos3", p);
    }

    @Test
    void publish_topic_with_wildcard_closes_MQTT_3_3_2_2() throws Exception {
        assertClosedWithoutAnswer("v3-pub-wild", RawPackets.publish(4, "v3bad/+", 0, false, 0, "x"));
    }

    @Test
    void publish_with_empty_topic_closes_MQTT_4_7_3_1() throws Exception {
        assertClosedWithoutAnswer("v3-pub-empty", RawPackets.publish(4, "", 0, false, 0, "x"));
    }

    @Test
    void publish_with_packet_id_0_closes_MQTT_2_3_1_1() throws Exception {
        assertClosedWithoutAnswer("v3-pub-pid0", RawPackets.publish(4, "v3bad/t", 1, false, 0, "x"));
    }

    @Test
    void subscribe_with_packet_id_0_closes_MQTT_2_3_1_1() throws Exception {
        assertClosedWithoutAnswer("v3-sub-pid0", RawPackets.subscribe(4, 0, null, "v3bad/t", 0));
    }

    @Test
    void client_sending_connack_is_closed_MQTT_4_8_0_1() throws Exception {
        assertClosedWithoutAnswer("v3-connack", new byte[] {0x20, 0x02, 0x00, 0x00});
    }

    @Test
    void client_sending_suback_is_closed_MQTT_4_8_0_1() throws Exception {
        assertClosedWithoutAnswer("v3-suback", new byte[] {(byte) 0x90, 0x03, 0x00, 0x01, 0x00});
    }

    @Test
    void connect_with_will_qos_3_closes_MQTT_3_1_2_14() throws Exception {
        try (RawMqtt c = new RawMqtt(broker)) {
            c.send(RawPackets.connect(4, "v3-willqos3").will("v3bad/w", utf8("x"), 3, false).build());
            assertThat(c.read(WAIT)).isNull();
        }
    }

    @Test
    void connect_with_will_qos_but_no_will_flag_closes_MQTT_3_1_2_13() throws Exception {
        byte[] connect = RawPackets.connect(4, "v3-willqos-noflag").build();
        connect[9] |= 0x08; // will QoS 1 without the will flag
        try (RawMqtt c = new RawMqtt(broker)) {
            c.send(connect);
            assertThat(c.read(WAIT)).isNull();
        }
    }

    @Test
    void connect_with_password_but_no_username_closes_MQTT_3_1_2_22() throws Exception {
        ConnectBuilder b = RawPackets.connect(4, "v3-pw-no-user");
        b.password = utf8("secret");
        try (RawMqtt c = new RawMqtt(broker)) {
            c.send(b.build());
            assertThat(c.read(WAIT)).isNull();
        }
    }

    @Test
    void wrong_protocol_name_closes_MQTT_3_1_2_1() throws Exception {
        byte[] connect = RawPackets.connect(4, "v3-name").build();
        connect[4] = 'X'; // "MQTT" -> "XQTT"
        try (RawMqtt c = new RawMqtt(broker)) {
            c.send(connect);
            // the Server may disconnect, or process it under another specification (not this one)
            assertThat(c.awaitClosed(WAIT)).isTrue();
        }
    }
}
