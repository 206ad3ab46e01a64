package dev.tern.cli.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/** A latency distribution in nanoseconds (HdrHistogram, 3 significant digits, up to 10 minutes). */
final class Latency {
    private static final long HIGHEST = TimeUnit.MINUTES.toNanos(10);

    /** Percentiles in microseconds; {@code negative} counts values below zero, recorded as zero. */
    record Summary(long count, double p50, double p90, double p99, double p999, double max, long negative) {
    }

    private final Histogram histogram = new Histogram(HIGHEST, 3);
    private long negative;

    void record(long nanos) {
        if (nanos < 0) {
            negative++;
            nanos = 0;
        }
        histogram.recordValue(Math.min(nanos, HIGHEST));
    }

    Summary summary() {
        return new Summary(histogram.getTotalCount(), micros(histogram.getValueAtPercentile(50)),
                micros(histogram.getValueAtPercentile(90)), micros(histogram.getValueAtPercentile(99)), micros(histogram.getValueAtPercentile(99.9)),
                micros(histogram.getMaxValue()), negative);
    }

    /**
     * Writes the whole distribution in HdrHistogram's percentile format, values in microseconds: what lies
     * between the percentiles the summary names (a tail of one cause or of many, a step or a slope).
     */
    Path writeDistribution(Path file) throws IOException {
        try (PrintStream out = new PrintStream(Files.newOutputStream(file), false, StandardCharsets.UTF_8)) {
            histogram.outputPercentileDistribution(out, 5, 1000.0);
        }
        return file;
    }

    private static double micros(long nanos) {
        return nanos / 1000.0;
    }
}
