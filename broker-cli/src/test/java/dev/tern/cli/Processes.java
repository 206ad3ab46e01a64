package dev.tern.cli;

import java.io.IOException;

/** Helper processes for pid-file tests. */
final class Processes {

    private Processes() {
    }

    /**
     * A live process whose command line names Tern's main class, as a real broker's does: a shell
     * with the class name as its {@code $0} (the trailing {@code :} keeps the shell from exec'ing sleep).
     */
    static Process fakeBroker() throws IOException {
        return new ProcessBuilder("sh", "-c", "sleep 60; :", PidFile.MAIN_CLASS).start();
    }

    /** The pid of a process that has already exited. */
    static long deadPid() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }
}
