package dev.tern.cli.bench;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Counters of a publish/subscribe run, touched only on the event loop: per publisher what was sent,
 * acknowledged and delivered (for the window), per (subscriber, publisher) stream the sequence
 * accounting, the latency of messages sent inside the measurement window, and CPU use over it.
 */
final class PubSubStats {
    private final SeqTracker[][] streams;
    private final int[] fan;
    private final long[] sent;
    private final long[] acked;
    private final long[] delivered;
    private final long[] forgiven;
    private final Latency latency = new Latency();
    private long sentTotal;
    private long deliveredTotal;
    private long sentMeasured;
    private long deliveredMeasured;
    private long unexpected;
    private long disconnects;
    private long measureStart = Long.MAX_VALUE;
    private long stopNanos;
    private boolean measuring;
    private boolean stopped;
    private double brokerCpu0 = -1;
    private double brokerCpu1 = -1;
    private double ownCpu0;
    private double ownCpu1;
    private long[] ownGc0 = new long[2];
    private long[] ownGc1 = new long[2];
    private long brokerRss = -1;

    PubSubStats(Topology t) {
        streams = new SeqTracker[t.subscribers()][t.publishers()];
        fan = new int[t.publishers()];
        for (int s = 0; s < t.subscribers(); s++) {
            for (int p = 0; p < t.publishers(); p++) {
                if (t.expects().test(s, p)) {
                    streams[s][p] = new SeqTracker();
                    fan[p]++;
                }
            }
        }
        sent = new long[t.publishers()];
        acked = new long[t.publishers()];
        delivered = new long[t.publishers()];
        forgiven = new long[t.publishers()];
    }

    void measureFrom(long startNanos, long brokerPid) {
        // Once before the run: the first calls load the JMX and /proc reading classes, which took the
        // event loop 5-7 ms and delayed ~200 messages at the start of the measurement (seen with
        // --latency-out and a log of the slow messages).
        ProcStats.cpuSeconds(brokerPid);
        ProcStats.rssKib(brokerPid);
        ProcStats.ownCpuSeconds();
        ProcStats.ownGc();
        measureStart = startNanos;
        onTick(System.nanoTime(), brokerPid);
    }

    long measureStart() {
        return measureStart;
    }

    /** Starts the measurement once the warm-up is over. */
    void onTick(long now, long brokerPid) {
        if (!measuring && now >= measureStart) {
            measuring = true;
            brokerCpu0 = ProcStats.cpuSeconds(brokerPid);
            ownCpu0 = ProcStats.ownCpuSeconds();
            ownGc0 = ProcStats.ownGc();
        }
    }

    void stop(long now, long brokerPid) {
        stopNanos = now;
        stopped = true;
        brokerCpu1 = ProcStats.cpuSeconds(brokerPid);
        ownCpu1 = ProcStats.ownCpuSeconds();
        ownGc1 = ProcStats.ownGc();
        brokerRss = ProcStats.rssKib(brokerPid);
    }

    boolean stopped() {
        return stopped;
    }

    void onSent(int p, long nanos) {
        sent[p]++;
        sentTotal++;
        if (measuring && !stopped) {
            sentMeasured++;
        }
    }

    void onAck(int p) {
        acked[p]++;
    }

    void onDisconnect() {
        disconnects++;
    }

    void onDelivery(int subscriber, byte[] payload, long receivedNanos) {
        if (payload.length < Payload.MIN_SIZE) {
            unexpected++;
            return;
        }
        int p = Payload.publisher(payload);
        SeqTracker t = p < fan.length ? streams[subscriber][p] : null;
        if (t == null) {
            unexpected++;
            return;
        }
        t.onSeq(Payload.seq(payload));
        delivered[p]++;
        deliveredTotal++;
        long sentAt = Payload.sendNanos(payload);
        if (sentAt >= measureStart) {
            latency.record(receivedNanos - sentAt);
        }
        if (measuring && !stopped) {
            deliveredMeasured++;
        }
    }

    long sent(int p) {
        return sent[p];
    }

    long delivered(int p) {
        return delivered[p];
    }

