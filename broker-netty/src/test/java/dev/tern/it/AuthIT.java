package dev.tern.it;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import dev.tern.auth.PasswordFile;
import dev.tern.auth.ScramCredentials;
import org.eclipse.paho.client.mqttv3.MqttClientPersistence;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Password file, anonymous access and ACL (MQTT 5.0 sections 3.1.3.5, 3.2.2.2, 4.13) with real clients. */
class AuthIT {
    @TempDir
    Path dir;
    private TestBroker broker;

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private void startWithUsers(boolean allowAnonymous, String... aclLines) throws Exception {
        Path passwd = dir.resolve("passwd");
        Files.write(passwd, List.of("# test users",
                PasswordFile.line("alice", ScramCredentials.hash("wonderland".toCharArray())),
                PasswordFile.line("bob", ScramCredentials.hash("builder".toCharArray()))));
        String acl = "";
        if (aclLines.length > 0) {
            Path aclFile = dir.resolve("acl");
            Files.write(aclFile, List.of(aclLines));
            acl = "auth.acl_file = \"" + aclFile + "\"\n";
        }
        broker = TestBroker.start("auth.password_file = \"" + passwd + "\"\nauth.allow_anonymous = " + allowAnonymous + "\n" + acl);
    }

    private Mqtt5BlockingClient v5(String id) {
        return MqttClient.builder().useMqttVersion5().identifier(id)
                .serverHost(broker.host()).serverPort(broker.port()).buildBlocking();
    }

    private static Optional<Mqtt5ConnAckReasonCode> v5Connect(Mqtt5BlockingClient c, String user, String password) {
        try {
            var b = c.connectWith();
            if (user != null) {
                b.simpleAuth().username(user).password(password.getBytes(StandardCharsets.UTF_8)).applySimpleAuth();
            }
            b.send();
            return Optional.empty();
        } catch (Mqtt5ConnAckException e) {
            return Optional.of(e.getMqttMessage().getReasonCode());
        }
    }

    private int v3Connect(String id, String user, String password) throws Exception {
        MqttClientPersistence p = new MemoryPersistence();
        try (org.eclipse.paho.client.mqttv3.MqttClient c = new org.eclipse.paho.client.mqttv3.MqttClient(broker.uri(), id, p)) {
            MqttConnectOptions o = new MqttConnectOptions();
            o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            if (user != null) {
                o.setUserName(user);
                o.setPassword(password.toCharArray());
            }
            try {
                c.connect(o);
                c.disconnect();
                return 0;
            } catch (MqttException e) {
                return e.getReasonCode();
            }
        }
    }

    @Test
    void v5_right_password_connects_and_wrong_one_gets_0x86_MQTT_3_2_2_2() throws Exception {
        startWithUsers(false);
        Mqtt5BlockingClient ok = v5("alice-1");
        assertThat(v5Connect(ok, "alice", "wonderland")).isEmpty();
        ok.disconnect();

        assertThat(v5Connect(v5("alice-2"), "alice", "wrong")).contains(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        assertThat(v5Connect(v5("nobody-1"), "nobody", "wonderland")).contains(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
    }

    @Test
    void v3_right_password_connects_and_wrong_one_gets_return_code_4() throws Exception {
        startWithUsers(false);
        assertThat(v3Connect("bob-1", "bob", "builder")).isZero();
        assertThat(v3Connect("bob-2", "bob", "wrong")).isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION);
    }

    @Test
    void anonymous_is_refused_when_allow_anonymous_is_false() throws Exception {
        startWithUsers(false);
        assertThat(v5Connect(v5("anon-5"), null, null)).contains(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);
        assertThat(v3Connect("anon-3", null, null)).isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED);
    }

    @Test
    void anonymous_connects_when_allowed_but_a_wrong_password_still_fails() throws Exception {
        startWithUsers(true);
        assertThat(v3Connect("anon-3", null, null)).isZero();
        assertThat(v3Connect("bob-3", "bob", "nope")).isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION);
    }

    @Test
    void acl_denied_publish_gets_puback_0x87_and_is_not_delivered() throws Exception {
        startWithUsers(false,
                "deny user alice publish data/secret",
                "allow all pubsub data/#");
        Mqtt5BlockingClient sub = v5("bob-sub");
        assertThat(v5Connect(sub, "bob", "builder")).isEmpty();
        sub.subscribeWith().topicFilter("data/#").qos(MqttQos.AT_LEAST_ONCE).send();
        Mqtt5BlockingClient.Mqtt5Publishes inbox = sub.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL);

        Mqtt5BlockingClient pub = v5("alice-pub");
        assertThat(v5Connect(pub, "alice", "wonderland")).isEmpty();
        assertThatThrownBy(() -> pub.publishWith().topic("data/secret").qos(MqttQos.AT_LEAST_ONCE)
                .payload(new byte[] {1}).send())
                .isInstanceOfSatisfying(Mqtt5PubAckException.class, e -> assertThat(e.getMqttMessage().getReasonCode())
                        .isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED));
        pub.publishWith().topic("data/open").qos(MqttQos.AT_LEAST_ONCE).payload(new byte[] {2}).send();

        // Messages from one publisher arrive in order: the first one delivered is the allowed one.
        assertThat(inbox.receive(5, TimeUnit.SECONDS)).hasValueSatisfying(
                m -> assertThat(m.getTopic().toString()).isEqualTo("data/open"));
        pub.disconnect();
        sub.disconnect();
    }

    @Test
    void acl_denied_subscribe_gets_suback_0x87_v5_and_0x80_v3() throws Exception {
        startWithUsers(false, "allow user bob subscribe users/%u/#");
        Mqtt5BlockingClient c = v5("bob-5");
        assertThat(v5Connect(c, "bob", "builder")).isEmpty();
        List<Mqtt5SubAckReasonCode> codes;
        try {
            codes = c.toAsync().subscribeWith()
                    .addSubscription().topicFilter("users/bob/inbox").qos(MqttQos.AT_LEAST_ONCE).applySubscription()
                    .addSubscription().topicFilter("users/alice/inbox").qos(MqttQos.AT_LEAST_ONCE).applySubscription()
                    .send().get(5, TimeUnit.SECONDS).getReasonCodes();
        } catch (ExecutionException e) {
            codes = ((Mqtt5SubAckException) e.getCause()).getMqttMessage().getReasonCodes();
        }
        assertThat(codes).containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_1, Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
        c.disconnect();

        try (org.eclipse.paho.client.mqttv3.MqttClient v3 = new org.eclipse.paho.client.mqttv3.MqttClient(
                broker.uri(), "bob-3", new MemoryPersistence())) {
            MqttConnectOptions o = new MqttConnectOptions();
            o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            o.setUserName("bob");
            o.setPassword("builder".toCharArray());
            v3.connect(o);
            assertThatThrownBy(() -> v3.subscribe("users/alice/inbox", 1))
                    .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(128));
            v3.disconnect();
        }
    }

    @Test
    void will_topic_outside_the_acl_refuses_the_connect() throws Exception {
        startWithUsers(false, "allow all pubsub users/%u/#");
        Mqtt5BlockingClient c = v5("alice-will");
        assertThatThrownBy(() -> c.connectWith()
                .simpleAuth().username("alice").password("wonderland".getBytes(StandardCharsets.UTF_8)).applySimpleAuth()
                .willPublish().topic("users/bob/will").payload(new byte[0]).applyWillPublish().send())
                .isInstanceOfSatisfying(Mqtt5ConnAckException.class,
                        e -> assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED));
    }
}
