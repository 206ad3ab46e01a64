package dev.tern.engine;

import dev.tern.config.ConfigLoader;
import dev.tern.packet.Connect;
import dev.tern.packet.MqttPacket;
import dev.tern.packet.MqttVersion;
import dev.tern.packet.Publish;
import dev.tern.packet.PublishProperties;
import dev.tern.packet.Qos;
import dev.tern.packet.Subscribe;
import dev.tern.packet.SubscriptionOptions;
import dev.tern.packet.TopicSubscription;
import dev.tern.time.VirtualExecutor;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An engine on the virtual clock with in-memory channels: tests play the client's side packet by
 * packet and read what the broker sent, without sockets or sleeping.
 */
final class HoconEngineHarness {
    final VirtualExecutor clock = new VirtualExecutor();
    final Engine engine;

    /** @param hocon overrides on top of the defaults, e.g. {@code "mqtt.max_qos = 1"} */
    HoconEngineHarness(String hocon) {
        this(hocon, 1);
    }

    HoconEngineHarness(String hocon, int shards) {
        List<VirtualExecutor> executors = new ArrayList<>();
        for (int i = 0; i < shards; i++) {
            executors.add(clock);
        }
        engine = new Engine(ConfigLoader.parse(hocon, "test"), executors);
    }

    Client connect(Connect c) {
        Admission a = engine.admit(c);
        if (a.refusal() != null) {
            throw new IllegalStateException("refused: " + a);
        }
        Client client = new Client(a.clientId());
        Shard shard = engine.shardFor(a.clientId());
        shard.post(() -> client.connection = shard.connect(client.channel, c, a));
        clock.runPending();
        return client;
    }

    Client connectV5(String clientId) {
        return connect(Connect.of(MqttVersion.V5, clientId, true, 0));
    }

    static Subscribe subscribe(int packetId, String filter, SubscriptionOptions o, int subscriptionId) {
        return new Subscribe(packetId, List.of(new TopicSubscription(filter, o)), subscriptionId, List.of());
    }

    static Publish publish(String topic, Qos qos, int packetId, String payload) {
        return new Publish(topic, qos, false, false, packetId, PublishProperties.NONE,
                payload.getBytes(StandardCharsets.UTF_8));
    }

    /** One client: its recorded channel and its engine connection. */
    final class Client {
        final String id;
        final RecordingChannel channel = new RecordingChannel();
        Connection connection;

        Client(String id) {
            this.id = id;
        }

        /** Feeds a packet from the client and runs what it caused. */
        void send(MqttPacket p) {
            Shard shard = engine.shardFor(id);
            shard.post(() -> connection.onPacket(p));
            clock.runPending();
        }

        /** Drops the socket without DISCONNECT. */
        void dropSocket() {
            Shard shard = engine.shardFor(id);
            shard.post(() -> connection.onChannelClosed(null));
            clock.runPending();
        }

        List<MqttPacket> received() {
            return channel.sent;
        }

        @SuppressWarnings("unchecked")
        <T extends MqttPacket> List<T> received(Class<T> type) {
            return (List<T>) channel.sent.stream().filter(type::isInstance).collect(Collectors.toList());
        }

        <T extends MqttPacket> T last(Class<T> type) {
            List<T> all = received(type);
            if (all.isEmpty()) {
                throw new AssertionError("no " + type.getSimpleName() + " received; got " + channel.sent);
            }
            return all.get(all.size() - 1);
        }

        List<Publish> publishes() {
            return received(Publish.class);
        }

        void clear() {
            channel.sent.clear();
        }
    }

    /** Records every packet; refuses a PUBLISH whose payload exceeds {@link #maxPayload}. */
    static final class RecordingChannel implements ClientChannel {
        final List<MqttPacket> sent = new ArrayList<>();
        int maxPayload = Integer.MAX_VALUE;
        boolean closed;

        @Override
        public boolean send(MqttPacket packet) {
            if (closed) {
                return false;
            }
            if (packet instanceof Publish p && p.payload().length > maxPayload) {
                return false;
            }
            sent.add(packet);
            return true;
        }

        @Override
        public boolean isWritable() {
            return !closed;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public String remoteAddress() {
            return "test:0";
        }
    }
}
