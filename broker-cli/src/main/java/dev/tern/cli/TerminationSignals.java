package dev.tern.cli;

import sun.misc.Signal;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * SIGTERM and SIGINT handling for the foreground broker. The JVM's default handling runs the shutdown
 * hooks and then exits with 128+signal; an orderly stop should exit 0, so we take the signals
 * ({@code sun.misc.Signal}, jdk.unsupported: the only JDK API for it) and let the main thread return.
 * A second signal while stopping forces the exit, so a hung shutdown can still be interrupted.
 */
final class TerminationSignals {

    private TerminationSignals() {
    }

    static void onFirst(Runnable stop) {
        AtomicBoolean stopping = new AtomicBoolean();
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), sig -> {
                    if (stopping.compareAndSet(false, true)) {
                        stop.run();
                    } else {
                        Runtime.getRuntime().halt(128 + sig.getNumber());
                    }
                });
            } catch (IllegalArgumentException e) {
                // Signal not available (-Xrs, or the platform): the shutdown hook still closes the server.
            }
        }
    }
}
