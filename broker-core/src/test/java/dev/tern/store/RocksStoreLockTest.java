package dev.tern.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store held by another process (the real case: two Tern instances on one data directory) fails the
 * second open with one sentence, not RocksDB's "IO error: While lock file ... Resource temporarily
 * unavailable". Within one process RocksDB reports the lock differently, so this needs a child JVM.
 */
class RocksStoreLockTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void a_store_held_by_another_process_is_refused_naming_the_directory() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                HoldStore.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            var out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.equals("open"));
            assertThat(line).as("child opened the store").isEqualTo("open");

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
