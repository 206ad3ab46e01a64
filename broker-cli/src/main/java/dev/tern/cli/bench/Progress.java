package dev.tern.cli.bench;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;

/** The live line, rewritten once per second on a terminal; the main thread waits here while the loop works. */
final class Progress {
    private Progress() {
    }

    /**
     * Waits until {@code done} answers true, asking the loop for {@code line} each second and printing it
     * to {@code out} (null: print nothing).
     */
    static void follow(BenchLoop loop, PrintStream out, Callable<String> line, Callable<Boolean> done)
            throws InterruptedException {
        long start = System.nanoTime();
        long nextLine = start + 1_000_000_000L;
        while (!loop.call(done)) {
            Thread.sleep(20);
            if (out != null && System.nanoTime() >= nextLine) {
                nextLine += 1_000_000_000L;
                String text = loop.call(line);
                out.printf(Locale.ROOT, "\r%4ds  %s\u001b[K", (System.nanoTime() - start) / 1_000_000_000L, text);
                out.flush();
            }
        }
        if (out != null) {
            out.print("\r\u001b[K");
            out.flush();
        }
    }

    /** The line of a publish/subscribe run: rates over the last second and latency so far. */
    static Callable<String> pubSub(PubSubStats stats) {
        long[] last = new long[2];
        return () -> {
            long sent = stats.sentTotal();
            long got = stats.deliveredTotal();
            Latency.Summary l = stats.latency();
            String s = String.format(Locale.ROOT, "sent %,d/s  delivered %,d/s  p50 %.0f us  p99 %.0f us",
                    sent - last[0], got - last[1], l.p50(), l.p99());
            last[0] = sent;
            last[1] = got;
            return s;
        };
    }
}
