package dev.tern.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class PidFileTest {

    @TempDir
    Path dir;

    @Test
    void missing_or_garbage_file_holds_no_pid() throws Exception {
        PidFile pids = new PidFile(dir.resolve("tern.pid"));
        assertThat(pids.read()).isEmpty();
        assertThat(pids.isStale()).isFalse();

        Files.writeString(pids.path(), "not a pid\n");
        assertThat(pids.read()).isEmpty();
        assertThat(pids.isStale()).isTrue();
    }

    @Test
    void write_then_read_creates_the_directory_and_leaves_no_temporary_file() throws Exception {
        PidFile pids = new PidFile(dir.resolve("run/tern.pid"));

        pids.write(4242);

        assertThat(pids.path()).hasContent("4242\n");
        assertThat(pids.read()).isEqualTo(OptionalLong.of(4242));
        try (var files = Files.list(dir.resolve("run"))) {
            assertThat(files).containsExactly(pids.path());
        }
    }

    @Test
    void a_file_naming_a_dead_process_is_stale() throws Exception {
        PidFile pids = new PidFile(dir.resolve("tern.pid"), p -> true);
        pids.write(Processes.deadPid());

        assertThat(pids.liveProcess()).isEmpty();
        assertThat(pids.isStale()).isTrue();
    }

    @Test
    void a_file_naming_a_live_broker_is_not_stale() throws Exception {
        PidFile pids = new PidFile(dir.resolve("tern.pid"), p -> true);
        pids.write(ProcessHandle.current().pid());

        assertThat(pids.liveProcess()).map(ProcessHandle::pid).contains(ProcessHandle.current().pid());
        assertThat(pids.isStale()).isFalse();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void a_reused_pid_of_an_unrelated_process_is_stale() throws Exception {
        Process unrelated = new ProcessBuilder("sleep", "60").start();
        try {
            PidFile pids = new PidFile(dir.resolve("tern.pid"));
            pids.write(unrelated.pid());

            assertThat(pids.liveProcess()).isEmpty();
            assertThat(pids.isStale()).isTrue();
        } finally {
            unrelated.destroy();
        }
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void a_process_running_the_tern_main_class_is_recognised() throws Exception {
        Process broker = Processes.fakeBroker();
        try {
            assertThat(PidFile.looksLikeTern(broker.toHandle())).isTrue();
        } finally {
            broker.destroy();
        }
    }

    @Test
    void delete_if_owned_leaves_another_brokers_file_alone() throws Exception {
        PidFile pids = new PidFile(dir.resolve("tern.pid"));
        pids.write(1111);

        pids.deleteIfOwnedBy(2222);
        assertThat(pids.path()).exists();

        pids.deleteIfOwnedBy(1111);
        assertThat(pids.path()).doesNotExist();
    }

    @Test
    void a_running_process_is_not_a_zombie_and_a_missing_one_neither() {
        // A zombie (killed, not reaped) must not block a restart; a live process is not one.
        assertThat(PidFile.isZombie(ProcessHandle.current().pid())).isFalse();
        assertThat(PidFile.isZombie(Integer.MAX_VALUE)).isFalse();
    }
}
