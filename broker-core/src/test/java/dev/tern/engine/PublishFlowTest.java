package dev.tern.engine;

import dev.tern.packet.Connect;
import dev.tern.packet.Disconnect;
import dev.tern.packet.MqttVersion;
import dev.tern.packet.Puback;
import dev.tern.packet.Publish;
import dev.tern.packet.PublishProperties;
import dev.tern.packet.Pubrec;
import dev.tern.packet.Qos;
import dev.tern.packet.ReasonCode;
import dev.tern.packet.SubscriptionOptions;
import dev.tern.packet.UserProperty;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static dev.tern.engine.HoconEngineHarness.publish;
import static dev.tern.engine.HoconEngineHarness.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

/** Flow control (MQTT 5.0 section 4.9), packet size limits and PUBLISH property pass-through (3.3.2.3). */
class PublishFlowTest {

    private static Connect v5(String id) {
        return Connect.of(MqttVersion.V5, id, true, 0);
    }

    private static Connect withProblemInformation(Connect c, boolean rpi) {
        return new Connect(c.version(), c.clientId(), c.cleanStart(), c.keepAlive(), null, null, null,
                c.sessionExpiryInterval(), c.receiveMaximum(), c.maximumPacketSize(), c.topicAliasMaximum(),
                false, rpi, List.of(), null, null);
    }

    @Test
    void server_sends_no_more_than_the_clients_receive_maximum_MQTT_3_3_4_9() {
        HoconEngineHarness h = new HoconEngineHarness("");
        HoconEngineHarness.Client sub = h.connect(v5("sub").withReceiveMaximum(3));
        sub.send(subscribe(1, "t", SubscriptionOptions.of(Qos.AT_LEAST_ONCE), 0));
        HoconEngineHarness.Client pub = h.connectV5("pub");
        for (int i = 0; i < 10; i++) {
            pub.send(publish("t", Qos.AT_LEAST_ONCE, i + 1, "m"));
        }
        assertThat(sub.publishes()).hasSize(3);
        sub.send(Puback.of(sub.publishes().get(0).packetId()));
        assertThat(sub.publishes()).hasSize(4);
    }

    @Test
    void client_exceeding_our_receive_maximum_gets_0x93_MQTT_3_3_4_7() {
        HoconEngineHarness h = new HoconEngineHarness("mqtt.receive_maximum = 2");
        HoconEngineHarness.Client c = h.connectV5("c");
        c.send(publish("t", Qos.EXACTLY_ONCE, 1, "a"));
        c.send(publish("t", Qos.EXACTLY_ONCE, 2, "b"));
        c.send(publish("t", Qos.EXACTLY_ONCE, 3, "c"));
        assertThat(c.last(Disconnect.class).reasonCode()).isEqualTo(ReasonCode.RECEIVE_MAXIMUM_EXCEEDED);
        assertThat(c.channel.closed).isTrue();
    }

    @Test
    void message_too_large_for_the_client_is_dropped_counted_and_frees_its_slot_MQTT_3_1_2_24() {
        HoconEngineHarness h = new HoconEngineHarness("");
        HoconEngineHarness.Client sub = h.connect(v5("sub").withReceiveMaximum(1));
        sub.channel.maxPayload = 10;
        sub.send(subscribe(1, "t", SubscriptionOptions.of(Qos.AT_LEAST_ONCE), 0));
        HoconEngineHarness.Client pub = h.connectV5("pub");
        pub.send(publish("t", Qos.AT_LEAST_ONCE, 1, "x".repeat(100)));
        pub.send(publish("t", Qos.AT_LEAST_ONCE, 2, "small"));

        assertThat(h.engine.metrics().droppedTooLarge.sum()).isEqualTo(1);
        // the window of 1 was not used up by the dropped message
        assertThat(sub.publishes()).singleElement()
                .satisfies(p -> assertThat(new String(p.payload(), StandardCharsets.UTF_8)).isEqualTo("small"));
        assertThat(sub.connection.session().inflightCount()).isEqualTo(1);
    }

    @Test
    void properties_pass_through_with_user_property_order_kept_MQTT_3_3_2_17_MQTT_3_3_2_18_MQTT_3_3_2_20() {
        HoconEngineHarness h = new HoconEngineHarness("");
        HoconEngineHarness.Client sub = h.connectV5("sub");
        sub.send(subscribe(1, "req", SubscriptionOptions.of(Qos.AT_MOST_ONCE), 0));
        List<UserProperty> ups = List.of(new UserProperty("b", "1"), new UserProperty("a", "2"),
                new UserProperty("b", "3"));
        PublishProperties props = new PublishProperties(1, -1, 0, "resp/1", new byte[]{1, 2, 3}, ups, List.of(),
                "text/plain");
        h.connectV5("pub").send(new Publish("req", Qos.AT_MOST_ONCE, false, false, 0, props,
                "hi".getBytes(StandardCharsets.UTF_8)));

        PublishProperties got = sub.publishes().get(0).properties();
        assertThat(got.payloadFormatIndicator()).isEqualTo(1);
        assertThat(got.responseTopic()).isEqualTo("resp/1");
        assertThat(got.correlationData()).containsExactly(1, 2, 3);
        assertThat(got.contentType()).isEqualTo("text/plain");
        assertThat(got.userProperties()).containsExactlyElementsOf(ups);
    }

