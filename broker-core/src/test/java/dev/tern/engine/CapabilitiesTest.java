package dev.tern.engine;

import dev.tern.packet.Connack;
import dev.tern.packet.Connect;
import dev.tern.packet.Disconnect;
import dev.tern.packet.MqttVersion;
import dev.tern.packet.Publish;
import dev.tern.packet.PublishProperties;
import dev.tern.packet.Qos;
import dev.tern.packet.ReasonCode;
import dev.tern.packet.Suback;
import dev.tern.packet.SubscriptionOptions;
import org.junit.jupiter.api.Test;

import static dev.tern.engine.HoconEngineHarness.publish;
import static dev.tern.engine.HoconEngineHarness.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

/** CONNACK capabilities (MQTT 5.0 section 3.2.2.3): each announced from configuration and enforced. */
class CapabilitiesTest {

    @Test
    void retain_not_available_is_announced_and_a_retained_publish_gets_0x9A_MQTT_3_2_2_14() {
        HoconEngineHarness h = new HoconEngineHarness("mqtt.retain_available = false");
        HoconEngineHarness.Client c = h.connectV5("c");
        assertThat(c.last(Connack.class).retainAvailable()).isFalse();
        c.send(new Publish("t", Qos.AT_MOST_ONCE, false, true, 0, PublishProperties.NONE, new byte[1]));
        assertThat(c.last(Disconnect.class).reasonCode()).isEqualTo(ReasonCode.RETAIN_NOT_SUPPORTED);
    }

    @Test
    void maximum_qos_is_announced_and_a_higher_publish_gets_0x9B_MQTT_3_2_2_11_MQTT_3_2_2_12() {
        HoconEngineHarness h = new HoconEngineHarness("mqtt.max_qos = 1");
        HoconEngineHarness.Client c = h.connectV5("c");
        assertThat(c.last(Connack.class).maximumQos()).isEqualTo(1);
        c.send(subscribe(1, "t", SubscriptionOptions.of(Qos.EXACTLY_ONCE), 0));
        assertThat(c.last(Suback.class).reasonCodes()).containsExactly(ReasonCode.GRANTED_QOS_1);
        c.send(publish("t", Qos.EXACTLY_ONCE, 2, "x"));
        assertThat(c.last(Disconnect.class).reasonCode()).isEqualTo(ReasonCode.QOS_NOT_SUPPORTED);
    }

    @Test
    void wildcard_subscriptions_not_available_get_0xA2_MQTT_3_8_3_5() {
        HoconEngineHarness h = new HoconEngineHarness("mqtt.wildcard_subscription = false");
        HoconEngineHarness.Client c = h.connectV5("c");
        assertThat(c.last(Connack.class).wildcardSubscriptionAvailable()).isFalse();
        c.send(subscribe(1, "a/+", SubscriptionOptions.of(Qos.AT_MOST_ONCE), 0));
        assertThat(c.last(Suback.class).reasonCodes()).containsExactly(ReasonCode.WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED);
    }

    @Test
    void subscription_identifiers_not_available_get_0xA1() {
        HoconEngineHarness h = new HoconEngineHarness("mqtt.subscription_identifiers = false");
        HoconEngineHarness.Client c = h.connectV5("c");
        assertThat(c.last(Connack.class).subscriptionIdentifiersAvailable()).isFalse();
        c.send(subscribe(1, "a", SubscriptionOptions.of(Qos.AT_MOST_ONCE), 5));
        assertThat(c.last(Suback.class).reasonCodes()).containsExactly(ReasonCode.SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED);
    }

    @Test
    void shared_subscriptions_not_available_get_0x9E() {
        HoconEngineHarness h = new HoconEngineHarness("mqtt.shared_subscription = false");
        HoconEngineHarness.Client c = h.connectV5("c");
        assertThat(c.last(Connack.class).sharedSubscriptionAvailable()).isFalse();
        c.send(subscribe(1, "$share/g/a", SubscriptionOptions.of(Qos.AT_MOST_ONCE), 0));
        assertThat(c.last(Suback.class).reasonCodes()).containsExactly(ReasonCode.SHARED_SUBSCRIPTIONS_NOT_SUPPORTED);
    }

    @Test
    void topic_alias_above_the_announced_maximum_gets_0x94_MQTT_3_3_2_9() {
        HoconEngineHarness h = new HoconEngineHarness("mqtt.max_topic_alias = 4");
        HoconEngineHarness.Client c = h.connectV5("c");
        assertThat(c.last(Connack.class).topicAliasMaximum()).isEqualTo(4);
        c.send(new Publish("t", Qos.AT_MOST_ONCE, false, false, 0, PublishProperties.NONE.withTopicAlias(5), new byte[1]));
        assertThat(c.last(Disconnect.class).reasonCode()).isEqualTo(ReasonCode.TOPIC_ALIAS_INVALID);
    }

    @Test
    void inbound_topic_alias_is_resolved_MQTT_3_3_2_12() {
        HoconEngineHarness h = new HoconEngineHarness("");
        HoconEngineHarness.Client sub = h.connectV5("sub");
        sub.send(subscribe(1, "long/topic", SubscriptionOptions.of(Qos.AT_MOST_ONCE), 0));
        HoconEngineHarness.Client c = h.connectV5("c");
        c.send(new Publish("long/topic", Qos.AT_MOST_ONCE, false, false, 0, PublishProperties.NONE.withTopicAlias(1), new byte[1]));
        c.send(new Publish("", Qos.AT_MOST_ONCE, false, false, 0, PublishProperties.NONE.withTopicAlias(1), new byte[1]));
        assertThat(sub.publishes()).hasSize(2).allSatisfy(p -> {
            assertThat(p.topic()).isEqualTo("long/topic");
            assertThat(p.properties().topicAlias()).isZero();
        });
    }

    @Test
    void receive_maximum_and_maximum_packet_size_are_announced() {
        HoconEngineHarness h = new HoconEngineHarness("mqtt.receive_maximum = 10\nmqtt.max_packet_size = 4096");
        Connack ack = h.connectV5("c").last(Connack.class);
        assertThat(ack.receiveMaximum()).isEqualTo(10);
        assertThat(ack.maximumPacketSize()).isEqualTo(4096L);
    }

    @Test
    void server_keep_alive_overrides_the_clients_MQTT_3_2_2_21() {
        HoconEngineHarness h = new HoconEngineHarness("mqtt.server_keepalive = 30");
        HoconEngineHarness.Client c = h.connect(Connect.of(MqttVersion.V5, "c", true, 600));
        assertThat(c.last(Connack.class).serverKeepAlive()).isEqualTo(30);
        assertThat(c.connection.keepAlive()).isEqualTo(30);
    }

    @Test
    void empty_client_id_gets_an_assigned_client_identifier_MQTT_3_2_2_16() {
        HoconEngineHarness h = new HoconEngineHarness("");
        HoconEngineHarness.Client c = h.connect(Connect.of(MqttVersion.V5, "", true, 0));
        assertThat(c.last(Connack.class).assignedClientIdentifier()).isNotBlank().isEqualTo(c.id);
    }
}
