package dev.tern.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.packet.MqttVersion;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** persistence.type = memory: writes are accepted and forgotten. */
class MemoryStoreTest {

    @Test
    void is_not_durable_and_recovers_nothing_after_writes() {
        try (MemoryStore store = new MemoryStore()) {
            SessionStore.Batch batch = store.newBatch();
            batch.putSession("c", MqttVersion.V5, 100, 0);
            batch.putDelivery("c", StoreFixtures.delivery(1, StoredDelivery.State.QUEUED, 0));
            batch.putRetained("r", StoreFixtures.bareMessage("r"));
            batch.commit();
            assertThat(store.durable()).isFalse();
            assertThat(batch.isEmpty()).isTrue();
            List<Object> recovered = new ArrayList<>();
            store.recover(recovered::add, (topic, message) -> recovered.add(message));
            assertThat(recovered).isEmpty();
        }
    }
}