    @Test
    void message_expiry_is_decremented_on_forward_and_expired_messages_are_dropped_MQTT_3_3_2_5_MQTT_3_3_2_6() {
        HoconEngineHarness h = new HoconEngineHarness("");
        HoconEngineHarness.Client sub = h.connect(v5("sub").withSessionExpiryInterval(3600));
        sub.send(subscribe(1, "t", SubscriptionOptions.of(Qos.AT_LEAST_ONCE), 0));
        sub.dropSocket();
        HoconEngineHarness.Client pub = h.connectV5("pub");
        PublishProperties ten = PublishProperties.NONE.withMessageExpiryInterval(10);
        PublishProperties two = PublishProperties.NONE.withMessageExpiryInterval(2);
        pub.send(new Publish("t", Qos.AT_LEAST_ONCE, false, false, 1, ten, "ten".getBytes(StandardCharsets.UTF_8)));
        pub.send(new Publish("t", Qos.AT_LEAST_ONCE, false, false, 2, two, "two".getBytes(StandardCharsets.UTF_8)));
        h.clock.advance(Duration.ofSeconds(4));

        HoconEngineHarness.Client back = h.connect(Connect.of(MqttVersion.V5, "sub", false, 0).withSessionExpiryInterval(3600));
        assertThat(back.publishes()).singleElement().satisfies(p -> {
            assertThat(new String(p.payload(), StandardCharsets.UTF_8)).isEqualTo("ten");
            assertThat(p.properties().messageExpiryInterval()).isEqualTo(6);
        });
    }

    @Test
    void invalid_utf8_with_format_indicator_1_is_refused_with_0x99_when_checking_is_on() {
        HoconEngineHarness h = new HoconEngineHarness("mqtt.validate_utf8_payload = true");
        HoconEngineHarness.Client c = h.connectV5("c");
        PublishProperties utf8 = new PublishProperties(1, -1, 0, null, null, List.of(), List.of(), null);
        byte[] bad = {(byte) 0xC3, (byte) 0x28};
        c.send(new Publish("t", Qos.AT_LEAST_ONCE, false, false, 1, utf8, bad));
        assertThat(c.last(Puback.class).reasonCode()).isEqualTo(ReasonCode.PAYLOAD_FORMAT_INVALID);
        c.send(new Publish("t", Qos.EXACTLY_ONCE, false, false, 2, utf8, bad));
        assertThat(c.last(Pubrec.class).reasonCode()).isEqualTo(ReasonCode.PAYLOAD_FORMAT_INVALID);
        c.send(new Publish("t", Qos.AT_MOST_ONCE, false, false, 0, utf8, bad));
        assertThat(c.last(Disconnect.class).reasonCode()).isEqualTo(ReasonCode.PAYLOAD_FORMAT_INVALID);
    }

    @Test
    void invalid_utf8_passes_when_checking_is_off() {
        HoconEngineHarness h = new HoconEngineHarness("");
        HoconEngineHarness.Client c = h.connectV5("c");
        PublishProperties utf8 = new PublishProperties(1, -1, 0, null, null, List.of(), List.of(), null);
        c.send(new Publish("t", Qos.AT_LEAST_ONCE, false, false, 1, utf8, new byte[]{(byte) 0xFF}));
        assertThat(c.last(Puback.class).reasonCode()).isNotEqualTo(ReasonCode.PAYLOAD_FORMAT_INVALID);
    }

    @Test
    void no_reason_string_on_acks_when_request_problem_information_is_0_MQTT_3_1_2_29() {
        HoconEngineHarness h = new HoconEngineHarness("mqtt.validate_utf8_payload = true");
        PublishProperties utf8 = new PublishProperties(1, -1, 0, null, null, List.of(), List.of(), null);
        Publish bad = new Publish("t", Qos.AT_LEAST_ONCE, false, false, 1, utf8, new byte[]{(byte) 0xFF});

        HoconEngineHarness.Client quiet = h.connect(withProblemInformation(v5("quiet"), false));
        quiet.send(bad);
        assertThat(quiet.last(Puback.class).reasonString()).isNull();
        assertThat(quiet.last(Puback.class).reasonCode()).isEqualTo(ReasonCode.PAYLOAD_FORMAT_INVALID);

        HoconEngineHarness.Client chatty = h.connect(withProblemInformation(v5("chatty"), true));
        chatty.send(bad);
        assertThat(chatty.last(Puback.class).reasonString()).isNotBlank();
    }

    @Test
    void disconnect_may_keep_its_reason_string_when_request_problem_information_is_0_MQTT_3_1_2_29() {
        HoconEngineHarness h = new HoconEngineHarness("mqtt.retain_available = false");
        HoconEngineHarness.Client quiet = h.connect(withProblemInformation(v5("quiet"), false));
        quiet.send(new Publish("t", Qos.AT_MOST_ONCE, false, true, 0, PublishProperties.NONE, new byte[1]));
        assertThat(quiet.last(Disconnect.class).reasonString()).isNotBlank();
    }
}
