package dev.tern.e2e;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 5: acknowledged messages survive {@code kill -9} of the real broker process. A publisher streams
 * numbered QoS 1 and QoS 2 messages to an offline persistent session and to retained topics; the broker
 * is killed mid-stream and restarted on the same data directory; then every message the broker had
 * acknowledged (PUBACK, or for QoS 2 PUBREC, received) must arrive: QoS 1 at least once, QoS 2 exactly once.
 */
class CrashIT {
    private static final int MESSAGES = 6000;
    private static final int KILL_AFTER_ACKS = 2500;
    private static final int IN_FLIGHT = 200;
    /** The publisher waits here for the kill, so that it lands before the stream ends however fast the broker is. */
    private static final int HOLD_AT = MESSAGES - 1000;
    private static final int RETAINED_TOPICS = 10;
    private static final long EXPIRY_SECONDS = 5;

    @TempDir
    Path dir;
    private TernProcess tern;
    private final List<Mqtt5BlockingClient> clients = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (Mqtt5BlockingClient c : clients) {
            if (c.getState().isConnected()) {
                try {
                    c.disconnect();
                } catch (com.hivemq.client.mqtt.exceptions.MqttClientStateException e) {
                    // the broker went away between the check and the call (these tests kill it)
                }
            }
        }
        if (tern != null) {
            tern.close();
        }
    }

    private TernProcess start() throws Exception {
        return TernProcess.start(dir, TernProcess.rocksdb(dir.resolve("data"))
                + "mqtt.max_mqueue_len = 100000\n" // the queue policy must not drop what the test counts
                + "log.level = info\n");
    }

    private Mqtt5BlockingClient client(String id) {
        Mqtt5BlockingClient c = MqttClient.builder().useMqttVersion5().identifier(id)
                .serverHost(tern.host()).serverPort(tern.port()).buildBlocking();
        clients.add(c);
        return c;
    }

    private static Mqtt5ConnAck connect(Mqtt5BlockingClient c, boolean cleanStart, long expiry) {
        return c.connectWith().cleanStart(cleanStart).sessionExpiryInterval(expiry).send();
    }

    private static String topicOf(int seq) {
        return switch (seq % 3) {
            case 0 -> "crash/q1";
            case 1 -> "crash/q2";
            default -> "crash/r/" + (seq % RETAINED_TOPICS);
        };
    }

    @Test
    void acknowledged_messages_survive_kill_9_qos1_at_least_once_qos2_exactly_once_retained_intact() throws Exception {
        tern = start();
        Mqtt5BlockingClient sub = client("crash-sub");
        connect(sub, true, 3600);
        sub.subscribeWith().topicFilter("crash/q1").qos(MqttQos.AT_LEAST_ONCE).send();
        sub.subscribeWith().topicFilter("crash/q2").qos(MqttQos.EXACTLY_ONCE).send();
        sub.disconnect();
        Mqtt5BlockingClient expiring = client("crash-expiring");
        connect(expiring, true, EXPIRY_SECONDS);
        expiring.disconnect();
        long expiringDisconnectedAt = System.currentTimeMillis();

        List<String> notAcked = Collections.synchronizedList(new ArrayList<>());
        Streamed streamed = streamAndKill(CrashIT::topicOf,
                seq -> seq % 3 == 1 ? MqttQos.EXACTLY_ONCE : MqttQos.AT_LEAST_ONCE, notAcked);
        Set<Integer> ackedAtKill = streamed.acked();
        AtomicInteger sent = streamed.sent();

        tern = start();
        long restartedAt = System.currentTimeMillis();
        assertThat(tern.output()).contains("persistence: recovered");

        // The offline session is back with everything acknowledged; the marker after it proves the queue drained.
        Map<String, List<Integer>> received = new ConcurrentHashMap<>();
        Mqtt5BlockingClient sub2 = client("crash-sub");
        sub2.toAsync().publishes(MqttGlobalPublishFilter.ALL, (Mqtt5Publish p) -> received
                .computeIfAbsent(p.getTopic().toString(), t -> Collections.synchronizedList(new ArrayList<>()))
                .add(Integer.parseInt(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8))));
        assertThat(connect(sub2, false, 3600).isSessionPresent()).as("persistent session survived kill -9").isTrue();
        Mqtt5BlockingClient pub2 = client("crash-pub2");
        connect(pub2, true, 0);
        pub2.publishWith().topic("crash/q2").qos(MqttQos.EXACTLY_ONCE).payload("-1".getBytes(StandardCharsets.UTF_8)).send();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> received.getOrDefault("crash/q2", List.of()).contains(-1));

        List<Integer> q1 = List.copyOf(received.getOrDefault("crash/q1", List.of()));
        List<Integer> q2 = List.copyOf(received.getOrDefault("crash/q2", List.of()));
        List<Integer> ackedQ1 = ackedAtKill.stream().filter(s -> s % 3 == 0).sorted().toList();
        List<Integer> ackedQ2 = ackedAtKill.stream().filter(s -> s % 3 == 1).sorted().toList();
        assertThat(ackedQ1).isNotEmpty();
        assertThat(ackedQ2).as("QoS 2 acknowledged before the kill; first not acknowledged: %s", notAcked).isNotEmpty();
        assertThat(q1).as("every acknowledged QoS 1 message, at least once").containsAll(ackedQ1);
        assertThat(q2).as("every acknowledged QoS 2 message").containsAll(ackedQ2);
        assertThat(q2).as("QoS 2: no duplicates").doesNotHaveDuplicates();

        // Retained: per topic the last acknowledged value, or a later one that was sent.
        Map<String, Integer> retained = new ConcurrentHashMap<>();
        Mqtt5BlockingClient reader = client("crash-reader");
        reader.toAsync().publishes(MqttGlobalPublishFilter.ALL, (Mqtt5Publish p) -> retained.put(p.getTopic().toString(),
                Integer.parseInt(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8))));
        connect(reader, true, 0);
        reader.subscribeWith().topicFilter("crash/r/#").qos(MqttQos.AT_LEAST_ONCE).send();
        await().atMost(Duration.ofSeconds(10)).until(() -> retained.size() == RETAINED_TOPICS);
        for (int t = 0; t < RETAINED_TOPICS; t++) {
            int topic = t;
            int lastAcked = ackedAtKill.stream().filter(s -> s % 3 == 2 && s % RETAINED_TOPICS == topic)
                    .max(Integer::compare).orElse(-1);
            int value = retained.get("crash/r/" + t);
            assertThat(value).as("retained crash/r/%d", t).isGreaterThanOrEqualTo(lastAcked);
            assertThat(value % 3 == 2 && value % RETAINED_TOPICS == t && value < sent.get()).isTrue();
        }

        // Session expiry counts from the disconnect before the kill, not from the restart: at
        // max(disconnect + expiry, restart) it is gone, which is before restart + expiry.
        long probeAt = Math.max(expiringDisconnectedAt + EXPIRY_SECONDS * 1000 + 500, restartedAt);
        assertThat(probeAt).isLessThan(restartedAt + EXPIRY_SECONDS * 1000);
        await().atMost(Duration.ofSeconds(EXPIRY_SECONDS + 5)).until(() -> System.currentTimeMillis() >= probeAt);
        Mqtt5BlockingClient back = client("crash-expiring");
        assertThat(connect(back, false, EXPIRY_SECONDS).isSessionPresent()).as("expired across the restart").isFalse();
    }

    /** What a stream ended with when the broker was killed: the messages acknowledged, and how many were sent. */
    private record Streamed(Set<Integer> acked, AtomicInteger sent) {
    }

    /**
     * Streams numbered messages with a bounded window, so that the kill lands with about IN_FLIGHT of them
     * unacknowledged, and kills the broker with {@code kill -9} once KILL_AFTER_ACKS are acknowledged: the
     * acknowledgement that reaches the count releases the kill at once, and the publisher holds at HOLD_AT
     * until the kill (polling for the count had let a fast broker acknowledge all MESSAGES between two
     * polls, so the kill came after the stream).
     */
    private Streamed streamAndKill(IntFunction<String> topicOf, IntFunction<MqttQos> qosOf, List<String> notAcked)
            throws Exception {
        Mqtt5AsyncClient pub = client("crash-pub").toAsync();
        pub.connectWith().cleanStart(true).send().get(10, TimeUnit.SECONDS);
        Set<Integer> acked = ConcurrentHashMap.newKeySet();
        AtomicInteger sent = new AtomicInteger();
        Semaphore window = new Semaphore(IN_FLIGHT);
        CountDownLatch killPoint = new CountDownLatch(1);
        CountDownLatch killed = new CountDownLatch(1);
        Thread publisher = new Thread(() -> {
            for (int seq = 0; seq < MESSAGES && pub.getState().isConnected(); seq++) {
                if (seq == HOLD_AT) {
                    try {
                        killed.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return;
                }
                try {
                    if (!window.tryAcquire(10, TimeUnit.SECONDS)) {
                        return;
                    }
                } catch (InterruptedException e) {
                    return;
                }
                int n = seq;
                String topic = topicOf.apply(seq);
                pub.publishWith().topic(topic).qos(qosOf.apply(seq))
                        .retain(topic.startsWith("crash/r/")).payload(Integer.toString(seq).getBytes(StandardCharsets.UTF_8))
                        .send().whenComplete((r, e) -> {
                            if (e == null && acknowledged(r)) {
                                acked.add(n);
                                if (acked.size() >= KILL_AFTER_ACKS) {
                                    killPoint.countDown();
                                }
                            } else if (notAcked.size() < 5) {
                                notAcked.add(n + ": " + (e != null ? e : r));
                            }
                            window.release();
                        });
                sent.incrementAndGet();
            }
        }, "crash-publisher");
        publisher.start();
        assertThat(killPoint.await(30, TimeUnit.SECONDS)).as("%d messages acknowledged", KILL_AFTER_ACKS).isTrue();
        tern.kill9();
        killed.countDown();
        publisher.join(TimeUnit.SECONDS.toMillis(15));
        assertThat(sent.get()).as("killed mid-stream").isLessThan(MESSAGES);
        return new Streamed(Set.copyOf(acked), sent);
    }

    private static int number(Mqtt5Publish p) {
        return Integer.parseInt(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8));
    }

    /**
     * The same with the subscriber connected while the broker dies: QoS 1 deliveries are in flight under
     * the packet ids their sequences give and recorded only by the session's sent mark (persistence.md,
     * write path). Whatever the subscriber had not acknowledged comes back after the restart.
     */
    @Test
    void acknowledged_qos1_to_a_connected_persistent_subscriber_survives_kill_9_at_least_once() throws Exception {
        tern = start();
        Set<Integer> before = ConcurrentHashMap.newKeySet();
        Mqtt5BlockingClient sub = client("crash-online");
        sub.toAsync().publishes(MqttGlobalPublishFilter.ALL, (Mqtt5Publish p) -> before.add(number(p)));
        sub.connectWith().cleanStart(true).sessionExpiryInterval(3600)
                .restrictions().receiveMaximum(10).applyRestrictions().send();
        sub.subscribeWith().topicFilter("crash/online").qos(MqttQos.AT_LEAST_ONCE).send();

        List<String> notAcked = Collections.synchronizedList(new ArrayList<>());
        Set<Integer> ackedAtKill = streamAndKill(seq -> "crash/online", seq -> MqttQos.AT_LEAST_ONCE, notAcked).acked();

        tern = start();
        Set<Integer> after = ConcurrentHashMap.newKeySet();
        Mqtt5BlockingClient sub2 = client("crash-online");
        sub2.toAsync().publishes(MqttGlobalPublishFilter.ALL, (Mqtt5Publish p) -> after.add(number(p)));
        assertThat(sub2.connectWith().cleanStart(false).sessionExpiryInterval(3600)
                .restrictions().receiveMaximum(10).applyRestrictions().send().isSessionPresent())
                .as("persistent session survived kill -9").isTrue();
        Mqtt5BlockingClient pub2 = client("crash-pub2");
        connect(pub2, true, 0);
        pub2.publishWith().topic("crash/online").qos(MqttQos.AT_LEAST_ONCE)
                .payload("-1".getBytes(StandardCharsets.UTF_8)).send();
        await().atMost(Duration.ofSeconds(30)).until(() -> after.contains(-1));

        assertThat(ackedAtKill).as("first not acknowledged: %s", notAcked).isNotEmpty();
        Set<Integer> received = new java.util.HashSet<>(before);
        received.addAll(after);
        assertThat(received).as("every acknowledged QoS 1 message, before the kill or after the restart")
                .containsAll(ackedAtKill);
        assertThat(after).as("the restart re-delivered what was in flight or queued").isNotEmpty();
    }

    private static boolean acknowledged(Mqtt5PublishResult r) {
        if (r.getError().isPresent()) {
            return false;
        }
        if (r instanceof Mqtt5PublishResult.Mqtt5Qos1Result q1) {
            return !q1.getPubAck().getReasonCode().isError();
        }
        // The HiveMQ client completes a QoS 2 send at PUBREC: from then on the message is the broker's
        // (the publisher never re-sends the PUBLISH), so PUBREC is the acknowledgement that counts.
        if (r instanceof Mqtt5PublishResult.Mqtt5Qos2Result q2) {
            return !q2.getPubRec().getReasonCode().isError();
        }
        return false;
    }
}
