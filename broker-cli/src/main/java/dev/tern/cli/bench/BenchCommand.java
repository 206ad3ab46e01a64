package dev.tern.cli.bench;

import dev.tern.packet.MqttVersion;
import dev.tern.packet.Qos;
import java.io.PrintStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tern bench}: a load generator in the spirit of emqtt-bench, built to stay out of the way: one
 * event loop, Tern's own codec, batched writes, and its own CPU use in the report.
 */
@Command(name = "bench", sortOptions = false,
        description = {"Benchmark an MQTT broker (run it on 127.0.0.1 or a network you own).",
                "Scenarios: fanin (P publishers -> 1 wildcard subscriber), fanout (1 -> S), pairs (N pairs),",
                "conn (C idle connections held), keepalive (N silent clients with wills; will latency)."})
public final class BenchCommand implements Callable<Integer> {
    private static final int LOOPBACK_SOURCES = 16;

    /** What the run measures. */
    public enum Scenario { fanin, fanout, pairs, conn, keepalive }

    @Spec
    private CommandSpec spec;

    /** No standard -h/-V here: emqtt-bench's -h/--host and -V/--mqtt-version are what bench users type. */
    @Option(names = "--help", usageHelp = true, description = "show this help")
    private boolean help;

    @Parameters(index = "0", paramLabel = "SCENARIO", description = "fanin | fanout | pairs | conn | keepalive")
    private Scenario scenario;

    @Option(names = {"-h", "--host"}, defaultValue = "127.0.0.1", description = "broker host (default: ${DEFAULT-VALUE})")
    private String host;

    @Option(names = {"-p", "--port"}, defaultValue = "1883", description = "broker port (default: ${DEFAULT-VALUE})")
    private int port;

    @Option(names = {"-V", "--mqtt-version"}, defaultValue = "5", description = "3 (3.1.1) or 5 (default: ${DEFAULT-VALUE})")
    private int mqttVersion;

    @Option(names = {"-q", "--qos"}, defaultValue = "0", description = "QoS of publishes and subscriptions (default: ${DEFAULT-VALUE})")
    private int qos;

    @Option(names = {"-s", "--payload-size"}, defaultValue = "64", description = "payload bytes, >= 16 (default: ${DEFAULT-VALUE})")
    private int payloadSize;

    @Option(names = {"-r", "--rate"}, defaultValue = "0",
            description = "msgs/s per publisher; 0 = closed loop with --window (default: ${DEFAULT-VALUE})")
    private int rate;

    @Option(names = "--window", defaultValue = "100",
            description = "unacknowledged/undelivered messages per publisher (default: ${DEFAULT-VALUE})")
    private int window;

    @Option(names = {"-d", "--duration"}, defaultValue = "10s", description = "measured time, or hold time for conn (default: ${DEFAULT-VALUE})")
    private Duration duration;

    @Option(names = "--warmup", defaultValue = "0s", description = "publishing before the measurement starts (default: ${DEFAULT-VALUE})")
    private Duration warmup;

    @Option(names = {"-P", "--publishers"}, description = "fanin publishers (default 8); pairs: the number of pairs (default 100)")
    private Integer publishers;

    @Option(names = {"-S", "--subscribers"}, defaultValue = "50", description = "fanout subscribers (default: ${DEFAULT-VALUE})")
    private int subscribers;

    @Option(names = {"-c", "--connections"}, defaultValue = "1000", description = "conn / keepalive clients (default: ${DEFAULT-VALUE})")
    private int connections;

    @Option(names = "--conn-rate", defaultValue = "0", description = "connects/s, 0 = as fast as possible (default: ${DEFAULT-VALUE})")
    private int connRate;

    @Option(names = "--conn-window", defaultValue = "256", description = "handshakes under way at most (default: ${DEFAULT-VALUE})")
    private int connWindow;

    @Option(names = "--conn-warmup", defaultValue = "0", paramLabel = "N",
            description = "conn: open and close N connections first, unmeasured, so that neither the bench's nor the "
                    + "broker's JIT compilation is timed (default: ${DEFAULT-VALUE})")
    private int connWarmup;

    @Option(names = {"-k", "--keepalive"}, description = "Keep Alive seconds (default 2 for keepalive, else 60)")
    private Integer keepAlive;

    @Option(names = "--session-expiry", defaultValue = "0", paramLabel = "SECONDS",
            description = "subscribers keep persistent sessions for this long (3.1.1: clean session 0), so that a "
                    + "broker with a store writes every QoS 1/2 delivery; 0 = clean sessions (default: ${DEFAULT-VALUE})")
    private long sessionExpiry;

    @Option(names = "--tls", description = "connect with TLS")
    private boolean tls;

    @Option(names = "--cafile", paramLabel = "PEM", description = "CA certificates to trust (with --tls; default: the JDK's)")
    private Path cafile;

