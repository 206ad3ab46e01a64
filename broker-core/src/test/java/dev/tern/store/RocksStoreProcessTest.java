package dev.tern.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only another process can show: a commit without sync survives {@code kill -9} (DESIGN.md:
 * Persistence), and a store held by another process (two Tern instances on one data directory) is
 * refused with one sentence, not RocksDB's "IO error: While lock file ... Resource temporarily
 * unavailable" (within one process RocksDB reports the lock differently).
 */
class RocksStoreProcessTest {

    @TempDir
    Path dir;

    private Process startHolder(String... extra) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                HoldStore.class.getName(), dir.toString()));
        command.addAll(List.of(extra));
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        var out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line;
        do {
            line = out.readLine();
        } while (line != null && !line.equals("open"));
        assertThat(line).as("child opened the store").isEqualTo("open");
        return child;
    }

    @Test
    @Timeout(60)
    void a_commit_without_sync_survives_kill_9_of_the_process() throws Exception {
        Process child = startHolder("write");
        child.destroyForcibly(); // SIGKILL: no shutdown hook, no close, no WAL sync
        assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();

        try (RocksStore store = RocksStore.open(dir, false)) {
            var sessions = new ArrayList<StoredSession>();
            store.recover(sessions::add, (t, m) -> { });
            assertThat(sessions).singleElement().satisfies(s -> {
                assertThat(s.clientId()).isEqualTo("survivor");
                assertThat(s.deliveries()).usingRecursiveFieldByFieldElementComparator()
                        .containsExactly(StoreFixtures.delivery(7, StoredDelivery.State.AWAIT_PUBREC, 7));
            });
        }
    }

    @Test
    @Timeout(60)
    void a_store_held_by_another_process_is_refused_naming_the_directory() throws Exception {
        Process child = startHolder();
        try {
            assertThatThrownBy(() -> RocksStore.open(dir, false))
                    .isInstanceOf(StoreException.class)
                    .hasMessage("another Tern process holds the store at " + dir
                            + " (LOCK); stop it or point persistence at another directory")
                    .cause().hasMessageContaining("Resource temporarily unavailable");
        } finally {
            child.getOutputStream().close();
            if (!child.waitFor(20, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
        // once the other process has gone, the store opens
        RocksStore.open(dir, false).close();
    }
}
