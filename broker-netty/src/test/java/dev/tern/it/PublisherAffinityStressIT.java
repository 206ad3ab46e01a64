package dev.tern.it;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import dev.tern.engine.Engine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Publisher affinity under churn, with real clients: lone publishers move to their subscribers' shard
 * (both ways) while new connections with the same client ids keep taking them over every few dozen messages, so takeovers land
 * before, during and after moves. Every acknowledged message must reach its subscriber, in order per
 * publisher connection [MQTT-4.6.0-6]; no client id may end up with two sessions or a stale owner
 * [MQTT-3.1.4-3]; and no shard may run into one of its own-thread assertions (captured from the log).
 */
class PublisherAffinityStressIT {
    static TestBroker broker;
    static final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    static final AppenderBase<ILoggingEvent> capture = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent e) {
            String thrown = e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getClassName();
            if (thrown.contains("AssertionError") || thrown.contains("IllegalStateException")
                    || thrown.contains("NullPointerException") || e.getFormattedMessage().contains("raised an exception")) {
                problems.add(e.getLoggerName() + ": " + e.getFormattedMessage() + " " + thrown
                        + (e.getThrowableProxy() == null ? "" : ": " + e.getThrowableProxy().getMessage()));
            }
        }
    };

    @BeforeAll
    static void start() {
        capture.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(capture);
        // Exceptions inside a connection's pipeline are logged here at debug (then the connection closes).
        ((Logger) LoggerFactory.getLogger("dev.tern.transport.MqttConnectionHandler")).setLevel(Level.DEBUG);
        broker = TestBroker.start("log.level = warn\n");
    }

    @AfterAll
    static void stop() {
        ((Logger) LoggerFactory.getLogger("dev.tern.transport.MqttConnectionHandler")).setLevel(null);
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(capture);
        if (broker != null) {
            broker.close();
        }
    }


    private static Mqtt5BlockingClient client(String id) {
        return MqttClient.builder().useMqttVersion5().identifier(id)
                .serverHost(broker.host()).serverPort(broker.port()).buildBlocking();
    }

    /** One publisher id: its latest connection, and what each of its connections got acknowledged. */
    static final class Slot {
        final String pubId;
        final String topic;
        final AtomicReference<Mqtt5BlockingClient> latest = new AtomicReference<>();
        final AtomicInteger generations = new AtomicInteger();
        final Map<Integer, List<Integer>> acked = new HashMap<>(); // by generation; written by its worker only
        final ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();
        /** Acknowledged messages over all connections (guarded by this): the takeover thread's pace. */
        private int ackCount;

        Slot(String pubId, String topic) {
            this.pubId = pubId;
            this.topic = topic;
        }

        Mqtt5BlockingClient connectNew() {
            Mqtt5BlockingClient c = client(pubId);
            c.connect();
            generations.incrementAndGet();
            synchronized (this) {
                latest.set(c);
                notifyAll();
            }
            return c;
        }

        synchronized void acked() {
            ackCount++;
            notifyAll();
        }

        synchronized int ackCount() {
            return ackCount;
        }

        /** Waits until {@code count} messages in all were acknowledged (or the deadline passes). */
        synchronized void awaitAcks(int count, long deadline) throws InterruptedException {
            long left;
            while (ackCount < count && (left = deadline - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }

        /** Waits until a newer connection than {@code c} is connected (or the deadline passes). */
        synchronized void awaitSuccessorOf(Mqtt5BlockingClient c, long deadline) throws InterruptedException {
            long left;
            while (latest.get() == c && (left = deadline - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }

    @Test
    void takeovers_racing_moves_lose_no_acknowledged_message_and_leave_one_owner_per_id() throws Exception {
        Engine engine = broker.server().engine();
        long movedBefore = engine.metrics().publishersMoved.sum();
        List<Slot> slots = new ArrayList<>();
        List<Mqtt5AsyncClient> subs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int subShard = i % 2; // both directions: publishers move 0 -> 1 and 1 -> 0
            Slot s = new Slot(TestBroker.clientIdOnShard(1 - subShard, "stress-pub-" + i + "-"), "stress/" + i);
            Mqtt5AsyncClient sub = client(TestBroker.clientIdOnShard(subShard, "stress-sub-" + i + "-")).toAsync();
            sub.connect().get();
            sub.subscribeWith().topicFilter(s.topic).qos(MqttQos.AT_LEAST_ONCE)
                    .callback(p -> s.received.add(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)))
                    .send().get();
            subs.add(sub);
            slots.add(s);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        List<Thread> threads = new ArrayList<>();
        for (Slot s : slots) {
            s.connectNew();
            threads.add(new Thread(() -> publishUntil(s, deadline), "stress-pub-" + s.topic));
            threads.add(new Thread(() -> takeOverUntil(s, deadline), "stress-takeover-" + s.topic));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join(Duration.ofSeconds(60).toMillis());
            assertThat(t.isAlive()).as("%s finished", t.getName()).isFalse();
        }

        for (Slot s : slots) {
            int total = s.acked.values().stream().mapToInt(List::size).sum();
            await().atMost(Duration.ofSeconds(10)).until(() -> s.received.size() >= total);
            Map<Integer, List<Integer>> got = new HashMap<>();
            for (String m : s.received) {
                String[] gs = m.split(":");
                got.computeIfAbsent(Integer.parseInt(gs[0]), g -> new ArrayList<>()).add(Integer.parseInt(gs[1]));
            }
            for (var e : s.acked.entrySet()) {
                List<Integer> delivered = got.getOrDefault(e.getKey(), List.of());
                assertThat(delivered).as("%s connection %d: every acknowledged message delivered", s.pubId, e.getKey())
                        .containsAll(e.getValue());
            }
            for (var e : got.entrySet()) {
                assertThat(e.getValue()).as("%s connection %d: in order, once", s.pubId, e.getKey()).isSorted()
                        .doesNotHaveDuplicates();
            }
            assertThat(s.generations.get()).as("takeovers of %s", s.pubId).isGreaterThan(5);
        }
        long moved = engine.metrics().publishersMoved.sum() - movedBefore;
        System.out.printf("PublisherAffinityStressIT: %d publisher connections, %d messages acknowledged, %d moves%n",
                slots.stream().mapToInt(s -> s.generations.get()).sum(),
                slots.stream().mapToLong(s -> s.acked.values().stream().mapToInt(List::size).sum()).sum(), moved);
        assertThat(moved).as("publishers moved").isGreaterThan(2L * slots.size());

        for (Slot s : slots) {
            Mqtt5BlockingClient c = s.latest.get();
            try {
                c.disconnect();
            } catch (RuntimeException alreadyClosed) {
                // taken over at the very end
            }
        }
        for (Mqtt5AsyncClient sub : subs) {
            sub.disconnect().get();
        }
        // Every session ended: each id belongs to its hash again, and nothing is left on any shard.
        for (Slot s : slots) {
            int home = Math.floorMod(s.pubId.hashCode(), 2);
            await().atMost(Duration.ofSeconds(10)).until(() -> engine.shardFor(s.pubId).index() == home);
            assertThat(engine.arriving(s.pubId)).isFalse();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.sessionCount() == 0);
        assertThat(problems).as("exceptions on the shards' threads").isEmpty();
    }

    /** Publishes QoS 1, one at a time, on the slot's latest connection; a taken-over one fails and is left. */
    private static void publishUntil(Slot s, long deadline) {
        Map<Mqtt5BlockingClient, Integer> genOf = new HashMap<>();
        int seq = 0;
        while (System.nanoTime() < deadline) {
            Mqtt5BlockingClient c = s.latest.get();
            int gen = genOf.computeIfAbsent(c, k -> genOf.size());
            try {
                c.publishWith().topic(s.topic).qos(MqttQos.AT_LEAST_ONCE)
                        .payload((gen + ":" + seq).getBytes(StandardCharsets.UTF_8)).send();
                s.acked.computeIfAbsent(gen, g -> new ArrayList<>()).add(seq);
                s.acked();
            } catch (RuntimeException takenOver) {
                try {
                    s.awaitSuccessorOf(c, deadline);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            seq++;
        }
    }

    /**
     * After every 20-120 acknowledged messages (around the 32 after which a publisher moves), connects
     * a new client with the slot's id: half the time as a takeover of whatever the last one is doing
     * (the id stays where its session is), half the time after that one disconnected (its session
     * ends, the id goes back to its hash, and the next one moves again). Paced by messages, not time.
     */
    private static void takeOverUntil(Slot s, long deadline) {
        while (System.nanoTime() < deadline) {
            try {
                s.awaitAcks(s.ackCount() + ThreadLocalRandom.current().nextInt(20, 120), deadline);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (System.nanoTime() >= deadline) {
                return;
            }
            if (ThreadLocalRandom.current().nextBoolean()) {
                try {
                    s.latest.get().disconnect();
                } catch (RuntimeException alreadyClosed) {
                    // taken over or closed meanwhile
                }
            }
            s.connectNew();
        }
    }
}
