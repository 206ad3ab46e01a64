package dev.tern.engine;

import dev.tern.packet.Connack;
import dev.tern.packet.MqttVersion;
import dev.tern.packet.Pingresp;
import dev.tern.packet.Puback;
import dev.tern.packet.Pubcomp;
import dev.tern.packet.Publish;
import dev.tern.packet.PublishProperties;
import dev.tern.packet.Pubrec;
import dev.tern.packet.Pubrel;
import dev.tern.packet.Qos;
import dev.tern.packet.ReasonCode;
import dev.tern.packet.SubscriptionOptions;
import dev.tern.packet.TopicSubscription;
import dev.tern.packet.UserProperty;
import dev.tern.packet.Will;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static dev.tern.engine.EngineHarness.bytes;
import static dev.tern.engine.EngineHarness.v5Connect;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Single MQTT 5.0 normative statements that no feature-oriented test class covered: packet
 * identifiers, ordering, topic matching without normalisation, retain 0, aliases per connection,
 * and what the server does (or does not do) after it sent DISCONNECT.
 */
class ProtocolRulesTest {
    private final EngineHarness h = new EngineHarness();
    private final TestClient sub = h.v5("sub");
    private final TestClient pub = h.v5("pub");

    @Test
    void publish_with_retain_0_neither_stores_nor_replaces_the_retained_message_MQTT_3_3_1_8() {
        pub.publish("r", Qos.AT_MOST_ONCE, true, "kept", PublishProperties.NONE);
        pub.publish("r", Qos.AT_MOST_ONCE, false, "not retained", PublishProperties.NONE);
        pub.publish("s", Qos.AT_MOST_ONCE, false, "never retained", PublishProperties.NONE);
        TestClient late = h.v5("late");
        late.subscribe("r", Qos.AT_MOST_ONCE);
        assertThat(late.expectPublish("r", "kept").retain()).isTrue();
        late.subscribe("s", Qos.AT_MOST_ONCE);
        late.expectNothing();
    }

    @Test
    void topic_aliases_are_not_carried_over_to_a_new_connection_MQTT_3_3_2_7() {
        sub.subscribe("long/topic", Qos.AT_MOST_ONCE);
        TestClient p = h.connected(v5Connect("p", false, 60));
        p.publish("long/topic", Qos.AT_MOST_ONCE, false, "1", PublishProperties.NONE.withTopicAlias(3));
        sub.expectPublish("long/topic", "1");
        p.dropConnection();
        TestClient back = h.connected(v5Connect("p", false, 60));
        back.publish("", Qos.AT_MOST_ONCE, false, "2", PublishProperties.NONE.withTopicAlias(3));
        back.expectDisconnect(ReasonCode.PROTOCOL_ERROR);
        sub.expectNothing();
    }

    @Test
    void topics_are_compared_without_unicode_normalisation_MQTT_4_7_3_4() {
        sub.subscribe("caf\u00e9", Qos.AT_MOST_ONCE);   // precomposed e-acute
        pub.publish("cafe\u0301", Qos.AT_MOST_ONCE, "decomposed"); // e + combining acute: looks the same
        pub.publish("caf\u00e9", Qos.AT_MOST_ONCE, "precomposed");
        sub.expectPublish("caf\u00e9", "precomposed");
        sub.expectNothing();
    }