    @Option(names = "--broker-pid", defaultValue = "0", description = "the broker's pid, to report its CPU and RSS from /proc")
    private long brokerPid;

    @Option(names = "--json", description = "print the result as one JSON object")
    private boolean json;

    @Option(names = "--latency-out", paramLabel = "FILE",
            description = "write the whole latency distribution there (HdrHistogram percentile format, microseconds)")
    private Path latencyOut;

    @Option(names = "--ifaddr", split = ",", paramLabel = "ADDR",
            description = "local addresses the clients connect from, in turn (default: 127.0.0.1-127.0.0.16 when the "
                    + "broker is on 127.0.0.0/8, else the kernel's choice); one address gives the kernel at most "
                    + "~28,000 ephemeral ports per broker port, and its port search slows as they fill")
    private List<String> ifaddr;

    @Override
    public Integer call() throws Exception {
        BenchSettings s = settings();
        PrintStream out = System.out;
        PrintStream progress = System.console() != null ? System.err : null;
        try (BenchLoop loop = new BenchLoop(s)) {
            Report r = switch (scenario) {
                case fanin -> new PubSubScenario(s, Topology.fanIn(count(publishers, 8)), loop).run(progress);
                case fanout -> new PubSubScenario(s, Topology.fanOut(subscribers), loop).run(progress);
                case pairs -> new PubSubScenario(s, Topology.pairs(count(publishers, 100)), loop).run(progress);
                case conn -> new ConnScenario(s, loop).run(progress);
                case keepalive -> new KeepaliveScenario(s, loop).run(progress);
            };
            r.print(out, json);
            return 0;
        } catch (IllegalStateException e) {
            System.err.println("tern bench: " + e.getMessage());
            return 1;
        }
    }

    private static int count(Integer given, int fallback) {
        return given == null ? fallback : given;
    }

    private BenchSettings settings() {
        MqttVersion v = switch (mqttVersion) {
            case 3, 4 -> MqttVersion.V3_1_1;
            case 5 -> MqttVersion.V5;
            default -> throw bad("--mqtt-version must be 3 (3.1.1) or 5");
        };
        if (qos < 0 || qos > 2) {
            throw bad("--qos must be 0, 1 or 2");
        }
        if (payloadSize < Payload.MIN_SIZE) {
            throw bad("--payload-size must be at least " + Payload.MIN_SIZE + " (timestamp and sequence number)");
        }
        if (window < 1 || window > 65535) {
            throw bad("--window must be 1..65535");
        }
        if (rate < 0 || connRate < 0 || connections < 0 || connWarmup < 0 || subscribers < 1 || (publishers != null && publishers < 1)) {
            throw bad("counts and rates must not be negative (and at least one publisher and subscriber)");
        }
        if (publishers != null && publishers >= (1 << 24)) {
            throw bad("at most 16,777,215 publishers");
        }
        if (sessionExpiry < 0 || sessionExpiry > 0xFFFF_FFFFL) {
            throw bad("--session-expiry must be 0..4294967295");
        }
        int k = keepAlive != null ? keepAlive : scenario == Scenario.keepalive ? 2 : 60;
        if (k < 0 || k > 65535 || (scenario == Scenario.keepalive && k == 0)) {
            throw bad("--keepalive must be 0..65535 (and above 0 for the keepalive scenario)");
        }
        return new BenchSettings(host, port, v, Qos.of(qos), payloadSize, rate, window, duration, warmup,
                count(publishers, scenario == Scenario.pairs ? 100 : 8), subscribers, connections, connRate,
                connWindow, connWarmup, k, sessionExpiry, tls, cafile, brokerPid, json, latencyOut, sourceAddresses());
    }

    /**
     * With one source address, every connect makes the kernel search the ephemeral range for a port free
     * towards the broker's address and port, and that search grows with the ports in use (perf on a
     * 15,000-connection run: a quarter of the bench's CPU in {@code __inet_hash_connect}). Spread over
     * several loopback addresses, the first port tried is free. emqtt-bench's {@code --ifaddr} does the same.
     */
    private List<InetAddress> sourceAddresses() {
        try {
            if (ifaddr != null) {
                List<InetAddress> out = new ArrayList<>();
                for (String a : ifaddr) {
                    out.add(InetAddress.getByName(a.strip()));
                }
                return List.copyOf(out);
            }
            InetAddress target = InetAddress.getByName(host);
            if (!(target instanceof Inet4Address) || !target.isLoopbackAddress()) {
                return List.of();
            }
            List<InetAddress> out = new ArrayList<>(LOOPBACK_SOURCES);
            for (int i = 1; i <= LOOPBACK_SOURCES; i++) {
                out.add(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) i}));
            }
            return List.copyOf(out);
        } catch (UnknownHostException e) {
            throw bad("unknown address: " + e.getMessage());
        }
    }

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), String.format(Locale.ROOT, "%s", message));
    }
}
