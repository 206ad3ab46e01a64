package dev.tern.it;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttUtf8String;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientConfig;
import com.hivemq.client.mqtt.mqtt5.auth.Mqtt5EnhancedAuthMechanism;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5Auth;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5AuthBuilder;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5EnhancedAuth;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5EnhancedAuthBuilder;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5Connect;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5Disconnect;
import dev.tern.auth.PasswordFile;
import dev.tern.auth.ScramCredentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * MQTT 5 enhanced authentication (section 4.12) with SCRAM-SHA-256 end to end: the SCRAM client side
 * is written here on the HiveMQ client's {@link Mqtt5EnhancedAuthMechanism}, independently of the
 * broker's code, and also checks the server's signature in the CONNACK.
 */
class ScramAuthIT {
    @TempDir
    Path dir;
    private TestBroker broker;

    @BeforeEach
    void start() throws Exception {
        Path passwd = dir.resolve("passwd");
        Files.write(passwd, List.of(PasswordFile.line("alice", ScramCredentials.hash("wonderland".toCharArray()))));
        broker = TestBroker.start("auth.password_file = \"" + passwd + "\"\nauth.allow_anonymous = false\n");
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private Mqtt5BlockingClient client(String id, Mqtt5EnhancedAuthMechanism m) {
        return MqttClient.builder().useMqttVersion5().identifier(id)
                .serverHost(broker.host()).serverPort(broker.port()).enhancedAuth(m).buildBlocking();
    }

    @Test
    void right_password_connects_and_the_server_proves_it_knows_the_key_MQTT_4_12_0_5_MQTT_3_15_2_1() {
        ScramClient scram = new ScramClient("SCRAM-SHA-256", "alice", "wonderland");
        Mqtt5BlockingClient c = client("scram-ok", scram);

        Mqtt5ConnAck ack = c.connect();

        assertThat(ack.getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        assertThat(scram.serverVerified).isTrue();
        // The server's AUTH carries an AUTH reason code: 0x18 Continue authentication [MQTT-3.15.2-1].
        assertThat(scram.serverAuthReasons).hasSize(1).allMatch(r -> r.toString().equals("CONTINUE_AUTHENTICATION"));
        assertThat(ack.getEnhancedAuth()).map(a -> a.getMethod().toString()).contains("SCRAM-SHA-256");
        c.publishWith().topic("t").payload(new byte[] {1}).send();
        c.disconnect();
    }

    @Test
    void re_authentication_with_the_same_method_succeeds_and_the_connection_stays_up_MQTT_4_12_1_1() throws Exception {
        ScramClient scram = new ScramClient("SCRAM-SHA-256", "alice", "wonderland");
        Mqtt5BlockingClient c = client("scram-reauth", scram);
        c.connect();

        c.toAsync().reauth().get(10, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(scram.reauthVerified).as("the server proved the key again in its final AUTH").isTrue();
        assertThat(c.getState().isConnected()).isTrue();
        c.publishWith().topic("t").payload(new byte[] {1}).send();
        c.disconnect();
    }

    @Test
    void failed_re_authentication_ends_the_connection_with_disconnect_MQTT_4_12_1_2() throws Exception {
        ScramClient scram = new ScramClient("SCRAM-SHA-256", "alice", "wonderland");
        Mqtt5BlockingClient c = client("scram-reauth-bad", scram);
        c.connect();
        scram.password = "not-the-password";

        assertThatThrownBy(() -> c.toAsync().reauth().get(10, java.util.concurrent.TimeUnit.SECONDS))
                .isInstanceOf(java.util.concurrent.ExecutionException.class);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> !c.getState().isConnected());
        assertThat(scram.reauthRejectedWith).as("DISCONNECT reason").isEqualTo("NOT_AUTHORIZED");
    }

    @Test
    void wrong_password_is_refused_with_0x86_MQTT_4_12_0_4() {
        Mqtt5BlockingClient c = client("scram-bad", new ScramClient("SCRAM-SHA-256", "alice", "looking-glass"));
        assertThatThrownBy(c::connect).isInstanceOfSatisfying(Mqtt5ConnAckException.class,
                e -> assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD));
    }

    @Test
    void unknown_user_is_refused_with_0x86() {
        Mqtt5BlockingClient c = client("scram-who", new ScramClient("SCRAM-SHA-256", "mallory", "wonderland"));
        assertThatThrownBy(c::connect).isInstanceOfSatisfying(Mqtt5ConnAckException.class,
                e -> assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD));
    }

