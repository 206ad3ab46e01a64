package dev.tern.engine;

import dev.tern.packet.Connack;
import dev.tern.packet.Disconnect;
import dev.tern.packet.MqttPacket;
import dev.tern.packet.MqttVersion;
import dev.tern.packet.Pingreq;
import dev.tern.packet.Puback;
import dev.tern.packet.Pubcomp;
import dev.tern.packet.Publish;
import dev.tern.packet.PublishProperties;
import dev.tern.packet.Pubrec;
import dev.tern.packet.Pubrel;
import dev.tern.packet.Qos;
import dev.tern.packet.ReasonCode;
import dev.tern.packet.Suback;
import dev.tern.packet.Subscribe;
import dev.tern.packet.SubscriptionOptions;
import dev.tern.packet.TopicSubscription;
import dev.tern.packet.Unsuback;
import dev.tern.packet.Unsubscribe;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fake transport for one client: records what the engine sends, and drives the connection the
 * way the transport would (each call runs the shards' pending tasks afterwards).
 */
final class TestClient implements ClientChannel {
    private final EngineHarness harness;
    final MqttVersion version;
    private final String remote;
    private final ArrayDeque<MqttPacket> received = new ArrayDeque<>();
    String clientId;
    Connection connection;
    boolean closed;
    boolean writable = true;
    int sentAfterClose;
    private int nextPacketId = 1;

    TestClient(EngineHarness harness, MqttVersion version, String remote) {
        this.harness = harness;
        this.version = version;
        this.remote = remote;
    }

    // ---- ClientChannel ----

    @Override
    public boolean send(MqttPacket packet) {
        if (closed) {
            sentAfterClose++;
            return true;
        }
        unflushed.add(packet);
        return true;
    }

    @Override
    public boolean isWritable() {
        return writable;
    }

    /** Flushes counted: the engine flushes once per turn (group commit). */
    int flushes;

    /** Written but not flushed: not on the wire yet, and lost if the channel closes first (as in Netty). */
    private final List<MqttPacket> unflushed = new ArrayList<>();

    @Override
    public void flush() {
        flushes++;
        received.addAll(unflushed);
        unflushed.clear();
    }

    @Override
    public void close() {
        closed = true;
        unflushed.clear();
    }

    @Override
    public String remoteAddress() {
        return remote;
    }

    /** Whether the engine may move this connection to another shard (publisher affinity). */
    boolean movable = true;
    int moves;

    @Override
    public boolean canMove() {
        return movable && !closed;
    }

    /** Runs on the old shard after the move began and before it completes (a test's interleaving). */
    Runnable whileLeaving;

    /** Like Netty's deregistration: completes in a later task on the old shard's thread. */
    @Override
    public void leave(java.util.function.Consumer<Boolean> done) {
        if (whileLeaving != null) {
            harness.executor.execute(whileLeaving);
        }
        harness.executor.execute(() -> done.accept(!closed));
    }

    @Override
    public boolean join(dev.tern.time.ShardExecutor executor) {
        moves++;
        return !closed;
    }

    // ---- reading what the server sent ----

    MqttPacket poll() {
        return received.poll();
    }

    List<MqttPacket> drain() {
        List<MqttPacket> all = new ArrayList<>(received);
        received.clear();
        return all;
    }

    <T extends MqttPacket> T expect(Class<T> type) {
        MqttPacket p = received.poll();
        assertThat(p).as("%s: next packet", clientId).isInstanceOf(type);
        return type.cast(p);
    }

    Connack expectConnack() {
        Connack c = expect(Connack.class);
        assertThat(c.reasonCode()).as("CONNACK reason").isEqualTo(ReasonCode.SUCCESS);
        return c;
    }

    Publish expectPublish(String topic) {
        Publish p = expect(Publish.class);
        assertThat(p.topic()).isEqualTo(topic);
        return p;
    }

    Publish expectPublish(String topic, String payload) {
        Publish p = expectPublish(topic);
        assertThat(new String(p.payload(), StandardCharsets.UTF_8)).isEqualTo(payload);
        return p;
    }

    Disconnect expectDisconnect(ReasonCode code) {
        Disconnect d = expect(Disconnect.class);
        assertThat(d.reasonCode()).isEqualTo(code);
        return d;
    }

    void expectNothing() {
        assertThat(received).as("%s: nothing more sent", clientId).isEmpty();
    }

    int pending() {
        return received.size();
    }

    // ---- acting as the client ----

    TestClient packet(MqttPacket p) {
        connection.onPacket(p);
        harness.runPending();
        return this;
    }

    int publish(String topic, Qos qos, String payload) {
        return publish(topic, qos, false, payload, PublishProperties.NONE);
    }

    int publish(String topic, Qos qos, boolean retain, String payload, PublishProperties props) {
        int id = qos == Qos.AT_MOST_ONCE ? 0 : nextId();
        packet(new Publish(topic, qos, false, retain, id, props, payload.getBytes(StandardCharsets.UTF_8)));
        return id;
    }

    /** Publishes at QoS 1/2 and completes the flow with the broker (PUBACK, or PUBREC/PUBREL/PUBCOMP). */
    void publishAndComplete(String topic, Qos qos, boolean retain, String payload) {
        int id = publish(topic, qos, retain, payload, PublishProperties.NONE);
        if (qos == Qos.AT_LEAST_ONCE) {
            assertThat(expect(Puback.class).packetId()).isEqualTo(id);
        } else if (qos == Qos.EXACTLY_ONCE) {
            assertThat(expect(Pubrec.class).packetId()).isEqualTo(id);
            packet(Pubrel.of(id));
            assertThat(expect(Pubcomp.class).packetId()).isEqualTo(id);
        }
    }

    Suback subscribe(String filter, Qos qos) {
        return subscribe(0, new TopicSubscription(filter, SubscriptionOptions.of(qos)));
    }

    Suback subscribe(int subscriptionId, TopicSubscription... subs) {
        int id = nextId();
        packet(new Subscribe(id, Arrays.asList(subs), subscriptionId, List.of()));
        Suback s = expect(Suback.class);
        assertThat(s.packetId()).isEqualTo(id);
        return s;
    }

    Unsuback unsubscribe(String... filters) {
        int id = nextId();
        packet(new Unsubscribe(id, Arrays.asList(filters), List.of()));
        Unsuback u = expect(Unsuback.class);
        assertThat(u.packetId()).isEqualTo(id);
        return u;
    }

    void ping() {
        packet(Pingreq.INSTANCE);
    }

    void disconnect(ReasonCode code) {
        packet(Disconnect.of(code));
        closed = true;
    }

    /** The socket closes under the client (no DISCONNECT). */
    void dropConnection() {
        closed = true;
        connection.onChannelClosed(null);
        harness.runPending();
    }

    void puback(int id) {
        packet(Puback.of(id));
    }

    void pubrec(int id) {
        packet(Pubrec.of(id));
    }

    void pubcomp(int id) {
        packet(Pubcomp.of(id));
    }

    private int nextId() {
        int id = nextPacketId;
        nextPacketId = nextPacketId == 65535 ? 1 : nextPacketId + 1;
        return id;
    }
}
