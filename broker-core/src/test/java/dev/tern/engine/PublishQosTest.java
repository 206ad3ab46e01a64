package dev.tern.engine;

import dev.tern.packet.Puback;
import dev.tern.packet.Pubcomp;
import dev.tern.packet.Publish;
import dev.tern.packet.PublishProperties;
import dev.tern.packet.Pubrec;
import dev.tern.packet.Pubrel;
import dev.tern.packet.Qos;
import dev.tern.packet.ReasonCode;
import org.junit.jupiter.api.Test;

import static dev.tern.engine.EngineHarness.bytes;
import static org.assertj.core.api.Assertions.assertThat;

/** PUBLISH flows at QoS 0, 1, 2 in both directions (MQTT 5.0 sections 3.3 to 3.7, 4.3). */
class PublishQosTest {
    private final EngineHarness h = new EngineHarness();
    // ids on both shards: "pub" and "sub" may or may not share one; several pairs make sure both paths run
    private final TestClient sub = h.v5("sub");
    private final TestClient pub = h.v5("pub");

    @Test
    void qos0_end_to_end_MQTT_4_3_1_MQTT_4_3_1_1() {
        sub.subscribe("t", Qos.EXACTLY_ONCE);
        pub.publish("t", Qos.AT_MOST_ONCE, "hello");
        pub.expectNothing();
        Publish p = sub.expectPublish("t", "hello");
        assertThat(p.qos()).isEqualTo(Qos.AT_MOST_ONCE);
        assertThat(p.packetId()).isZero();
        assertThat(p.dup()).isFalse();
        sub.expectNothing();
    }

    @Test
    void qos1_end_to_end_with_puback_both_ways_MQTT_4_3_2_MQTT_4_3_2_2_MQTT_4_3_2_3_MQTT_4_3_2_4_MQTT_2_2_1_5() {
        sub.subscribe("t", Qos.AT_LEAST_ONCE);
        int id = pub.publish("t", Qos.AT_LEAST_ONCE, "m");
        Puback ack = pub.expect(Puback.class);
        assertThat(ack.packetId()).isEqualTo(id);
        assertThat(ack.reasonCode()).isEqualTo(ReasonCode.SUCCESS);
        Publish p = sub.expectPublish("t", "m");
        assertThat(p.qos()).isEqualTo(Qos.AT_LEAST_ONCE);
        assertThat(p.packetId()).isNotZero();
        assertThat(p.dup()).isFalse();
        assertThat(h.session("sub").inflightCount()).isEqualTo(1);
        sub.puback(p.packetId());
        assertThat(h.session("sub").inflightCount()).isZero();
        sub.expectNothing();
    }

    @Test
    void qos2_end_to_end_with_pubrec_pubrel_pubcomp_both_ways_MQTT_4_3_3_MQTT_4_3_3_2_MQTT_4_3_3_4_MQTT_4_3_3_8_MQTT_4_3_3_11_MQTT_2_2_1_5() {
        sub.subscribe("t", Qos.EXACTLY_ONCE);
        int id = pub.publish("t", Qos.EXACTLY_ONCE, "m");
        assertThat(pub.expect(Pubrec.class).packetId()).isEqualTo(id);
        Publish p = sub.expectPublish("t", "m");
        assertThat(p.qos()).isEqualTo(Qos.EXACTLY_ONCE);
        assertThat(p.dup()).isFalse();
        pub.packet(Pubrel.of(id));
        Pubcomp comp = pub.expect(Pubcomp.class);
        assertThat(comp.packetId()).isEqualTo(id);
        assertThat(comp.reasonCode()).isEqualTo(ReasonCode.SUCCESS);

        sub.pubrec(p.packetId());
        Pubrel rel = sub.expect(Pubrel.class);
        assertThat(rel.packetId()).isEqualTo(p.packetId());
        sub.pubcomp(p.packetId());
        assertThat(h.session("sub").inflightCount()).isZero();
        sub.expectNothing();
        pub.expectNothing();
    }

    @Test
    void delivered_qos_is_the_minimum_of_published_and_granted_MQTT_3_8_4_8() {
        sub.subscribe("t", Qos.AT_LEAST_ONCE);
        pub.publish("t", Qos.EXACTLY_ONCE, "m");
        assertThat(sub.expectPublish("t").qos()).isEqualTo(Qos.AT_LEAST_ONCE);
        sub.subscribe("u", Qos.AT_MOST_ONCE);
        pub.publish("u", Qos.AT_LEAST_ONCE, "m");
        assertThat(sub.expectPublish("u").qos()).isEqualTo(Qos.AT_MOST_ONCE);
    }

