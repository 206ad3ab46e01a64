package dev.tern.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The launcher, {@code scripts/tern}, the way README.md tells operators to run it. The other end-to-end
 * tests start {@code dev.tern.cli.Main} with {@code java} directly, so only this one sees the launcher's
 * default JVM options. Those options are part of the product: the keepalive guarantee (every silent
 * client closed within 50 ms of its deadline across a mass expiry, docs/sessions.md) depends on the
 * young generation they size. {@code JAVA_TOOL_OPTIONS=-XX:+PrintCommandLineFlags} makes the JVM print
 * the options it was given, on top of whatever the launcher passes.
 */
class LauncherIT {
    private static final Path ROOT = TernProcess.moduleDir().getParent();

    @Test
    void runsTheCliWithTheDefaultJvmOptions(@TempDir Path dir) throws Exception {
        String out = tern(dir, null);

        assertThat(out).contains("tern ");
        assertThat(out).contains("-XX:+UseParallelGC", "-XX:NewSize=8388608", "-XX:MaxNewSize=33554432",
                "-XX:MaxGCPauseMillis=15", "-XX:MaxTenuringThreshold=1", "-XX:ThreadStackSize=512",
                "-XX:+ExitOnOutOfMemoryError");
    }

    @Test
    void theLoadGeneratorGetsAOneGibYoungGenerationOfItsOwn(@TempDir Path dir) throws Exception {
        String out = tern(dir, null, "bench", "--help");

        assertThat(out).contains("Usage: tern bench");
        assertThat(out).contains("-XX:+UseParallelGC", "-XX:NewSize=1073741824", "-XX:MaxNewSize=1073741824");
        assertThat(out).doesNotContain("-XX:MaxGCPauseMillis", "-XX:MaxTenuringThreshold");
    }

    @Test
    void ternJavaOptsReplacesTheDefaults(@TempDir Path dir) throws Exception {
        String out = tern(dir, "-XX:+UseSerialGC");

        assertThat(out).contains("tern ", "-XX:+UseSerialGC");
        assertThat(out).doesNotContain("-XX:+UseParallelGC", "-XX:MaxGCPauseMillis");
    }

    /**
     * Runs {@code scripts/tern ARGS} (default {@code --version}) in {@code dir} with this JDK; returns stdout
     * and stderr together.
     */
    private static String tern(Path dir, String ternJavaOpts, String... args) throws IOException, InterruptedException {
        Path script = ROOT.resolve("scripts").resolve("tern");
        assertThat(script).isRegularFile();
        Path out = dir.resolve("out.txt");
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(args.length == 0 ? List.of("--version") : List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile());
        Map<String, String> env = pb.environment();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("JAVA_TOOL_OPTIONS", "-XX:+PrintCommandLineFlags");
        if (ternJavaOpts == null) {
            env.remove("TERN_JAVA_OPTS");
        } else {
            env.put("TERN_JAVA_OPTS", ternJavaOpts);
        }
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("scripts/tern " + command.subList(2, command.size()) + " did not finish in 60 s:\n"
                    + Files.readString(out));
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("exit code; output:\n%s", text).isZero();
        return text;
    }
}
