package dev.tern.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tern bench fanin / pairs} against an in-process broker: the accounting and the latency distribution. */
class BenchPubSubTest extends InProcessBrokerBench {

    @Test
    void fixed_rate_qos1_fan_in_delivers_every_message_and_writes_the_whole_distribution(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("latency.hgrm");
        String json = bench("fanin", "-P", "2", "-q", "1", "-r", "500", "--warmup", "200ms", "-d", "1s",
                "--latency-out", out.toString());

        assertThat(exitCode).isZero();
        long expected = number(json, "expected");
        assertThat(expected).isGreaterThan(0);
        assertThat(number(json, "received")).isEqualTo(expected);
        assertThat(json).contains("\"lost\":0,").contains("\"duplicates\":0,").contains("\"out_of_order\":0,");
        // The bench's own collections inside the measured window are reported next to the latency.
        assertThat(json).containsPattern("\"bench_gc\":\\d+").containsPattern("\"bench_gc_ms\":\\d+");
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).contains("Value").contains("Percentile");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("#[Mean"));
        assertThat(lines.stream().filter(l -> l.matches("\\s*[0-9.]+\\s+[0-9.]+\\s+\\d+\\s+.*"))).hasSizeGreaterThan(10);
    }

    @Test
    void closed_loop_pairs_at_qos0_count_what_they_sent_and_received() {
        String json = bench("pairs", "-P", "3", "-q", "0", "-d", "500ms");

        assertThat(exitCode).isZero();
        assertThat(number(json, "publishers")).isEqualTo(3);
        assertThat(number(json, "received")).isEqualTo(number(json, "expected")).isGreaterThan(0);
    }

    private static long number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":(\\d+)").matcher(json);
        assertThat(m.find()).as("%s in %s", key, json).isTrue();
        return Long.parseLong(m.group(1));
    }
}
