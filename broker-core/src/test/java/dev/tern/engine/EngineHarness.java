package dev.tern.engine;

import dev.tern.auth.Auth;
import dev.tern.config.TernConfig;
import dev.tern.packet.Connack;
import dev.tern.packet.Connect;
import dev.tern.packet.MqttVersion;
import dev.tern.packet.Qos;
import dev.tern.packet.Will;
import dev.tern.session.Session;
import dev.tern.store.MemoryStore;
import dev.tern.store.SessionStore;
import dev.tern.time.VirtualExecutor;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * An {@link Engine} with two shards sharing one {@link VirtualExecutor}: every task and timer runs on
 * the test thread, and time moves only through {@link #advance(Duration)}. Plays the transport's part:
 * admits a CONNECT, answers a refusal with CONNACK, and hands accepted ones to the owning shard.
 */
final class EngineHarness {
    final VirtualExecutor executor = new VirtualExecutor();
    final Engine engine;
    private final Consumer<TestConfig> tweak;
    private int clientSeq;

    EngineHarness() {
        this(c -> { });
    }

    EngineHarness(Consumer<TestConfig> tweak) {
        this(tweak, new MemoryStore());
    }

    /** An engine over the given store (persistence); see {@link #restart}. */
    EngineHarness(Consumer<TestConfig> tweak, SessionStore store) {
        this.tweak = tweak;
        TestConfig c = new TestConfig();
        tweak.accept(c);
        TernConfig config = c.build();
        this.engine = new Engine(config, Collections.nCopies(config.engine().threads(), executor),
                Auth.fromSettings(config.auth()), store);
    }

    /**
     * A broker restart: a new engine (same configuration) over {@code store}, whose clock starts where
     * this one stopped plus {@code downtime} (wall-clock time moves on, as across a real restart), then
     * {@link Engine#recover()}. This engine and its clients are abandoned as if the process had died.
     */
    EngineHarness restart(Duration downtime, SessionStore store) {
        EngineHarness next = new EngineHarness(tweak, store);
        next.executor.advance(Duration.ofNanos(executor.nanoTime()).plus(downtime));
        try {
            next.engine.recover();
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
        next.runPending();
        return next;
    }

    /** Connects with the given CONNECT; the client holds the CONNACK (or the refusal) unread. */
    TestClient connect(Connect c) {
        TestClient client = new TestClient(this, c.version(), "10.0.0." + (++clientSeq) + ":5" + clientSeq);
        Admission a = engine.admit(c);
        if (!a.accepted()) {
            client.send(Connack.of(false, a.refusal()));
            client.flush();
            client.close();
            return client;
        }
        client.clientId = a.clientId();
        client.connection = engine.shardFor(a.clientId()).connect(client, c, a);
        runPending();
        return client;
    }

    /** Connects and consumes a successful CONNACK. */
    TestClient connected(Connect c) {
        TestClient client = connect(c);
        client.expectConnack();
        return client;
    }

    TestClient v5(String id) {
        return connected(Connect.of(MqttVersion.V5, id, true, 0));
    }

    TestClient v311(String id) {
        return connected(Connect.of(MqttVersion.V3_1_1, id, true, 0));
    }

    static Connect v5Connect(String id, boolean cleanStart, long sessionExpiry) {
        return Connect.of(MqttVersion.V5, id, cleanStart, 0).withSessionExpiryInterval(sessionExpiry);
    }

    static Connect v311Connect(String id, boolean cleanSession) {
        return Connect.of(MqttVersion.V3_1_1, id, cleanSession, 0);
    }

    static Will will(String topic, String payload, Qos qos, long delaySeconds) {
        return new Will(topic, bytes(payload), qos, false, delaySeconds, null);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    void runPending() {
        executor.runPending();
    }

    void advance(Duration d) {
        executor.advance(d);
    }

    void advanceMillis(long ms) {
        executor.advanceMillis(ms);
    }

    /** The session of a client id, or null (looked up on its shard). */
    Session session(String clientId) {
        return engine.shardFor(clientId).session(clientId);
    }

    List<Session> allSessions() {
        return java.util.Arrays.stream(engine.shards()).flatMap(s -> s.sessions().stream()).toList();
    }
}
