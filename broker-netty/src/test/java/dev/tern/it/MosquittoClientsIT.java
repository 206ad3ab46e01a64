package dev.tern.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The mosquitto command line clients (an independent C implementation) against Tern. */
class MosquittoClientsIT {
    static TestBroker broker;
    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        broker = TestBroker.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @BeforeEach
    void needsMosquitto() {
        Mosquitto.assumeInstalled();
    }

    private String port() {
        return Integer.toString(broker.port());
    }

    private int subscriptions() {
        return broker.server().engine().subscriptions().subscriptionCount();
    }

    /** Starts mosquitto_sub and waits until its subscription is in the broker. */
    private Mosquitto.Run subscribe(String... args) throws Exception {
        int before = subscriptions();
        String[] cmd = new String[args.length + 5];
        cmd[0] = "mosquitto_sub";
        System.arraycopy(new String[] {"-h", "127.0.0.1", "-p", port()}, 0, cmd, 1, 4);
        System.arraycopy(args, 0, cmd, 5, args.length);
        Mosquitto.Run sub = Mosquitto.start(dir, cmd);
        await().atMost(Duration.ofSeconds(10)).until(() -> subscriptions() > before || !sub.process().isAlive());
        assertThat(sub.process().isAlive()).as("mosquitto_sub is running").isTrue();
        return sub;
    }

    private void publish(String... args) throws Exception {
        String[] cmd = new String[args.length + 5];
        cmd[0] = "mosquitto_pub";
        System.arraycopy(new String[] {"-h", "127.0.0.1", "-p", port()}, 0, cmd, 1, 4);
        System.arraycopy(args, 0, cmd, 5, args.length);
        Mosquitto.start(dir, cmd).awaitSuccess(10);
    }

    @Test
    void v5_qos2_publish_reaches_wildcard_subscriber() throws Exception {
        Mosquitto.Run sub = subscribe("-V", "mqttv5", "-q", "2", "-t", "a/#", "-C", "1", "-v", "-W", "10");
        publish("-V", "mqttv5", "-q", "2", "-t", "a/b", "-m", "x");
        assertThat(sub.awaitSuccess(10)).isEqualTo("a/b x\n");
    }

    @Test
    void v311_qos2_publish_reaches_wildcard_subscriber() throws Exception {
        Mosquitto.Run sub = subscribe("-V", "mqttv311", "-q", "2", "-t", "v3/#", "-C", "1", "-v", "-W", "10");
        publish("-V", "mqttv311", "-q", "2", "-t", "v3/b", "-m", "y");
        assertThat(sub.awaitSuccess(10)).isEqualTo("v3/b y\n");
    }

    @Test
    void retained_message_reaches_later_subscriber_MQTT_3_3_1_6() throws Exception {
        publish("-V", "mqttv311", "-q", "1", "-r", "-t", "ret/t", "-m", "kept");
        Mosquitto.Run sub = Mosquitto.start(dir, "mosquitto_sub", "-h", "127.0.0.1", "-p", port(),
                "-V", "mqttv5", "-t", "ret/t", "-C", "1", "-W", "10");
        assertThat(sub.awaitSuccess(10)).isEqualTo("kept\n");
    }
}