    @Test
    void resent_qos2_publish_before_pubrel_is_not_delivered_twice_MQTT_4_3_3_10_MQTT_4_3_3_12() {
        sub.subscribe("t", Qos.EXACTLY_ONCE);
        int id = pub.publish("t", Qos.EXACTLY_ONCE, "once");
        pub.expect(Pubrec.class);
        pub.packet(new Publish("t", Qos.EXACTLY_ONCE, true, false, id, PublishProperties.NONE, bytes("once")));
        assertThat(pub.expect(Pubrec.class).packetId()).isEqualTo(id);
        sub.expectPublish("t", "once");
        sub.expectNothing();
        pub.packet(Pubrel.of(id));
        pub.expect(Pubcomp.class);
        // after PUBCOMP the id is free again: a new PUBLISH with it is a new message [MQTT-4.3.3-9]
        pub.packet(new Publish("t", Qos.EXACTLY_ONCE, false, false, id, PublishProperties.NONE, bytes("again")));
        pub.expect(Pubrec.class);
        sub.expectPublish("t", "again");
    }

    @Test
    void v5_puback_says_no_matching_subscribers_MQTT_3_4_2_1() {
        int id = pub.publish("nobody", Qos.AT_LEAST_ONCE, "m");
        Puback ack = pub.expect(Puback.class);
        assertThat(ack.packetId()).isEqualTo(id);
        assertThat(ack.reasonCode()).isEqualTo(ReasonCode.NO_MATCHING_SUBSCRIBERS);
    }

    @Test
    void pubrel_for_unknown_id_gets_pubcomp_0x92_MQTT_3_7_2_1() {
        pub.packet(Pubrel.of(77));
        assertThat(pub.expect(Pubcomp.class).reasonCode()).isEqualTo(ReasonCode.PACKET_IDENTIFIER_NOT_FOUND);
    }

