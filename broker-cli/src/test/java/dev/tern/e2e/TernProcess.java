package dev.tern.e2e;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real broker as a separate JVM, started the way an operator starts it ({@code tern start -c FILE}),
 * from the packaged module ({@code target/classes} and the runtime jars that {@code package} copied to
 * {@code target/lib}). Its configuration is generated into a temporary directory, its stdout and stderr
 * go to a file there, and {@link #close()} always stops it, so a failing test leaves no broker behind.
 */
final class TernProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final String STARTED = "started, pid";

    private final Process process;
    private final int port;
    private final Path log;

    private TernProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Writes {@code dir/tern.conf} (a free loopback port plus {@code extraHocon}) and starts the broker on it. */
    static TernProcess start(Path dir, String extraHocon) throws IOException, InterruptedException {
        int port = freePort();
        Path conf = dir.resolve("tern.conf");
        Files.writeString(conf, "listeners.tcp.bind = \"127.0.0.1:" + port + "\"\n"
                + "engine.threads = 2\n" + extraHocon + "\n");
        Path log = dir.resolve("tern.out");
        Process p = command(dir, "start", "-c", conf.toString(), "--pid-file", dir.resolve("tern.pid").toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        TernProcess tern = new TernProcess(p, port, log);
        try {
            tern.awaitStarted();
        } catch (RuntimeException | AssertionError e) {
            tern.close();
            throw e;
        }
        return tern;
    }

    /**
     * A {@code tern} command line as a new JVM: {@code java -cp target/classes:target/lib/* dev.tern.cli.Main args},
     * run in {@code dir}.
     */
    static ProcessBuilder command(Path dir, String... args) {
        Path target = moduleDir().resolve("target");
        if (!Files.isDirectory(target.resolve("lib"))) {
            throw new IllegalStateException(target.resolve("lib") + " is missing: run `mvnw verify` (package copies the jars)");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(target.resolve("classes") + File.pathSeparator + target.resolve("lib") + File.separator + "*");
        cmd.add("dev.tern.cli.Main");
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(dir.toFile());
    }

    /** The broker-cli module's directory (Maven's basedir; the working directory of its test JVMs). */
    static Path moduleDir() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
    }

    /** Binds port 0 on loopback and closes it again: the port is free unless another process races us to it. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void awaitStarted() {
        // The broker's output goes to a file, which gives no event to wait on: poll it for the line.
        org.awaitility.Awaitility.await("broker started").atMost(START_TIMEOUT).pollInterval(java.time.Duration.ofMillis(50))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError("broker exited with " + process.exitValue() + " before starting:\n" + output());
                    }
                    return output().contains(STARTED);
                });
    }

    int port() {
        return port;
    }

    String host() {
        return "127.0.0.1";
    }

    /** Everything the broker printed so far. */
    String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** SIGKILL ({@code kill -9}): no shutdown hook runs, nothing is flushed or closed. Waits for the exit. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError("broker pid " + process.pid() + " still alive 10 s after SIGKILL");
        }
    }

    /** A RocksDB store in {@code dataDir}, as HOCON for {@link #start}'s {@code extraHocon}. */
    static String rocksdb(Path dataDir) {
        return "persistence { type = rocksdb, dir = \"" + dataDir.toString().replace("\\", "/") + "\" }\n";
    }

    /** SIGTERM, then SIGKILL if the broker has not exited within 10 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
