package dev.tern.engine;

import dev.tern.auth.Acl;
import dev.tern.auth.Auth;
import dev.tern.auth.AuthResult;
import dev.tern.auth.EnhancedAuthMethod;
import dev.tern.config.TernConfig;
import dev.tern.metrics.EngineMetrics;
import dev.tern.packet.Connect;
import dev.tern.packet.MqttVersion;
import dev.tern.packet.ReasonCode;
import dev.tern.retain.RetainedTrie;
import dev.tern.routing.SharedStrategy;
import dev.tern.routing.SubscriptionTrie;
import dev.tern.session.Message;
import dev.tern.session.SubscriptionData;
import dev.tern.session.Session;
import dev.tern.store.MemoryStore;
import dev.tern.store.SessionStore;
import dev.tern.store.StoredSession;
import dev.tern.time.ShardExecutor;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The broker engine: N shards, each owning the sessions whose client id hashes to it (or that moved to
 * it: publisher affinity, {@link #relocate}), plus the subscription index and the retained store that
 * all shards read. No sockets here: a transport hands
 * each connection to {@link #shardFor(String)} and feeds it packets on that shard's thread.
 */
public final class Engine {

    private final TernConfig config;
    private final SessionStore store;
    private final Auth auth;
    private final Shard[] shards;
    private final SubscriptionTrie<Session, SubscriptionData> subscriptions;
    private final RetainedTrie<Message> retained = new RetainedTrie<>();
    private final EngineMetrics metrics = new EngineMetrics();
    private final String assignedIdPrefix;
    private final AtomicLong assignedIdSequence = new AtomicLong();
    /**
     * Client ids whose session lives on another shard than their hash names: publishers moved to the
     * shard of their subscribers (publisher affinity). Written only by the shard that owns the id at
     * the time: the owner moving a session away, or the new owner releasing the id when its session ends.
     */
    private final ConcurrentHashMap<String, Shard> relocated = new ConcurrentHashMap<>();
    /** Client ids whose session is on its way to the shard {@link #relocated} names (its adoption task is queued there). */
    private final Set<String> arriving = ConcurrentHashMap.newKeySet();

    /** An engine that persists nothing (as persistence.type = memory), with the built-in authentication. */
    public Engine(TernConfig config, List<? extends ShardExecutor> executors) {
        this(config, executors, Auth.fromSettings(config.auth()), new MemoryStore());
    }

    /** @param auth the authenticator and ACL; @param store where persistent sessions and retained messages live */
    public Engine(TernConfig config, List<? extends ShardExecutor> executors, Auth auth, SessionStore store) {
        this.config = Objects.requireNonNull(config, "config");
        this.auth = Objects.requireNonNull(auth, "auth");
        this.store = Objects.requireNonNull(store, "store");
        this.subscriptions = new SubscriptionTrie<>(
                SharedStrategy.valueOf(config.mqtt().sharedSubscriptionStrategy().name()));
        if (executors.isEmpty()) {
            throw new IllegalArgumentException("at least one shard executor is needed");
        }
        this.shards = new Shard[executors.size()];
        for (int i = 0; i < shards.length; i++) {
            shards[i] = new Shard(i, executors.get(i), this);
        }
        this.assignedIdPrefix = "tern-" + Long.toString(new SecureRandom().nextLong() & Long.MAX_VALUE, 36) + "-";
    }

    public TernConfig config() {
        return config;
    }

    public SessionStore store() {
        return store;
    }

    /**
     * Restores persistent sessions and retained messages from the store; call once, before any
     * connection is accepted. Sessions go back to the shards that own their client ids; then what
     * expired or fell due while the broker was down is expired or published.
     *
     * @return a one-line summary for the log
     */
    public String recover() throws InterruptedException, ExecutionException {
        List<List<StoredSession>> perShard = new ArrayList<>();
        for (int i = 0; i < shards.length; i++) {
            perShard.add(new ArrayList<>());
        }
        int[] retained = {0};
        long[] deliveries = {0};
        store.recover(s -> {
            perShard.get(shardFor(s.clientId()).index()).add(s);
            deliveries[0] += s.deliveries().size();
        }, (topic, m) -> {
            this.retained.put(topic, ShardJournal.fromStored(m, shards[0].executor()));
            retained[0]++;
        });
        onEveryShard(s -> perShard.get(s.index()).forEach(s::restore));
        onEveryShard(Shard::finishRecovery);
        int sessions = perShard.stream().mapToInt(List::size).sum();
        return String.format("recovered %d session(s) with %d queued or in-flight message(s) and %d retained "
                + "message(s)", sessions, deliveries[0], retained[0]);
    }

    private void onEveryShard(java.util.function.Consumer<Shard> work) throws InterruptedException, ExecutionException {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (Shard s : shards) {
            if (s.executor().inThread()) {
                work.accept(s); // already on the shard's thread (a virtual executor in tests): waiting would deadlock
                continue;
            }
            CompletableFuture<Void> f = new CompletableFuture<>();
            s.executor().execute(() -> {
                try {
                    work.accept(s);
                    f.complete(null);
                } catch (RuntimeException e) {
                    f.completeExceptionally(e);
                }
            });
            all.add(f);
        }
        CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).get();
    }

    public Auth auth() {
        return auth;
    }

    public EngineMetrics metrics() {
        return metrics;
    }

    public SubscriptionTrie<Session, SubscriptionData> subscriptions() {
        return subscriptions;
    }

    public RetainedTrie<Message> retained() {
        return retained;
    }

    public int shardCount() {
        return shards.length;
    }

    Shard[] shards() {
        return shards;
    }

    public Shard shard(int index) {
        return shards[index];
    }

    /**
     * The shard that owns the session of this client id, if it has one, and that a new connection
     * with this id must attach to: the hash of the id, unless its session moved ({@link #relocate}).
     * The answer can change under a caller on another thread; the shard itself checks it again on its
     * own thread before it creates a session (only an id's owner moves it away).
     */
    public Shard shardFor(String clientId) {
        if (!relocated.isEmpty()) {
            Shard s = relocated.get(clientId);
            if (s != null) {
                return s;
            }
        }
        return home(clientId);
    }

    /** The shard a client id hashes to. */
    Shard home(String clientId) {
        return shards[Math.floorMod(clientId.hashCode(), shards.length)];
    }

    /**
     * Whether the session of this client id has left its old shard and not yet been adopted by the
     * new one: a connection for it waits on the new shard's queue, behind the adoption.
     */
    public boolean arriving(String clientId) {
        return !arriving.isEmpty() && arriving.contains(clientId);
    }

    /**
     * Called by the owner, on its thread, just before it queues the adoption task on {@code to}: a
     * connection that finds the new owner first waits there until {@link #adopted}.
     */
    void relocate(String clientId, Shard to) {
        arriving.add(clientId);
        if (to == home(clientId)) {
            relocated.remove(clientId);
        } else {
            relocated.put(clientId, to);
        }
    }

    /** Called by the new owner, on its thread, when it has adopted the session. */
    void adopted(String clientId) {
        arriving.remove(clientId);
    }

    /** Called by the owner when the session of a client id ends there: the id belongs to its hash again. */
    void released(String clientId, Shard owner) {
        if (!relocated.isEmpty()) {
            relocated.remove(clientId, owner);
        }
    }

    /** How many client ids live away from their hash (for tests and metrics). */
    int relocatedCount() {
        return relocated.size();
    }

    /**
     * Checks a CONNECT before any session is touched: client identifier rules ([MQTT-3.1.3-6],
     * [MQTT-3.1.3-8] for 3.1.1, server-assigned ids for MQTT 5), length limit, then credentials through
     * the {@link Auth}'s authenticator and the will topic through its ACL. A CONNECT with a supported
     * Authentication Method is accepted pending its exchange ({@link Admission#awaitingAuth()}). Thread-safe.
     */
    public Admission admit(Connect c) {
        String id = c.clientId();
        boolean assigned = false;
        if (id.isEmpty()) {
            if (c.version() == MqttVersion.V5 || (c.version() == MqttVersion.V3_1_1 && c.cleanStart())) {
                id = assignedIdPrefix + assignedIdSequence.incrementAndGet();
                assigned = true;
            } else {
                return Admission.refuse(ReasonCode.CLIENT_IDENTIFIER_NOT_VALID,
                        c.version() == MqttVersion.V3_1_1
                                ? "empty client id requires clean session = 1 [MQTT-3.1.3-8]"
                                : "MQTT 3.1 requires a client id of 1 to 23 characters");
            }
        }
        if (id.length() > config.mqtt().maxClientIdLength()) {
            return Admission.refuse(ReasonCode.CLIENT_IDENTIFIER_NOT_VALID,
                    "client id longer than mqtt.max_client_id_length = " + config.mqtt().maxClientIdLength());
        }
        if (c.will() != null && c.will().qos().value() > config.mqtt().maxQos()) {
            return Admission.refuse(ReasonCode.QOS_NOT_SUPPORTED,
                    "will QoS " + c.will().qos().value() + " above mqtt.max_qos [MQTT-3.2.2-12]");
        }
        if (c.will() != null && c.will().retain() && !config.mqtt().retainAvailable()) {
            return Admission.refuse(ReasonCode.RETAIN_NOT_SUPPORTED,
                    "will retain but retain is not available [MQTT-3.2.2-13]");
        }
        Admission accepted = Admission.accept(id, assigned);
        if (c.authenticationMethod() != null) {
            EnhancedAuthMethod method = auth.authenticator().enhanced(c.authenticationMethod());
            if (method == null) {
                return Admission.refuse(ReasonCode.BAD_AUTHENTICATION_METHOD,
                        "authentication method '" + c.authenticationMethod() + "' is not supported [MQTT-4.12.0-1]");
            }
            return accepted.awaitingAuth(method.name(), method.start(c));
        }
        AuthResult r = auth.authenticator().authenticate(c);
        if (!r.succeeded()) {
            return Admission.refuse(r.refusal(), r.detail());
        }
        return checkWill(c, accepted.withUser(r.username()));
    }

    /**
     * Completes an admission whose enhanced authentication exchange succeeded: the CONNACK will carry
     * the method and the final server data [MQTT-4.12.0-5]. Thread-safe.
     */
    public Admission authenticated(Connect c, Admission pending, EnhancedAuthMethod.Step.Success success) {
        if (!pending.awaitingAuth()) {
            throw new IllegalArgumentException("no authentication exchange was pending");
        }
        return checkWill(c, pending.authenticatedAs(success.username(), success.serverData()));
    }

    /** A will is a publish too: refuse the CONNECT rather than accept a will the ACL would drop. */
    private Admission checkWill(Connect c, Admission a) {
        if (c.will() != null && !auth.acl().allows(Acl.Action.PUBLISH, a.username(), a.clientId(), c.will().topic())) {
            return Admission.refuse(ReasonCode.NOT_AUTHORIZED, "the ACL does not allow the will topic '" + c.will().topic() + "'");
        }
        return a;
    }

    /** Closes every connection with "server shutting down" (wills are published as for any abnormal close). */
    public CompletableFuture<Void> shutdown() {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (Shard s : shards) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            s.executor().execute(() -> {
                try {
                    s.closeAll(CloseReason.serverShutdown());
                } finally {
                    f.complete(null);
                }
            });
            all.add(f);
        }
        return CompletableFuture.allOf(all.toArray(new CompletableFuture[0]));
    }

    /** Sessions across all shards (approximate while shards run). */
    public int sessionCount() {
        int n = 0;
        for (Shard s : shards) {
            n += s.sessionCountApprox();
        }
        return n;
    }
}