    @Test
    void v311_and_v5_clients_exchange_messages() {
        TestClient old = h.v311("old");
        old.subscribe("t", Qos.EXACTLY_ONCE);
        sub.subscribe("t", Qos.AT_LEAST_ONCE);
        sub.subscribe("u", Qos.AT_LEAST_ONCE);
        pub.publish("t", Qos.EXACTLY_ONCE, "x");
        Publish p = old.expectPublish("t", "x");
        assertThat(p.qos()).isEqualTo(Qos.EXACTLY_ONCE);
        assertThat(p.properties()).isEqualTo(PublishProperties.NONE);
        old.publish("u", Qos.AT_LEAST_ONCE, "y");
        assertThat(old.expect(Puback.class).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
        sub.expectPublish("t", "x");
        sub.expectPublish("u", "y");
    }

    @Test
    void qos_above_max_qos_is_disconnected_with_0x9B_MQTT_3_2_2_11() {
        EngineHarness h2 = new EngineHarness(c -> c.maxQos = 1);
        TestClient c = h2.connect(EngineHarness.v5Connect("c", true, 0));
        assertThat(c.expectConnack().maximumQos()).isEqualTo(1);
        c.publish("t", Qos.EXACTLY_ONCE, "m");
        c.expectDisconnect(ReasonCode.QOS_NOT_SUPPORTED);
        assertThat(c.closed).isTrue();
    }

    @Test
    void more_unacknowledged_qos2_than_receive_maximum_is_disconnected_with_0x93_MQTT_3_3_4_9() {
        EngineHarness h2 = new EngineHarness(c -> c.receiveMaximum = 2);
        TestClient c = h2.connect(EngineHarness.v5Connect("c", true, 0));
        assertThat(c.expectConnack().receiveMaximum()).isEqualTo(2);
        c.publish("t", Qos.EXACTLY_ONCE, "1");
        c.publish("t", Qos.EXACTLY_ONCE, "2");
        c.expect(Pubrec.class);
        c.expect(Pubrec.class);
        assertThat(c.closed).isFalse();
        c.publish("t", Qos.EXACTLY_ONCE, "3");
        c.expectDisconnect(ReasonCode.RECEIVE_MAXIMUM_EXCEEDED);
        assertThat(c.closed).isTrue();
    }

    @Test
    void topic_alias_set_then_reused_MQTT_3_3_2_12() {
        sub.subscribe("long/topic", Qos.AT_MOST_ONCE);
        pub.publish("long/topic", Qos.AT_MOST_ONCE, false, "1", PublishProperties.NONE.withTopicAlias(3));
        pub.publish("", Qos.AT_MOST_ONCE, false, "2", PublishProperties.NONE.withTopicAlias(3));
        Publish p1 = sub.expectPublish("long/topic", "1");
        Publish p2 = sub.expectPublish("long/topic", "2");
        assertThat(p1.properties().topicAlias()).isZero(); // aliases are per connection
        assertThat(p2.properties().topicAlias()).isZero();
        assertThat(pub.closed).isFalse();
    }

    @Test
    void unknown_topic_alias_is_a_protocol_error_0x82_MQTT_3_3_2_8_MQTT_4_13_1_1_MQTT_3_14_4_2() {
        pub.publish("", Qos.AT_MOST_ONCE, false, "x", PublishProperties.NONE.withTopicAlias(5));
        pub.expectDisconnect(ReasonCode.PROTOCOL_ERROR);
        assertThat(pub.closed).isTrue();
    }

    @Test
    void topic_alias_above_maximum_is_disconnected_with_0x94_MQTT_3_3_2_9() {
        pub.publish("t", Qos.AT_MOST_ONCE, false, "x", PublishProperties.NONE.withTopicAlias(65));
        pub.expectDisconnect(ReasonCode.TOPIC_ALIAS_INVALID);
        assertThat(pub.closed).isTrue();
    }

    @Test
    void pubrec_with_an_error_code_ends_the_exchange_without_pubrel_MQTT_4_3_3() {
        sub.subscribe("t", Qos.EXACTLY_ONCE);
        pub.publish("t", Qos.EXACTLY_ONCE, "m");
        Publish p = sub.expectPublish("t");
        sub.packet(Pubrec.of(p.packetId(), ReasonCode.QUOTA_EXCEEDED));
        sub.expectNothing();
        assertThat(h.session("sub").inflightCount()).isZero();
    }

    @Test
    void resent_qos2_publish_after_reconnect_is_not_delivered_twice_MQTT_4_3_3_10() {
        sub.subscribe("t", Qos.EXACTLY_ONCE);
        TestClient p = h.connected(EngineHarness.v5Connect("p2", false, 60));
        int id = p.publish("t", Qos.EXACTLY_ONCE, "once");
        p.expect(Pubrec.class);
        p.dropConnection();
        TestClient back = h.connected(EngineHarness.v5Connect("p2", false, 60));
        back.packet(new Publish("t", Qos.EXACTLY_ONCE, true, false, id, PublishProperties.NONE, bytes("once")));
        back.expect(Pubrec.class);
        back.packet(Pubrel.of(id));
        assertThat(back.expect(Pubcomp.class).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
        sub.expectPublish("t", "once");
        sub.expectNothing();
    }

    @Test
    void topic_name_with_a_wildcard_is_refused_MQTT_3_3_2_2() {
        sub.subscribe("a/+", Qos.AT_MOST_ONCE);
        pub.publish("a/+", Qos.AT_MOST_ONCE, "x");
        pub.expectDisconnect(ReasonCode.TOPIC_NAME_INVALID);
        assertThat(pub.closed).isTrue();
        sub.expectNothing();
    }

    @Test
    void retain_when_not_available_is_disconnected_with_0x9A_MQTT_3_3_1_3() {
        EngineHarness h2 = new EngineHarness(c -> c.retainAvailable = false);
        TestClient c = h2.connect(EngineHarness.v5Connect("c", true, 0));
        assertThat(c.expectConnack().retainAvailable()).isFalse();
        c.publish("t", Qos.AT_MOST_ONCE, true, "x", PublishProperties.NONE);
        c.expectDisconnect(ReasonCode.RETAIN_NOT_SUPPORTED);
        assertThat(h2.engine.retained().size()).isZero();
    }

    @Test
    void receive_maximum_quota_is_not_carried_over_to_a_new_connection_MQTT_4_9() {
        // "The send quota and Receive Maximum value are not preserved across Network Connections"
        EngineHarness h2 = new EngineHarness(c -> c.receiveMaximum = 2);
        TestClient c = h2.connected(EngineHarness.v5Connect("c", false, 60));
        int a = c.publish("t", Qos.EXACTLY_ONCE, "1");
        int b = c.publish("t", Qos.EXACTLY_ONCE, "2");
        c.expect(Pubrec.class);
        c.expect(Pubrec.class);
        c.dropConnection();
        TestClient back = h2.connected(EngineHarness.v5Connect("c", false, 60));
        back.packet(new Publish("t", Qos.EXACTLY_ONCE, false, false, 3, PublishProperties.NONE, bytes("3")));
        assertThat(back.expect(Pubrec.class).packetId()).isEqualTo(3);
        assertThat(back.closed).isFalse();
        back.packet(Pubrel.of(a));
        back.packet(Pubrel.of(b));
        back.packet(Pubrel.of(3));
        assertThat(back.drain()).extracting(p -> ((Pubcomp) p).reasonCode()).containsOnly(ReasonCode.SUCCESS);
    }

    @Test
    void a_session_ending_with_a_qos2_awaiting_pubcomp_is_freed_MQTT_4_3_3() {
        // Regression: ending a session walked its in-flight entries and failed on one past PUBREC
        // (whose message is already released), leaving the session registered.
        TestClient sub = h.v5("qos2-sub");
        sub.subscribe("t", Qos.EXACTLY_ONCE);
        TestClient pub = h.v5("qos2-pub");
        pub.publishAndComplete("t", Qos.EXACTLY_ONCE, false, "x");
        Publish p = sub.expectPublish("t", "x");
        sub.pubrec(p.packetId());
        sub.expect(Pubrel.class);
        sub.disconnect(ReasonCode.SUCCESS);
        assertThat(h.session("qos2-sub")).isNull();
    }
}
