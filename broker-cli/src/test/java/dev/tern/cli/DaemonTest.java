package dev.tern.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@EnabledOnOs({OS.LINUX, OS.MAC})
class DaemonTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int launch(String script, Duration timeout) throws Exception {
        PidFile pids = new PidFile(dir.resolve("tern.pid"), p -> true);
        Daemon daemon = new Daemon(List.of("sh", "-c", script, "sh", pids.path().toString()), pids,
                dir.resolve("logs/tern.log"));
        return daemon.launch(new PrintWriter(out, true), new PrintWriter(err, true), timeout);
    }

    @Test
    void child_command_relaunches_start_without_daemon_flag_and_with_absolute_paths() {
        List<String> cmd = Daemon.childCommand(Path.of("conf/tern.conf"), Path.of("tern.pid"), Path.of("logs/t.log"));

        int main = cmd.indexOf(Main.class.getName());
        assertThat(main).isPositive();
        assertThat(cmd.subList(main + 1, cmd.size())).containsExactly("start",
                "--config", Path.of("conf/tern.conf").toAbsolutePath().toString(),
                "--pid-file", Path.of("tern.pid").toAbsolutePath().toString(),
                "--log-file", Path.of("logs/t.log").toAbsolutePath().toString());
        assertThat(cmd).doesNotContain("-d", "--daemon").contains("-cp");
    }

    @Test
    void reports_the_pid_once_the_child_has_written_its_pid_file() throws Exception {
        int code = launch("echo starting; sleep 0.3; echo $$ > \"$1\"; exec sleep 30", Duration.ofSeconds(10));
        long pid = Long.parseLong(Files.readString(dir.resolve("tern.pid")).strip());
        try {
            assertThat(code).isZero();
            assertThat(out.toString().strip()).isEqualTo("tern started, pid " + pid);
            assertThat(dir.resolve("logs/tern.log")).content().contains("starting");
        } finally {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        }
    }

    @Test
    void prints_the_childs_lines_and_its_exit_code_when_it_dies() throws Exception {
        Files.createDirectories(dir.resolve("logs"));
        Files.writeString(dir.resolve("logs/tern.log"), "old line from an earlier run\n");

        int code = launch("echo 'tern: configuration error'; echo 'tern.conf:1: bad'; exit 2", Duration.ofSeconds(10));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString().lines()).startsWith("tern: configuration error", "tern.conf:1: bad")
                .doesNotContain("old line from an earlier run");
        assertThat(err.toString()).contains("failed to start (exit code 2)");
    }

    @Test
    void gives_up_and_stops_the_child_when_it_never_becomes_ready() throws Exception {
        int code = launch("echo stuck; exec sleep 30", Duration.ofMillis(500));

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("stuck").contains("not listening after");
    }
}
