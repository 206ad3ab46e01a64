package dev.tern.cli.bench;

import dev.tern.packet.Connack;
import dev.tern.packet.Connect;
import dev.tern.packet.MqttVersion;
import dev.tern.packet.Publish;
import dev.tern.packet.Qos;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * fanin, fanout and pairs: publishers send numbered, time-stamped messages for the duration, either at a
 * fixed rate each or closed-loop with at most {@code window} messages per publisher not yet acknowledged
 * (QoS 1/2) or not yet delivered to its subscribers. Every client lives on the bench's one event loop;
 * the publishers are pumped once per loop turn (after a read batch) and on a 1 ms tick, write a batch
 * and flush once.
 */
final class PubSubScenario implements BenchClient.Listener {
    private static final long STALL_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    private static final int MAX_BATCH = 1024;

    private final BenchSettings s;
    private final Topology topology;
    private final BenchLoop loop;
    private final PubSubStats stats;
    private final List<BenchClient> subs = new ArrayList<>();
    private final List<BenchClient> pubs = new ArrayList<>();
    private final Payload[] payloads;
    private final int[] windows;
    private final int[] nextPacketId;
    private final long[] lastDelivered;
    private final long[] lastProgress;
    private final long[] rateDebtDropped;
    private final CountDownLatch subscribed;
    private Connector connector;
    private ScheduledFuture<?> tick;
    private boolean running;
    private boolean pumpQueued;
    private long startNanos;
    private long endNanos;

    PubSubScenario(BenchSettings s, Topology topology, BenchLoop loop) {
        this.s = s;
        this.topology = topology;
        this.loop = loop;
        int p = topology.publishers();
        this.stats = new PubSubStats(topology);
        this.payloads = new Payload[p];
        this.windows = new int[p];
        this.nextPacketId = new int[p];
        this.lastDelivered = new long[p];
        this.lastProgress = new long[p];
        this.rateDebtDropped = new long[p];
        this.subscribed = new CountDownLatch(topology.subscribers());
        for (int i = 0; i < topology.subscribers(); i++) {
            subs.add(new BenchClient(i, connect("sub", i), this));
        }
        for (int i = 0; i < p; i++) {
            pubs.add(new BenchClient(topology.subscribers() + i, connect("pub", i), this));
            payloads[i] = new Payload(topology.publishTopic().apply(i), s.qos(), s.payloadSize(), s.version());
            windows[i] = s.window();
            nextPacketId[i] = 1;
        }
    }

    private Connect connect(String role, int i) {
        if (s.sessionExpiry() > 0 && role.equals("sub")) {
            // Persistent subscriber sessions: what a broker with a store must write for every delivery.
            return s.version() == MqttVersion.V5
                    ? Connect.of(s.version(), s.clientId(role, i), true, s.keepAlive()).withSessionExpiryInterval(s.sessionExpiry())
                    : Connect.of(s.version(), s.clientId(role, i), false, s.keepAlive());
        }
        return Connect.of(s.version(), s.clientId(role, i), true, s.keepAlive());
    }

    Report run(PrintStream progress) throws InterruptedException {
        List<BenchClient> all = new ArrayList<>(subs);
        all.addAll(pubs);
        connector = new Connector(loop, all, s.connRate(), s.connWindow());
        connector.start().join();
        if (connector.failed() > 0) {
            throw new IllegalStateException(connector.failed() + " of " + all.size()
                    + " clients could not connect, first: " + connector.firstError());
        }
        loop.run(() -> subs.forEach(c -> c.subscribe(topology.subscribeFilter().apply(c.index), s.qos())));
        if (!subscribed.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no SUBACK within 30 s");
        }
        loop.run(this::start);
        Progress.follow(loop, progress, Progress.pubSub(stats), stats::stopped);
        drain();
        Report r = loop.call(() -> stats.report(s, topology));
        if (s.latencyOut() != null) {
            loop.call(() -> stats.writeLatency(s.latencyOut()));
        }
        loop.run(() -> all.forEach(c -> {
            if (c.channel() != null) {
                c.channel().close();
            }
        }));
        return r;
    }

    private void start() {
        startNanos = System.nanoTime();
        stats.measureFrom(startNanos + s.warmup().toNanos(), s.brokerPid());
        endNanos = stats.measureStart() + s.duration().toNanos();
        running = true;
        java.util.Arrays.fill(lastProgress, startNanos);
        tick = loop.loop().scheduleAtFixedRate(this::onTick, 1, 1, TimeUnit.MILLISECONDS);
        pump();
    }