    @Test
    void unknown_method_is_refused_with_0x8C_MQTT_4_12_0_1() {
        Mqtt5BlockingClient c = client("scram-sha1", new ScramClient("SCRAM-SHA-1", "alice", "wonderland"));
        assertThatThrownBy(c::connect).isInstanceOfSatisfying(Mqtt5ConnAckException.class,
                e -> assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.BAD_AUTHENTICATION_METHOD));
    }

    /** The client side of RFC 5802 / RFC 7677, straight from the RFC's formulas. */
    static final class ScramClient implements Mqtt5EnhancedAuthMechanism {
        private final String method;
        private final String user;
        private volatile String password;
        private String clientNonce;
        private String clientFirstBare;
        private byte[] expectedServerSignature;
        volatile boolean serverVerified;
        /** Reason codes of the AUTH packets the server sent during the exchange. */
        final java.util.List<Object> serverAuthReasons = new java.util.concurrent.CopyOnWriteArrayList<>();

        ScramClient(String method, String user, String password) {
            this.method = method;
            this.user = user;
            this.password = password;
            byte[] n = new byte[18];
            new SecureRandom().nextBytes(n);
            this.clientNonce = Base64.getEncoder().encodeToString(n);
        }

        @Override
        public MqttUtf8String getMethod() {
            return MqttUtf8String.of(method);
        }

        @Override
        public int getTimeout() {
            return 10;
        }

        @Override
        public CompletableFuture<Void> onAuth(Mqtt5ClientConfig config, Mqtt5Connect connect, Mqtt5EnhancedAuthBuilder auth) {
            clientFirstBare = "n=" + user + ",r=" + clientNonce;
            auth.data(utf8("n,," + clientFirstBare));
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Boolean> onContinue(Mqtt5ClientConfig config, Mqtt5Auth auth, Mqtt5AuthBuilder next) {
            serverAuthReasons.add(auth.getReasonCode());
            try {
                String serverFirst = StandardCharsets.UTF_8.decode(auth.getData().orElseThrow()).toString();
                String nonce = attr(serverFirst, "r");
                if (!nonce.startsWith(clientNonce)) {
                    return CompletableFuture.completedFuture(false);
                }
                byte[] salt = Base64.getDecoder().decode(attr(serverFirst, "s"));
                int iterations = Integer.parseInt(attr(serverFirst, "i"));
                byte[] salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                        .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
                byte[] clientKey = hmac(salted, utf8bytes("Client Key"));
                byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
                String withoutProof = "c=biws,r=" + nonce;
                byte[] authMessage = utf8bytes(clientFirstBare + "," + serverFirst + "," + withoutProof);
                byte[] signature = hmac(storedKey, authMessage);
                byte[] proof = new byte[clientKey.length];
                for (int i = 0; i < proof.length; i++) {
                    proof[i] = (byte) (clientKey[i] ^ signature[i]);
                }
                expectedServerSignature = hmac(hmac(salted, utf8bytes("Server Key")), authMessage);
                next.data(utf8(withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof)));
                return CompletableFuture.completedFuture(true);
            } catch (Exception e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        @Override
        public CompletableFuture<Boolean> onAuthSuccess(Mqtt5ClientConfig config, Mqtt5ConnAck connAck) {
            String serverFinal = connAck.getEnhancedAuth().flatMap(Mqtt5EnhancedAuth::getData)
                    .map(b -> StandardCharsets.UTF_8.decode(b).toString()).orElse("");
            serverVerified = expectedServerSignature != null
                    && serverFinal.equals("v=" + Base64.getEncoder().encodeToString(expectedServerSignature));
            return CompletableFuture.completedFuture(serverVerified);
        }

        volatile boolean reauthVerified;

        @Override
        public CompletableFuture<Void> onReAuth(Mqtt5ClientConfig config, Mqtt5AuthBuilder auth) {
            byte[] n = new byte[18];
            new SecureRandom().nextBytes(n);
            clientNonce = Base64.getEncoder().encodeToString(n);
            expectedServerSignature = null;
            clientFirstBare = "n=" + user + ",r=" + clientNonce;
            auth.data(utf8("n,," + clientFirstBare));
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Boolean> onReAuthSuccess(Mqtt5ClientConfig config, Mqtt5Auth auth) {
            String serverFinal = auth.getData().map(b -> StandardCharsets.UTF_8.decode(b).toString()).orElse("");
            reauthVerified = expectedServerSignature != null
                    && serverFinal.equals("v=" + Base64.getEncoder().encodeToString(expectedServerSignature));
            return CompletableFuture.completedFuture(reauthVerified);
        }

        @Override
        public void onAuthRejected(Mqtt5ClientConfig config, Mqtt5ConnAck connAck) {
        }

        volatile String reauthRejectedWith;

        @Override
        public void onReAuthRejected(Mqtt5ClientConfig config, Mqtt5Disconnect disconnect) {
            reauthRejectedWith = disconnect.getReasonCode().toString();
        }

        @Override
        public void onAuthError(Mqtt5ClientConfig config, Throwable cause) {
        }

        @Override
        public void onReAuthError(Mqtt5ClientConfig config, Throwable cause) {
        }

        private static String attr(String message, String name) {
            for (String a : message.split(",")) {
                if (a.startsWith(name + "=")) {
                    return a.substring(name.length() + 1);
                }
            }
            throw new IllegalArgumentException("no " + name + "= in " + message);
        }

        private static byte[] hmac(byte[] key, byte[] data) throws Exception {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        }

        private static ByteBuffer utf8(String s) {
            return ByteBuffer.wrap(utf8bytes(s));
        }

        private static byte[] utf8bytes(String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
    }
}
