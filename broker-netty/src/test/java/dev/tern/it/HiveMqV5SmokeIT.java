package dev.tern.it;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The first end-to-end check: a real MQTT 5 client publishes and subscribes at every QoS. */
class HiveMqV5SmokeIT {
    static TestBroker broker;

    @BeforeAll
    static void start() {
        broker = TestBroker.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void publish_and_subscribe_at_each_qos() throws Exception {
        Mqtt5BlockingClient sub = client("smoke-sub");
        Mqtt5BlockingClient pub = client("smoke-pub");
        sub.connect();
        pub.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = sub.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter("smoke/#").qos(MqttQos.EXACTLY_ONCE).send();
            for (MqttQos q : MqttQos.values()) {
                pub.publishWith().topic("smoke/" + q.getCode()).qos(q).payload(("m" + q.getCode()).getBytes(StandardCharsets.UTF_8)).send();
                Optional<Mqtt5Publish> got = publishes.receive(5, TimeUnit.SECONDS);
                assertThat(got).isPresent();
                assertThat(got.get().getTopic().toString()).isEqualTo("smoke/" + q.getCode());
                assertThat(got.get().getQos()).isEqualTo(q);
                assertThat(new String(got.get().getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("m" + q.getCode());
            }
        }
        pub.disconnect();
        sub.disconnect();
    }

    static Mqtt5BlockingClient client(String id) {
        return MqttClient.builder().useMqttVersion5().identifier(id)
                .serverHost(broker.host()).serverPort(broker.port()).buildBlocking();
    }
}
