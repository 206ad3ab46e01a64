package dev.tern.cli;

/** Process exit codes of the {@code tern} command; the status codes follow the LSB init-script convention. */
final class ExitCodes {
    static final int OK = 0;
    /** Start-up or runtime failure: bind error, already running, stop timed out. */
    static final int FAILURE = 1;
    /** Bad configuration (also what picocli returns for a bad command line). */
    static final int CONFIG = 2;
    /** {@code status}: the broker is not running (LSB "program is not running"). */
    static final int NOT_RUNNING = 3;

    private ExitCodes() {
    }
}
