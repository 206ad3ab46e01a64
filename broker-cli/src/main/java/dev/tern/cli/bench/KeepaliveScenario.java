package dev.tern.cli.bench;

import dev.tern.packet.Connack;
import dev.tern.packet.Connect;
import dev.tern.packet.Publish;
import dev.tern.packet.Qos;
import dev.tern.packet.Will;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * keepalive: N clients with Keep Alive k and a will on {@code bench/will/<i>} connect and go silent;
 * one subscriber on {@code bench/will/#} times each will. The broker must close a silent connection
 * after 1.5 x k [MQTT-3.1.2-24]; the figure is how late past that the will arrives: its arrival minus
 * (the client's last packet sent + 1.5 k).
 */
final class KeepaliveScenario implements BenchClient.Listener {
    private static final String WILL_PREFIX = "bench/will/";
    private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final BenchSettings s;
    private final BenchLoop loop;
    private final List<BenchClient> silent = new ArrayList<>();
    private final BenchClient subscriber;
    private final boolean[] detected;
    private final Latency latency = new Latency();
    private final CountDownLatch ready = new CountDownLatch(2);
    private final long allowanceNanos;
    private Connector connector;
    private int detectedCount;
    private int duplicates;
    private int closedByBroker;

    KeepaliveScenario(BenchSettings s, BenchLoop loop) {
        this.s = s;
        this.loop = loop;
        this.allowanceNanos = s.keepAlive() * 1_500_000_000L;
        this.detected = new boolean[s.connections()];
        this.subscriber = new BenchClient(-1, Connect.of(s.version(), s.clientId("will-sub", 0), true, 0), this);
        for (int i = 0; i < s.connections(); i++) {
            Will will = new Will(WILL_PREFIX + i, ("gone " + i).getBytes(StandardCharsets.UTF_8), s.qos(), false, 0,
                    null);
            silent.add(new BenchClient(i, Connect.of(s.version(), s.clientId("silent", i), true, s.keepAlive())
                    .withWill(will), this));
        }
    }

    Report run(PrintStream progress) throws InterruptedException {
        loop.connect(subscriber);
        if (!ready.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the will subscriber could not connect and subscribe within 30 s");
        }
        double own0 = ProcStats.ownCpuSeconds();
        connector = new Connector(loop, silent, s.connRate(), s.connWindow());
        connector.start().join();
        long deadline = System.nanoTime() + allowanceNanos + GRACE_NANOS;
        Progress.follow(loop, progress, () -> String.format(Locale.ROOT, "connected %,d, closed by the broker %,d,"
                        + " wills %,d", connector.connected(), closedByBroker, detectedCount),
                () -> detectedCount >= connector.connected() || System.nanoTime() >= deadline);
        Latency.Summary l = loop.call(latency::summary);
        if (s.latencyOut() != null) {
            loop.call(() -> latency.writeDistribution(s.latencyOut()));
        }
        double own = ProcStats.ownCpuSeconds() - own0;
        loop.run(() -> {
            subscriber.channel().close();
            silent.forEach(c -> {
                if (c.channel() != null) {
                    c.channel().close();
                }
            });
        });
        return new Report()
                .put("scenario", "scenario", "keepalive")
                .put("mqtt", "MQTT version", s.version().toString())
                .put("clients", "silent clients", silent.size())
                .put("keepalive_s", "Keep Alive", s.keepAlive(), "s")
                .put("connected", "connected", connector.connected())
                .put("failed", "failed to connect", connector.failed())
                .put("connects_per_s", "connects", connector.connectsPerSecond(), "/s")
                .put("closed_by_broker", "closed by the broker", loop.call(() -> closedByBroker))
                .put("detected", "wills received", loop.call(() -> detectedCount))
                .put("duplicate_wills", "duplicate wills", loop.call(() -> duplicates))
                .put("early", "wills before 1.5 x Keep Alive", l.negative())
                .put("late_p50_ms", "late past 1.5 x k, p50", l.p50() / 1000, "ms")
                .put("late_p99_ms", "late past 1.5 x k, p99", l.p99() / 1000, "ms")
                .put("late_max_ms", "late past 1.5 x k, max", l.max() / 1000, "ms")
                .put("bench_cpu_s", "bench CPU", own, "s");
    }

    @Override
    public void onConnected(BenchClient client, Connack connack) {
        if (client == subscriber) {
            ready.countDown();
            client.subscribe(WILL_PREFIX + "#", Qos.AT_LEAST_ONCE);
        } else {
            connector.onConnected(client);
        }
    }

    @Override
    public void onSubscribed(BenchClient client) {
        ready.countDown();
    }

    @Override
    public void onRefused(BenchClient client, String why) {
        if (client != subscriber) {
            connector.onFailed(client, why);
        }
    }

    @Override
    public void onClosed(BenchClient client) {
        if (client == subscriber) {
            return;
        }
        if (client.connected()) {
            closedByBroker++;
        } else {
            connector.onFailed(client, "connection closed before CONNACK");
        }
    }

    @Override
    public void onPublish(BenchClient client, Publish publish, long receivedNanos) {
        if (!publish.topic().startsWith(WILL_PREFIX)) {
            return;
        }
        int i;
        try {
            i = Integer.parseInt(publish.topic().substring(WILL_PREFIX.length()));
        } catch (NumberFormatException e) {
            return;
        }
        if (i < 0 || i >= detected.length) {
            return;
        }
        if (detected[i]) {
            duplicates++;
            return;
        }
        detected[i] = true;
        detectedCount++;
        latency.record(receivedNanos - (silent.get(i).lastSentNanos() + allowanceNanos));
    }
}