    /** After the publishers stop: wait until all expected messages are in, or nothing moved for 1 s (max 5 s). */
    private void drain() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        long last = -1;
        long lastChange = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long[] now = loop.call(() -> new long[] {stats.uniqueReceived(), stats.expected()});
            if (now[0] >= now[1]) {
                return;
            }
            if (now[0] != last) {
                last = now[0];
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > TimeUnit.SECONDS.toNanos(1)) {
                return;
            }
            Thread.sleep(50);
        }
    }

    private void onTick() {
        long now = System.nanoTime();
        if (!running) {
            return;
        }
        stats.onTick(now, s.brokerPid());
        if (now >= endNanos) {
            running = false;
            stats.stop(now, s.brokerPid());
            tick.cancel(false);
            return;
        }
        forgiveStalls(now);
        pump();
    }

    /**
     * At QoS 0 the broker may drop; a publisher whose window is full of messages that will never arrive
     * would stop for good. After 250 ms without a delivery, its undelivered messages no longer count
     * against the window (they are counted as lost at the end).
     */
    private void forgiveStalls(long now) {
        for (int p = 0; p < pubs.size(); p++) {
            long d = stats.delivered(p);
            if (d != lastDelivered[p]) {
                lastDelivered[p] = d;
                lastProgress[p] = now;
            } else if (now - lastProgress[p] > STALL_NANOS) {
                stats.forgive(p);
                lastProgress[p] = now;
            }
        }
    }

    private void pump() {
        pumpQueued = false;
        if (!running) {
            return;
        }
        long now = System.nanoTime();
        for (int p = 0; p < pubs.size(); p++) {
            BenchClient c = pubs.get(p);
            if (!c.connected() || !c.channel().isWritable()) {
                continue;
            }
            long credit = Math.min(stats.credit(p, windows[p], s.qos() != Qos.AT_MOST_ONCE), MAX_BATCH);
            if (s.rate() > 0) {
                // A fixed rate, not a catch-up: a publisher more than 10 ms behind its schedule (the broker
                // pushed back) drops the debt instead of bursting it into the measurement later.
                long slack = Math.max(1, s.rate() / 100);
                long due = (long) ((now - startNanos) / 1e9 * s.rate()) + 1 - rateDebtDropped[p];
                if (due - stats.sent(p) > slack) {
                    rateDebtDropped[p] += due - stats.sent(p) - slack;
                    due = stats.sent(p) + slack;
                }
                credit = Math.min(credit, due - stats.sent(p));
            }
            if (credit <= 0) {
                continue;
            }
            for (long i = 0; i < credit; i++) {
                int pid = nextPacketId[p];
                nextPacketId[p] = pid == 65535 ? 1 : pid + 1;
                long t = System.nanoTime();
                c.write(payloads[p].encode(c.channel().alloc(), t, p, stats.sent(p), pid));
                stats.onSent(p, t);
            }
            c.flush();
        }
    }

    private void queuePump() {
        if (!pumpQueued && running) {
            pumpQueued = true;
            loop.loop().execute(this::pump);
        }
    }

    @Override
    public void onConnected(BenchClient client, Connack connack) {
        int p = client.index - topology.subscribers();
        if (p >= 0 && connack.receiveMaximum() != null && s.qos() != Qos.AT_MOST_ONCE) {
            windows[p] = Math.min(windows[p], connack.receiveMaximum());
        }
        connector.onConnected(client);
    }

    @Override
    public void onRefused(BenchClient client, String why) {
        connector.onFailed(client, why);
    }

    @Override
    public void onClosed(BenchClient client) {
        if (!client.connected()) {
            connector.onFailed(client, "connection closed before CONNACK");
        }
        if (running) {
            stats.onDisconnect();
        }
    }

    @Override
    public void onSubscribed(BenchClient client) {
        subscribed.countDown();
    }

    @Override
    public void onPublish(BenchClient client, Publish publish, long receivedNanos) {
        stats.onDelivery(client.index, publish.payload(), receivedNanos);
    }

    @Override
    public void onAcked(BenchClient client, int packetId) {
        stats.onAck(client.index - topology.subscribers());
    }

    @Override
    public void onReadComplete(BenchClient client) {
        queuePump();
    }

    @Override
    public void onWritable(BenchClient client) {
        queuePump();
    }
}