    @Test
    void unacknowledged_messages_to_a_client_each_get_an_unused_packet_id_MQTT_2_2_1_4_MQTT_4_3_2_1_MQTT_4_3_3_1() {
        sub.subscribe("t", Qos.EXACTLY_ONCE);
        for (int i = 0; i < 6; i++) {
            pub.publish("t", i % 2 == 0 ? Qos.AT_LEAST_ONCE : Qos.EXACTLY_ONCE, "m" + i);
        }
        Set<Integer> ids = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            Publish p = sub.expectPublish("t", "m" + i);
            assertThat(p.packetId()).isNotZero();
            assertThat(ids.add(p.packetId())).as("packet id %d already in use", p.packetId()).isTrue();
        }
        assertThat(h.session("sub").inflightCount()).isEqualTo(6);
    }

    @Test
    void after_puback_the_same_packet_id_is_a_new_message_MQTT_4_3_2_5() {
        sub.subscribe("t", Qos.AT_LEAST_ONCE);
        pub.packet(new Publish("t", Qos.AT_LEAST_ONCE, false, false, 9, PublishProperties.NONE, bytes("one")));
        assertThat(pub.expect(Puback.class).packetId()).isEqualTo(9);
        pub.packet(new Publish("t", Qos.AT_LEAST_ONCE, false, false, 9, PublishProperties.NONE, bytes("two")));
        assertThat(pub.expect(Puback.class).packetId()).isEqualTo(9);
        sub.expectPublish("t", "one");
        sub.expectPublish("t", "two");
    }

    @Test
    void once_pubrel_is_sent_the_publish_is_not_resent_but_the_pubrel_is_until_pubcomp_MQTT_4_3_3_5_MQTT_4_3_3_6() {
        TestClient s = h.connected(v5Connect("s", false, 60));
        s.subscribe("t", Qos.EXACTLY_ONCE);
        pub.publish("t", Qos.EXACTLY_ONCE, "m");
        Publish p = s.expectPublish("t", "m");
        s.pubrec(p.packetId());
        assertThat(s.expect(Pubrel.class).packetId()).isEqualTo(p.packetId());
        s.dropConnection();
        TestClient back = h.connect(v5Connect("s", false, 60));
        assertThat(back.expectConnack().sessionPresent()).isTrue();
        assertThat(back.expect(Pubrel.class).packetId()).isEqualTo(p.packetId());
        back.expectNothing();
        back.pubcomp(p.packetId());
        assertThat(h.session("s").inflightCount()).isZero();
    }

    @Test
    void a_full_send_window_does_not_hold_back_other_packets_MQTT_3_3_4_10() {
        TestClient s = h.connected(v5Connect("s", true, 0).withReceiveMaximum(1));
        s.subscribe("t", Qos.AT_LEAST_ONCE);
        pub.publish("t", Qos.AT_LEAST_ONCE, "1");
        pub.publish("t", Qos.AT_LEAST_ONCE, "2");
        s.expectPublish("t", "1");
        s.expectNothing(); // window of 1 is full
        s.ping();
        s.expect(Pingresp.class);
        s.subscribe("u", Qos.AT_MOST_ONCE); // SUBACK comes at once (checked by subscribe)
        pub.publish("u", Qos.AT_MOST_ONCE, "qos0");
        s.expectPublish("u", "qos0");
    }

    @Test
    void messages_from_one_client_reach_a_subscriber_in_the_order_sent_MQTT_4_6_0_5_MQTT_4_6_0_6() {
        sub.subscribe("t", Qos.AT_LEAST_ONCE);
        for (int i = 0; i < 30; i++) {
            pub.publish("t", Qos.AT_LEAST_ONCE, "m" + i);
        }
        for (int i = 0; i < 30; i++) {
            Publish p = sub.expectPublish("t", "m" + i);
            sub.puback(p.packetId());
        }
        sub.expectNothing();
    }

    @Test
    void after_its_disconnect_the_server_sends_nothing_more_and_closes_MQTT_3_14_4_1_MQTT_3_14_4_2() {
        sub.subscribe("t", Qos.AT_MOST_ONCE);
        sub.publish("", Qos.AT_MOST_ONCE, false, "x", PublishProperties.NONE.withTopicAlias(5));
        sub.expectDisconnect(ReasonCode.PROTOCOL_ERROR);
        assertThat(sub.closed).isTrue();
        pub.publish("t", Qos.AT_MOST_ONCE, "after");
        h.advanceMillis(60_000);
        sub.expectNothing();
        assertThat(sub.sentAfterClose).isZero();
    }

    @Test
    void no_response_information_in_connack_unless_requested_MQTT_3_1_2_28() {
        TestClient c = h.connect(v5Connect("c", true, 0));
        assertThat(c.expectConnack().responseInformation()).isNull();
    }

    @Test
    void refused_connect_is_not_processed_further_its_will_is_not_published_MQTT_3_1_4_6() {
        EngineHarness h2 = new EngineHarness(c -> c.maxClientIdLength = 8);
        TestClient watcher = h2.v5("watcher");
        watcher.subscribe("status/#", Qos.AT_MOST_ONCE);
        TestClient c = h2.connect(v5Connect("123456789", true, 0)
                .withWill(new Will("status/c", bytes("offline"), Qos.AT_MOST_ONCE, false, 0, null)));
        assertThat(c.expect(Connack.class).reasonCode()).isEqualTo(ReasonCode.CLIENT_IDENTIFIER_NOT_VALID);
        assertThat(c.closed).isTrue();
        assertThat(h2.session("123456789")).isNull();
        watcher.expectNothing();
    }

    @Test
    void will_with_retain_0_is_published_non_retained_MQTT_3_1_2_14() {
        sub.subscribe(0, new TopicSubscription("status/+", new SubscriptionOptions(Qos.AT_MOST_ONCE, false, true, 0)));
        TestClient c = h.connected(v5Connect("c", true, 0)
                .withWill(new Will("status/c", bytes("offline"), Qos.AT_MOST_ONCE, false, 0, null)));
        c.dropConnection();
        assertThat(sub.expectPublish("status/c", "offline").retain()).isFalse(); // retain as published: would show 1
        TestClient late = h.v5("late");
        late.subscribe("status/+", Qos.AT_MOST_ONCE);
        late.expectNothing();
    }

    @Test
    void will_user_properties_are_forwarded_in_order_MQTT_3_1_3_10() {
        sub.subscribe("status/+", Qos.AT_MOST_ONCE);
        List<UserProperty> props = List.of(new UserProperty("z", "1"), new UserProperty("a", "2"),
                new UserProperty("z", "3"));
        PublishProperties willProps = new PublishProperties(null, -1, 0, null, null, props, List.of(), null);
        TestClient c = h.connected(v5Connect("c", true, 0)
                .withWill(new Will("status/c", bytes("offline"), Qos.AT_MOST_ONCE, false, 0, willProps)));
        c.dropConnection();
        assertThat(sub.expectPublish("status/c", "offline").properties().userProperties()).containsExactlyElementsOf(props);
    }

    @Test
    void negative_puback_from_a_shared_member_does_not_send_the_message_to_another_MQTT_4_8_2_6() {
        TestClient a = h.v5("a");
        TestClient b = h.v5("b");
        a.subscribe("$share/g/t", Qos.AT_LEAST_ONCE);
        b.subscribe("$share/g/t", Qos.AT_LEAST_ONCE);
        pub.publish("t", Qos.AT_LEAST_ONCE, "job");
        TestClient got = a.pending() > 0 ? a : b;
        TestClient other = got == a ? b : a;
        Publish p = got.expectPublish("t", "job");
        got.packet(Puback.of(p.packetId(), ReasonCode.UNSPECIFIED_ERROR));
        h.advanceMillis(60_000);
        got.expectNothing();
        other.expectNothing();
    }

    @Test
    void second_connect_gets_no_second_connack_MQTT_3_2_0_2() {
        sub.packet(dev.tern.packet.Connect.of(MqttVersion.V5, "sub", true, 0));
        sub.expectDisconnect(ReasonCode.PROTOCOL_ERROR);
        sub.expectNothing();
    }

    @Test
    void in_flight_messages_of_a_deleted_subscription_still_complete_MQTT_3_10_4_3() {
        sub.subscribe("t", Qos.EXACTLY_ONCE);
        pub.publish("t", Qos.AT_LEAST_ONCE, "q1");
        pub.publish("t", Qos.EXACTLY_ONCE, "q2");
        Publish q1 = sub.expectPublish("t", "q1");
        Publish q2 = sub.expectPublish("t", "q2");
        sub.unsubscribe("t");
        sub.puback(q1.packetId());
        sub.pubrec(q2.packetId());
        assertThat(sub.expect(Pubrel.class).packetId()).isEqualTo(q2.packetId());
        sub.pubcomp(q2.packetId());
        assertThat(h.session("sub").inflightCount()).isZero();
        sub.expectNothing();
    }

    @Test
    void after_a_pubrec_error_the_same_packet_id_is_a_new_message_MQTT_4_3_3_9() {
        EngineHarness h2 = new EngineHarness(c -> c.validateUtf8Payload = true);
        TestClient s = h2.v5("s");
        s.subscribe("t", Qos.EXACTLY_ONCE);
        TestClient p = h2.v5("p");
        PublishProperties utf8 = new PublishProperties(1, -1, 0, null, null, List.of(), List.of(), null);
        p.packet(new Publish("t", Qos.EXACTLY_ONCE, false, false, 4, utf8, new byte[] {(byte) 0xC3, (byte) 0x28}));
        Pubrec refused = p.expect(Pubrec.class);
        assertThat(refused.reasonCode()).isEqualTo(ReasonCode.PAYLOAD_FORMAT_INVALID);
        p.packet(new Publish("t", Qos.EXACTLY_ONCE, false, false, 4, utf8, bytes("fine")));
        Pubrec accepted = p.expect(Pubrec.class);
        assertThat(accepted.packetId()).isEqualTo(4);
        assertThat(accepted.reasonCode()).isEqualTo(ReasonCode.SUCCESS);
        s.expectPublish("t", "fine");
    }

    @Test
    void expired_qos2_message_still_completes_its_acknowledgements_MQTT_4_3_3_13() {
        sub.subscribe("t", Qos.EXACTLY_ONCE);
        PublishProperties expiring = new PublishProperties(null, 1, 0, null, null, List.of(), List.of(), null);
        pub.packet(new Publish("t", Qos.EXACTLY_ONCE, false, false, 3, expiring, bytes("m")));
        assertThat(pub.expect(Pubrec.class).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
        h.advanceMillis(5_000);
        pub.packet(Pubrel.of(3));
        Pubcomp comp = pub.expect(Pubcomp.class);
        assertThat(comp.packetId()).isEqualTo(3);
        assertThat(comp.reasonCode()).isEqualTo(ReasonCode.SUCCESS);
    }

    @Test
    void a_sent_qos2_message_is_resent_on_resume_even_after_its_expiry_MQTT_4_3_3_7() {
        TestClient s = h.connected(v5Connect("s", false, 3600));
        s.subscribe("t", Qos.EXACTLY_ONCE);
        PublishProperties expiring = new PublishProperties(null, 1, 0, null, null, List.of(), List.of(), null);
        pub.packet(new Publish("t", Qos.EXACTLY_ONCE, false, false, 3, expiring, bytes("m")));
        Publish first = s.expectPublish("t", "m");
        s.dropConnection();
        h.advanceMillis(5_000);
        TestClient back = h.connect(v5Connect("s", false, 3600));
        back.expectConnack();
        Publish again = back.expectPublish("t", "m");
        assertThat(again.packetId()).isEqualTo(first.packetId());
        assertThat(again.dup()).isTrue();
    }

    /** Each reason code the server sent is one the packet's section allows ({@link ReasonCode#validFor}). */
    private static void assertReasonCodesValid(List<dev.tern.packet.MqttPacket> sent) {
        for (dev.tern.packet.MqttPacket p : sent) {
            List<ReasonCode> codes = List.of();
            if (p instanceof Connack c) {
                codes = List.of(c.reasonCode());
            } else if (p instanceof Puback a) {
                codes = List.of(a.reasonCode());
            } else if (p instanceof Pubrec r) {
                codes = List.of(r.reasonCode());
            } else if (p instanceof Pubrel r) {
                codes = List.of(r.reasonCode());
            } else if (p instanceof Pubcomp c) {
                codes = List.of(c.reasonCode());
            } else if (p instanceof dev.tern.packet.Suback a) {
                codes = a.reasonCodes();
            } else if (p instanceof dev.tern.packet.Unsuback a) {
                codes = a.reasonCodes();
            } else if (p instanceof dev.tern.packet.Disconnect d) {
                codes = List.of(d.reasonCode());
            }
            assertThat(codes).as("%s", p).allSatisfy(code -> assertThat(code.validFor(p.type())).isTrue());
        }
    }

    @Test
    void reason_codes_sent_are_valid_for_their_packet_MQTT_3_2_2_8_MQTT_3_5_2_1_MQTT_3_6_2_1_MQTT_3_9_3_2_MQTT_3_11_3_2() {
        EngineHarness h2 = new EngineHarness(c -> {
            c.validateUtf8Payload = true;
            c.maxClientIdLength = 8;
        });
        TestClient refused = h2.connect(v5Connect("123456789", true, 0));
        List<dev.tern.packet.MqttPacket> connacks = refused.drain();
        assertThat(connacks).singleElement().isInstanceOf(Connack.class);
        assertReasonCodesValid(connacks);

        TestClient s = h2.v5("s");
        dev.tern.packet.Suback suback = s.subscribe(0,
                new TopicSubscription("t", SubscriptionOptions.of(Qos.EXACTLY_ONCE)),
                new TopicSubscription("bad/#/x", SubscriptionOptions.of(Qos.AT_LEAST_ONCE)),
                new TopicSubscription("u", SubscriptionOptions.of(Qos.AT_LEAST_ONCE)));
        TestClient p = h2.v5("p");
        PublishProperties utf8 = new PublishProperties(1, -1, 0, null, null, List.of(), List.of(), null);
        p.packet(new Publish("t", Qos.EXACTLY_ONCE, false, false, 1, utf8, new byte[] {(byte) 0xC3, (byte) 0x28}));
        int id = p.publish("t", Qos.EXACTLY_ONCE, "fine");
        p.packet(Pubrel.of(id));
        p.packet(Pubrel.of(99)); // unknown: PUBCOMP 0x92
        p.publish("nobody", Qos.AT_LEAST_ONCE, "m");
        Publish got = s.expectPublish("t", "fine");
        s.pubrec(got.packetId());
        List<dev.tern.packet.MqttPacket> sent = new java.util.ArrayList<>(p.drain());
        sent.addAll(s.drain());
        dev.tern.packet.Unsuback unsuback = s.unsubscribe("t", "never");
        sent.add(suback);
        sent.add(unsuback);
        assertThat(sent).extracting(dev.tern.packet.MqttPacket::type).contains(
                dev.tern.packet.PacketType.PUBREC, dev.tern.packet.PacketType.PUBCOMP, dev.tern.packet.PacketType.PUBACK,
                dev.tern.packet.PacketType.PUBREL);
        assertReasonCodesValid(sent);
    }

    @Test
    void a_shared_member_that_reconnects_gets_its_unacknowledged_message_MQTT_4_8_2_4() {
        TestClient a = h.connected(v5Connect("a", false, 60));
        TestClient b = h.connected(v5Connect("b", false, 60));
        a.subscribe("$share/g/t", Qos.AT_LEAST_ONCE);
        b.subscribe("$share/g/t", Qos.AT_LEAST_ONCE);
        pub.publish("t", Qos.AT_LEAST_ONCE, "job");
        TestClient got = a.pending() > 0 ? a : b;
        TestClient other = got == a ? b : a;
        Publish p = got.expectPublish("t", "job");
        got.dropConnection();
        other.expectNothing();
        TestClient back = h.connect(v5Connect(got.clientId, false, 60));
        assertThat(back.expectConnack().sessionPresent()).isTrue();
        Publish again = back.expectPublish("t", "job");
        assertThat(again.packetId()).isEqualTo(p.packetId());
        assertThat(again.dup()).isTrue();
        other.expectNothing();
    }

    @Test
    void shared_and_non_shared_overlap_is_one_copy_with_both_identifiers_MQTT_3_3_4_4() {
        // the broker sends one copy per client for overlapping subscriptions, shared ones included, so
        // the separate-copies rule [MQTT-3.3.4-5] never applies
        sub.subscribe(1, new TopicSubscription("t", SubscriptionOptions.of(Qos.AT_MOST_ONCE)));
        sub.subscribe(2, new TopicSubscription("$share/g/t", SubscriptionOptions.of(Qos.AT_MOST_ONCE)));
        pub.publish("t", Qos.AT_MOST_ONCE, "m");
        assertThat(sub.expectPublish("t", "m").properties().subscriptionIdentifiers()).containsExactlyInAnyOrder(1, 2);
        sub.expectNothing();
    }
}
