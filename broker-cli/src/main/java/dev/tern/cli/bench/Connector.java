package dev.tern.cli.bench;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Opens the clients of a run at a given rate (0 = as fast as possible), with at most {@code window}
 * handshakes under way so that the broker's listen backlog never overflows (a dropped SYN costs a
 * one-second retransmission and would measure the kernel, not the broker). Lives on the event loop;
 * scenarios forward their clients' connect outcomes to it.
 */
final class Connector {
    private final BenchLoop loop;
    private final List<BenchClient> clients;
    private final int rate;
    private final int window;
    private final boolean[] resolved;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private int next;
    private int pending;
    private int connected;
    private int failed;
    private String firstError;
    private long startNanos;
    private long lastNanos;
    private boolean timerArmed;

    Connector(BenchLoop loop, List<BenchClient> clients, int rate, int window) {
        this.loop = loop;
        this.clients = clients;
        this.rate = rate;
        this.window = Math.max(1, window);
        this.resolved = new boolean[clients.size()];
    }

    /** Starts connecting; the future completes once every client has connected or failed. */
    CompletableFuture<Void> start() {
        loop.loop().execute(() -> {
            startNanos = System.nanoTime();
            if (clients.isEmpty()) {
                done.complete(null);
            }
            open();
        });
        return done;
    }

    void onConnected(BenchClient c) {
        if (resolve(c)) {
            connected++;
            lastNanos = System.nanoTime();
            finishOrOpen();
        }
    }

    void onFailed(BenchClient c, String why) {
        if (resolve(c)) {
            failed++;
            if (firstError == null) {
                firstError = why;
            }
            finishOrOpen();
        }
    }

    int connected() {
        return connected;
    }

    int failed() {
        return failed;
    }

    String firstError() {
        return firstError;
    }

    /** Connections per second from the first connect to the last CONNACK. */
    double connectsPerSecond() {
        double s = (lastNanos - startNanos) / 1e9;
        return s > 0 ? connected / s : 0;
    }

    private boolean resolve(BenchClient c) {
        if (resolved[c.index]) {
            return false;
        }
        resolved[c.index] = true;
        pending--;
        return true;
    }

    private void finishOrOpen() {
        if (connected + failed == clients.size()) {
            done.complete(null);
        } else {
            open();
        }
    }

    private void open() {
        long allowed = rate <= 0 ? Long.MAX_VALUE
                : 1 + (long) ((System.nanoTime() - startNanos) / 1e9 * rate);
        while (next < clients.size() && pending < window && next < allowed) {
            BenchClient c = clients.get(next++);
            pending++;
            loop.connect(c).addListener(f -> {
                if (!f.isSuccess()) {
                    onFailed(c, String.valueOf(f.cause()));
                }
            });
        }
        if (rate > 0 && next < clients.size() && pending < window && !timerArmed) {
            timerArmed = true;
            loop.loop().schedule(() -> {
                timerArmed = false;
                open();
            }, 1, TimeUnit.MILLISECONDS);
        }
    }
}
