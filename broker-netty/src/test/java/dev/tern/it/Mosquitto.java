package dev.tern.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The mosquitto command line clients as independent test peers; tests skip when they are missing. */
final class Mosquitto {
    private Mosquitto() {
    }

    static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    /** Skips the calling test (with the reason) unless mosquitto_pub and mosquitto_sub are on PATH. */
    static void assumeInstalled() {
        assumeTrue(onPath("mosquitto_pub") && onPath("mosquitto_sub"),
                "mosquitto_pub / mosquitto_sub not on PATH (install mosquitto-clients to run this test)");
    }

    /** A started mosquitto process whose stdout and stderr go to files in {@code dir}. */
    record Run(Process process, Path out, Path err, List<String> command) {
        /** Waits (bounded) for exit 0 and returns stdout. */
        String awaitSuccess(long seconds) throws IOException, InterruptedException {
            boolean exited = process.waitFor(seconds, TimeUnit.SECONDS);
            if (!exited) {
                process.destroyForcibly();
            }
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            assertThat(exited).as("%s exited within %d s; stdout=%s stderr=%s", command, seconds, stdout, stderr).isTrue();
            assertThat(process.exitValue()).as("%s exit code; stderr=%s", command, stderr).isZero();
            return stdout;
        }
    }

    static Run start(Path dir, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(args));
        Path out = Files.createTempFile(dir, cmd.get(0), ".out");
        Path err = Files.createTempFile(dir, cmd.get(0), ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new Run(p, out, err, cmd);
    }
}
