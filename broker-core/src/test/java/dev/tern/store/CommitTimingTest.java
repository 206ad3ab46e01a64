package dev.tern.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.packet.MqttVersion;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Not a benchmark and asserts no speed: logs the commit time of a 1,000-put batch with and without
 * fsync, so a reader can see the cost of sync = true on the machine at hand. (Test code may read the
 * system clock; broker-core main code may not.)
 */
class CommitTimingTest {
    private static final Logger log = LoggerFactory.getLogger(CommitTimingTest.class);
    private static final int ROUNDS = 20;
    private static final int PUTS = 1_000;

    @TempDir
    Path dir;

    @Test
    void commit_time_of_a_thousand_puts_with_and_without_sync() {
        for (boolean sync : new boolean[] {false, true}) {
            long[] micros = new long[ROUNDS];
            try (RocksStore store = RocksStore.open(dir.resolve("sync-" + sync), sync)) {
                SessionStore.Batch batch = store.newBatch();
                batch.putSession("timing", MqttVersion.V5, 100, 0);
                long sequence = 0;
                for (int round = 0; round < ROUNDS; round++) {
                    for (int i = 0; i < PUTS; i++) {
                        batch.putDelivery("timing", StoreFixtures.delivery(sequence++, StoredDelivery.State.QUEUED, 0));
                    }
                    long start = System.nanoTime();
                    batch.commit();
                    micros[round] = (System.nanoTime() - start) / 1_000;
                }
                assertThat(batch.isEmpty()).isTrue();
            }
            Arrays.sort(micros);
            log.info("commit of {} puts, sync = {}: median {} us, min {} us, max {} us",
                    PUTS, sync, micros[ROUNDS / 2], micros[0], micros[ROUNDS - 1]);
        }
    }
}
