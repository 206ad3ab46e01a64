package dev.tern.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;

/**
 * A pid file: the decimal pid of a running broker and a newline, nothing else, so that
 * {@code kill $(cat tern.pid)} works. Written atomically by the broker once it is listening.
 *
 * <p>A pid file can outlive its process ({@code kill -9}, power loss) and the pid can then be reused by
 * an unrelated process; {@link #isTern} guards against treating (or signalling) such a process as Tern.
 */
final class PidFile {

    /** The broker's main class, found on the command line of every JVM that the launcher starts. */
    static final String MAIN_CLASS = "dev.tern.cli.Main";

    private final Path path;
    private final Predicate<ProcessHandle> isTern;

    PidFile(Path path) {
        this(path, PidFile::looksLikeTern);
    }

    PidFile(Path path, Predicate<ProcessHandle> isTern) {
        this.path = Objects.requireNonNull(path, "path");
        this.isTern = Objects.requireNonNull(isTern, "isTern");
    }

    Path path() {
        return path;
    }

    /** The pid in the file; empty when there is no file or it does not hold a pid. */
    OptionalLong read() throws IOException {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        }
        try {
            long pid = Long.parseLong(text);
            return pid > 0 ? OptionalLong.of(pid) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** The live Tern process that the file names, if any. */
    Optional<ProcessHandle> liveProcess() throws IOException {
        OptionalLong pid = read();
        if (pid.isEmpty()) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid.getAsLong()).filter(ProcessHandle::isAlive).filter(isTern);
    }

    /** True if the file exists but names no live Tern process. */
    boolean isStale() throws IOException {
        return Files.exists(path) && liveProcess().isEmpty();
    }

    /** Writes {@code pid} atomically (temporary file, then rename), creating the parent directory. */
    void write(long pid) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, path.getFileName().toString(), ".tmp");
        try {
            Files.writeString(tmp, pid + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Deletes the file if it still names {@code pid}: a newer broker's file is left alone. */
    void deleteIfOwnedBy(long pid) {
        try {
            if (read().equals(OptionalLong.of(pid))) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // Nothing useful to do at shutdown; the next start treats the file as stale.
        }
    }

    void delete() throws IOException {
        Files.deleteIfExists(path);
    }

    /**
     * Whether a process looks like a Tern broker. When the OS does not tell us the command line
     * (another user's process on some systems) we cannot tell, and assume it is.
     */
    static boolean looksLikeTern(ProcessHandle process) {
        if (isZombie(process.pid())) {
            return false; // killed (kill -9) and not yet reaped: it holds no port and no store lock
        }
        return process.info().commandLine().map(cmd -> cmd.contains(MAIN_CLASS)).orElse(true);
    }

    /** On Linux, a process that has exited but was not reaped by its parent (state Z in /proc/PID/stat). */
    static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int close = stat.lastIndexOf(')'); // the command name may contain spaces and parentheses
            return close > 0 && close + 2 < stat.length() && stat.charAt(close + 2) == 'Z';
        } catch (IOException | RuntimeException e) {
            return false; // not Linux, or gone: let the other checks decide
        }
    }
}
