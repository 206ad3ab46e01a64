package dev.tern.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class StopAndStatusCommandTest {

    @TempDir
    Path dir;

    private Path pidFile() {
        return dir.resolve("tern.pid");
    }

    @Test
    void without_pid_file_status_is_3_and_stop_succeeds() {
        Run status = Run.tern("status", "--pid-file", pidFile().toString());
        assertThat(status.exitCode()).isEqualTo(3);
        assertThat(status.out().strip()).isEqualTo("tern is not running");

        Run stop = Run.tern("stop", "--pid-file", pidFile().toString());
        assertThat(stop.exitCode()).isZero();
        assertThat(stop.out()).contains("tern is not running");
    }

    @Test
    void stale_pid_file_status_is_3_and_stop_removes_it() throws Exception {
        long dead = Processes.deadPid();
        Files.writeString(pidFile(), dead + "\n");

        Run status = Run.tern("status", "--pid-file", pidFile().toString());
        assertThat(status.exitCode()).isEqualTo(3);
        assertThat(status.out()).contains("not running").contains("stale pid file").contains(String.valueOf(dead));

        Run stop = Run.tern("stop", "--pid-file", pidFile().toString());
        assertThat(stop.exitCode()).isZero();
        assertThat(stop.out()).contains("removed stale pid file");
        assertThat(pidFile()).doesNotExist();
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void running_broker_status_is_0_and_stop_terminates_it() throws Exception {
        Process broker = Processes.fakeBroker();
        try {
            Files.writeString(pidFile(), broker.pid() + "\n");

            Run status = Run.tern("status", "--pid-file", pidFile().toString());
            assertThat(status.exitCode()).isZero();
            assertThat(status.out().strip()).isEqualTo("tern is running, pid " + broker.pid());

            Run stop = Run.tern("stop", "--pid-file", pidFile().toString(), "--timeout", "10s");
            assertThat(stop.exitCode()).isZero();
            assertThat(stop.out().strip()).isEqualTo("tern stopped (pid " + broker.pid() + ")");
            assertThat(broker.waitFor(5, TimeUnit.SECONDS)).isTrue();
            assertThat(pidFile()).doesNotExist();
        } finally {
            broker.destroyForcibly();
        }
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void stop_reports_a_broker_that_does_not_exit_in_time() throws Exception {
        // A shell that ignores SIGTERM, named like the broker.
        // It says "ready" once its trap is installed; the test waits for that line, not for a fixed time.
        Process stubborn = new ProcessBuilder("sh", "-c", "trap '' TERM; echo ready; sleep 60; :", PidFile.MAIN_CLASS).start();
        try {
            Files.writeString(pidFile(), stubborn.pid() + "\n");
            try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(stubborn.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8))) {
                assertThat(out.readLine()).isEqualTo("ready");
            }

            Run stop = Run.tern("stop", "--pid-file", pidFile().toString(), "--timeout", "300ms");

            assertThat(stop.exitCode()).isEqualTo(1);
            assertThat(stop.err()).contains("did not exit").contains("still running");
            assertThat(pidFile()).exists();
        } finally {
            stubborn.destroyForcibly();
        }
    }
}