    /**
     * How many more messages publisher {@code p} may send: the window minus what is unacknowledged
     * (QoS 1/2) or undelivered to its subscribers, whichever is more.
     */
    long credit(int p, int window, boolean acks) {
        long inflight = acks ? sent[p] - acked[p] : 0;
        if (fan[p] > 0) {
            inflight = Math.max(inflight, sent[p] - forgiven[p] - delivered[p] / fan[p]);
        }
        return Math.min(window, window - inflight);
    }

    /** Undelivered messages of a stalled publisher stop counting against its window. */
    void forgive(int p) {
        if (fan[p] > 0) {
            forgiven[p] = sent[p] - delivered[p] / fan[p];
        }
    }

    long sentTotal() {
        return sentTotal;
    }

    long deliveredTotal() {
        return deliveredTotal;
    }

    Latency.Summary latency() {
        return latency.summary();
    }

    Path writeLatency(Path file) throws IOException {
        return latency.writeDistribution(file);
    }

    long expected() {
        long e = 0;
        for (int p = 0; p < fan.length; p++) {
            e += sent[p] * fan[p];
        }
        return e;
    }

    long uniqueReceived() {
        long r = 0;
        for (SeqTracker[] row : streams) {
            for (SeqTracker t : row) {
                r += t == null ? 0 : t.received();
            }
        }
        return r;
    }

    Report report(BenchSettings s, Topology t) {
        long lost = 0;
        long dup = 0;
        long ooo = 0;
        for (SeqTracker[] row : streams) {
            for (int p = 0; p < row.length; p++) {
                if (row[p] != null) {
                    lost += row[p].lost(sent[p]);
                    dup += row[p].duplicates();
                    ooo += row[p].outOfOrder();
                }
            }
        }
        double seconds = (stopNanos - measureStart) / 1e9;
        double brokerCpu = brokerCpu0 >= 0 && brokerCpu1 >= 0 ? brokerCpu1 - brokerCpu0 : Double.NaN;
        double ownCpu = ownCpu1 - ownCpu0;
        Latency.Summary l = latency.summary();
        return new Report()
                .put("scenario", "scenario", t.name())
                .put("mqtt", "MQTT version", s.version().toString())
                .put("qos", "QoS", s.qos().value())
                .put("publishers", "publishers", t.publishers())
                .put("subscribers", "subscribers", t.subscribers())
                .put("payload", "payload", s.payloadSize(), "bytes")
                .put("rate", "rate per publisher", s.rate() == 0 ? "closed loop, window " + s.window() : s.rate() + " msg/s")
                .put("seconds", "measured", seconds, "s")
                .put("sent_per_s", "published", sentMeasured / seconds, "msg/s")
                .put("msgs_per_s", "delivered", deliveredMeasured / seconds, "msg/s")
                .put("sent", "sent (total)", sentTotal)
                .put("expected", "expected deliveries", expected())
                .put("received", "received (distinct)", uniqueReceived())
                .put("lost", "lost", lost)
                .put("duplicates", "duplicates", dup)
                .put("out_of_order", "out of order", ooo)
                .put("unexpected", "unexpected messages", unexpected)
                .put("disconnects", "disconnects", disconnects)
                .put("latency_p50_us", "latency p50", l.p50(), "us")
                .put("latency_p90_us", "latency p90", l.p90(), "us")
                .put("latency_p99_us", "latency p99", l.p99(), "us")
                .put("latency_p999_us", "latency p99.9", l.p999(), "us")
                .put("latency_max_us", "latency max", l.max(), "us")
                .put("broker_cpu_s", "broker CPU", brokerCpu, "s")
                .put("deliveries_per_broker_cpu_s", "deliveries per broker CPU-second",
                        deliveredMeasured / brokerCpu)
                .put("broker_rss_kib", "broker RSS", brokerRss, "KiB")
                .put("bench_cpu_s", "bench CPU", ownCpu, "s")
                .put("bench_cpu_pct", "bench CPU (of one core)", 100 * ownCpu / seconds, "%")
                .put("bench_gc", "bench GC collections", ownGc1[0] - ownGc0[0])
                .put("bench_gc_ms", "bench GC time", ownGc1[1] - ownGc0[1], "ms");
    }
}
