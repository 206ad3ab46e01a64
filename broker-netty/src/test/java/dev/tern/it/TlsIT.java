package dev.tern.it;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfigBuilder;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * MQTT over TLS with PEM files made by a throw-away CA: server authentication, then mutual TLS
 * (verify_peer + fail_if_no_peer_cert), and an independent client (mosquitto_pub).
 */
class TlsIT {
    @TempDir
    static Path dir;
    static TestPki pki;
    /** TLS, server certificate only. */
    static TestBroker broker;
    /** TLS with verify_peer = true, fail_if_no_peer_cert = true. */
    static TestBroker mutual;

    @BeforeAll
    static void start() throws Exception {
        pki = new TestPki(dir);
        broker = TestBroker.start(pki.sslListener(false));
        mutual = TestBroker.start(pki.sslListener(true));
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
        if (mutual != null) {
            mutual.close();
        }
    }

    private static Mqtt5BlockingClient client(TestBroker b, String id, KeyManagerFactory keys) throws Exception {
        MqttClientSslConfigBuilder ssl = com.hivemq.client.mqtt.MqttClientSslConfig.builder()
                .trustManagerFactory(pki.trustManagers());
        if (keys != null) {
            ssl = ssl.keyManagerFactory(keys);
        }
        return MqttClient.builder().useMqttVersion5().identifier(id)
                .serverHost("127.0.0.1").serverPort(b.sslPort())
                .sslConfig(ssl.build())
                .buildBlocking();
    }

    /** Subscribes {@code sub} to {@code topic}, has {@code pub} publish, and checks the delivery. */
    private static void roundTrip(Mqtt5BlockingClient sub, Mqtt5BlockingClient pub, String topic) {
        try (Mqtt5BlockingClient.Mqtt5Publishes in = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter(topic).qos(MqttQos.EXACTLY_ONCE).send();
            pub.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload("over tls".getBytes(StandardCharsets.UTF_8)).send();
            Optional<Mqtt5Publish> got = in.receive(5, TimeUnit.SECONDS);
            assertThat(got).isPresent();
            assertThat(got.get().getTopic().toString()).isEqualTo(topic);
            assertThat(new String(got.get().getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("over tls");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void client_trusting_the_ca_publishes_and_subscribes_over_tls() throws Exception {
        Mqtt5BlockingClient sub = client(broker, "tls-sub", null);
        Mqtt5BlockingClient pub = client(broker, "tls-pub", null);
        sub.connect();
        pub.connect();
        try {
            roundTrip(sub, pub, "tls/t");
        } finally {
            pub.disconnect();
            sub.disconnect();
        }
    }

    @Test
    void with_fail_if_no_peer_cert_a_client_without_certificate_is_refused() throws Exception {
        Mqtt5BlockingClient anonymous = client(mutual, "no-cert", null);
        assertThatThrownBy(anonymous::connect).as("TLS without a client certificate").isInstanceOf(RuntimeException.class);
        assertThat(anonymous.getState().isConnected()).isFalse();
        assertThat(mutual.server().engine().sessionCount()).isZero();
    }

    @Test
    void with_verify_peer_a_client_with_a_certificate_from_the_ca_connects() throws Exception {
        Mqtt5BlockingClient sub = client(mutual, "cert-sub", pki.clientKeyManagers());
        Mqtt5BlockingClient pub = client(mutual, "cert-pub", pki.clientKeyManagers());
        sub.connect();
        pub.connect();
        try {
            roundTrip(sub, pub, "mtls/t");
        } finally {
            pub.disconnect();
            sub.disconnect();
        }
    }

    @Test
    void mosquitto_pub_over_tls_reaches_a_hivemq_subscriber() throws Exception {
        Mosquitto.assumeInstalled();
        Mqtt5BlockingClient sub = client(broker, "tls-mosq-sub", null);
        sub.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes in = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter("t").qos(MqttQos.AT_LEAST_ONCE).send();
            Path work = Files.createDirectories(dir.resolve("mosquitto"));
            Mosquitto.start(work, "mosquitto_pub", "--cafile", pki.caPem.toString(), "-h", "localhost",
                    "-p", Integer.toString(broker.sslPort()), "-t", "t", "-m", "x").awaitSuccess(10);
            Optional<Mqtt5Publish> got = in.receive(5, TimeUnit.SECONDS);
            assertThat(got).isPresent();
            assertThat(new String(got.get().getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("x");
        } finally {
            sub.disconnect();
        }
    }
}
