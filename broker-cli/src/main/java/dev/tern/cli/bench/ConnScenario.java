package dev.tern.cli.bench;

import dev.tern.packet.Connect;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.PrintStream;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * conn: C idle connections opened at a given rate and held for the duration. Reports connects/s and,
 * with the broker's pid, its RSS before and after, i.e. the resident memory one idle connection costs.
 */
final class ConnScenario implements BenchClient.Listener {
    private final BenchSettings s;
    private final BenchLoop loop;
    private final List<BenchClient> clients = new ArrayList<>();
    private Connector connector;
    private int closed;

    ConnScenario(BenchSettings s, BenchLoop loop) {
        this.s = s;
        this.loop = loop;
        for (int i = 0; i < s.connections(); i++) {
            clients.add(new BenchClient(i, Connect.of(s.version(), s.clientId("conn", i), true, s.keepAlive()), this));
        }
    }

    Report run(PrintStream progress) throws InterruptedException {
        if (s.connWarmup() > 0) {
            warmUp(progress);
        }
        long rss0 = ProcStats.rssKib(s.brokerPid());
        double cpu0 = ProcStats.cpuSeconds(s.brokerPid());
        double own0 = ProcStats.ownCpuSeconds();
        connector = new Connector(loop, clients, s.connRate(), s.connWindow());
        var done = connector.start();
        Progress.follow(loop, progress, () -> String.format(Locale.ROOT, "connected %,d of %,d, failed %,d",
                connector.connected(), clients.size(), connector.failed()), done::isDone);
        double connectCpu = ProcStats.cpuSeconds(s.brokerPid()) - cpu0;
        long rssConnected = ProcStats.rssKib(s.brokerPid());
        // Idle clients still owe the broker a packet within each Keep Alive; ping at half of it.
        ScheduledFuture<?> pings = s.keepAlive() <= 0 ? null : loop.loop().scheduleAtFixedRate(
                () -> clients.forEach(BenchClient::ping), s.keepAlive() * 500L, s.keepAlive() * 500L,
                TimeUnit.MILLISECONDS);
        long holdEnd = System.nanoTime() + s.duration().toNanos();
        Progress.follow(loop, progress, () -> String.format(Locale.ROOT, "holding %,d connections, %,d closed",
                connector.connected(), closed), () -> System.nanoTime() >= holdEnd);
        if (pings != null) {
            pings.cancel(false);
        }
        long rssHeld = ProcStats.rssKib(s.brokerPid());
        double own = ProcStats.ownCpuSeconds() - own0;
        int held = loop.call(() -> connector.connected() - closed);
        loop.run(() -> clients.forEach(c -> {
            if (c.channel() != null) {
                c.channel().close();
            }
        }));
        int n = connector.connected();
        return new Report()
                .put("scenario", "scenario", "conn")
                .put("mqtt", "MQTT version", s.version().toString())
                .put("keepalive_s", "Keep Alive", s.keepAlive(), "s")
                .put("connections", "connections asked", clients.size())
                .put("conn_warmup", "warm-up connections (unmeasured)", s.connWarmup())
                .put("source_addresses", "source addresses", s.sourceAddresses().isEmpty() ? "the kernel's choice"
                        : s.sourceAddresses().stream().map(InetAddress::getHostAddress).collect(Collectors.joining(",")))
                .put("connected", "connected", n)
                .put("failed", "failed", connector.failed())
                .put("first_error", "first error", connector.firstError())
                .put("held", "still open after the hold", held)
                .put("connects_per_s", "connects", connector.connectsPerSecond(), "/s")
                .put("broker_connect_cpu_s", "broker CPU while connecting", connectCpu, "s")
                .put("broker_rss_before_kib", "broker RSS before", rss0, "KiB")
                .put("broker_rss_connected_kib", "broker RSS when all connected", rssConnected, "KiB")
                .put("broker_rss_held_kib", "broker RSS after the hold", rssHeld, "KiB")
                .put("rss_per_conn_kib", "RSS per connection",
                        n > 0 && rss0 >= 0 ? (double) (rssHeld - rss0) / n : Double.NaN, "KiB")
                .put("bench_cpu_s", "bench CPU", own, "s");
    }

    /**
     * Opens and closes {@code --conn-warmup} connections before the measured run, so that the figure is
     * the steady-state connect rate, not the first seconds of JIT compilation in the bench and the broker
     * (on two cores both JVMs' C2 compilers were still busy after 15,000 warm-up connects: JFR
     * {@code jdk.Compilation}). They go in waves of at most {@code -c} connections, so a long warm-up
     * needs no more file descriptors than the run itself.
     */
    private void warmUp(PrintStream progress) throws InterruptedException {
        int wave = Math.max(1, clients.size());
        for (int from = 0; from < s.connWarmup(); from += wave) {
            warmUpWave(progress, from, Math.min(s.connWarmup(), from + wave));
        }
    }

    private void warmUpWave(PrintStream progress, int from, int to) throws InterruptedException {
        List<BenchClient> warm = new ArrayList<>();
        int[] closedWarm = new int[1];
        Connector[] c = new Connector[1];
        BenchClient.Listener l = new BenchClient.Listener() {
            @Override
            public void onConnected(BenchClient client, dev.tern.packet.Connack connack) {
                c[0].onConnected(client);
            }

            @Override
            public void onRefused(BenchClient client, String why) {
                c[0].onFailed(client, why);
            }

            @Override
            public void onClosed(BenchClient client) {
                closedWarm[0]++;
                if (!client.connected()) {
                    c[0].onFailed(client, "connection closed before CONNACK");
                }
            }
        };
        for (int i = from; i < to; i++) {
            warm.add(new BenchClient(warm.size(), Connect.of(s.version(), s.clientId("warmup", i), true, s.keepAlive()), l));
        }
        c[0] = new Connector(loop, warm, s.connRate(), s.connWindow());
        var done = c[0].start();
        Progress.follow(loop, progress, () -> String.format(Locale.ROOT, "warm-up: connected %,d of %,d",
                from + c[0].connected(), s.connWarmup()), done::isDone);
        int opened = loop.call(() -> c[0].connected());
        loop.run(() -> warm.forEach(w -> {
            if (w.channel() != null) {
                w.channel().close();
            }
        }));
        long until = System.nanoTime() + 30_000_000_000L;
        Progress.follow(loop, progress, () -> String.format(Locale.ROOT, "warm-up: closing, %,d left",
                opened - closedWarm[0]), () -> closedWarm[0] >= opened || System.nanoTime() >= until);
    }

    @Override
    public void onConnected(BenchClient client, dev.tern.packet.Connack connack) {
        connector.onConnected(client);
    }

    @Override
    public void onRefused(BenchClient client, String why) {
        connector.onFailed(client, why);
    }

    @Override
    public void onClosed(BenchClient client) {
        if (client.connected()) {
            closed++;
        } else {
            connector.onFailed(client, "connection closed before CONNACK");
        }
    }
}
