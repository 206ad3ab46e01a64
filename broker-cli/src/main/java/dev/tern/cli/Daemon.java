package dev.tern.cli;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * {@code tern start -d}: re-launches this JVM's command as {@code tern start} (without {@code -d}) in a
 * new session, with its output appended to the log file, then waits until the child has written its pid
 * file (it does so once it is listening) or has died. A JVM cannot fork itself, so this is the daemon.
 */
final class Daemon {

    private static final long POLL_MILLIS = 100;
    private static final int MAX_ERROR_LINES = 40;

    private final List<String> command;
    private final PidFile pidFile;
    private final Path logFile;

    Daemon(List<String> command, PidFile pidFile, Path logFile) {
        this.command = List.copyOf(command);
        this.pidFile = Objects.requireNonNull(pidFile, "pidFile");
        this.logFile = Objects.requireNonNull(logFile, "logFile");
    }

    /**
     * The child's command line: the same java, JVM options and class path, then {@code start} with every
     * path made absolute and without {@code -d}; under {@code setsid} when there is one, so that the broker
     * leaves the shell's session and survives its hang-up.
     */
    static List<String> childCommand(Path config, Path pidFile, Path logFile) {
        List<String> cmd = new ArrayList<>();
        setsid().ifPresent(cmd::add);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of("start",
                "--config", config.toAbsolutePath().toString(),
                "--pid-file", pidFile.toAbsolutePath().toString(),
                "--log-file", logFile.toAbsolutePath().toString()));
        return cmd;
    }

    private static java.util.Optional<String> setsid() {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator))
                .map(dir -> Path.of(dir, "setsid"))
                .filter(Files::isExecutable)
                .map(Path::toString)
                .findFirst();
    }

    /** Starts the child and reports: exit code 0 once it is listening, else its own exit code or 1. */
    int launch(PrintWriter out, PrintWriter err, Duration readyTimeout) throws IOException {
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        long logStart = Files.exists(logFile) ? Files.size(logFile) : 0;
        File devNull = new File("/dev/null");
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(devNull.exists() ? ProcessBuilder.Redirect.from(devNull) : ProcessBuilder.Redirect.PIPE);
        Process child = pb.start();
        child.getOutputStream().close();

        long deadline = System.nanoTime() + readyTimeout.toNanos();
        while (true) {
            OptionalLong pid = pidFile.read();
            if (pid.isPresent() && ProcessHandle.of(pid.getAsLong()).map(ProcessHandle::isAlive).orElse(false)) {
                out.println("tern started, pid " + pid.getAsLong());
                out.flush();
                return ExitCodes.OK;
            }
            if (!child.isAlive()) {
                printNewLogLines(err, logStart);
                int code = child.exitValue();
                err.println("tern: failed to start (exit code " + code + "); log: " + logFile);
                err.flush();
                return code == 0 ? ExitCodes.FAILURE : code;
            }
            if (System.nanoTime() - deadline > 0) {
                printNewLogLines(err, logStart);
                err.println("tern: not listening after " + readyTimeout.toSeconds() + " s, stopping pid "
                        + child.pid() + "; log: " + logFile);
                err.flush();
                child.destroy();
                return ExitCodes.FAILURE;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                err.println("tern: interrupted while waiting; the broker (pid " + child.pid() + ") may still start");
                return ExitCodes.FAILURE;
            }
        }
    }

    /** What the child wrote to the log during this launch, at most the last {@value #MAX_ERROR_LINES} lines. */
    private void printNewLogLines(PrintWriter err, long from) {
        try (InputStream in = Files.newInputStream(logFile)) {
            in.skipNBytes(Math.min(from, Files.size(logFile)));
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            lines.subList(Math.max(0, lines.size() - MAX_ERROR_LINES), lines.size()).forEach(err::println);
        } catch (IOException e) {
            err.println("tern: cannot read " + logFile + ": " + e.getMessage());
        }
    }
}
