package dev.tern.cli.bench;

import dev.tern.packet.MqttVersion;
import dev.tern.packet.PublishProperties;
import dev.tern.packet.Qos;
import dev.tern.packet.SubscriptionOptions;
import dev.tern.store.RocksStore;
import dev.tern.store.SessionStore;
import dev.tern.store.StoredDelivery;
import dev.tern.store.StoredMessage;
import dev.tern.store.StoredSession;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Benchmark helper, not a test: fills a RocksDB store directly through {@link SessionStore} batches, to time
 * a broker's start-up over a large store (docs/benchmarks.md, Persistence). Each session is persistent
 * (expiry 1 h, disconnected now) with one subscription and one queued QoS 1 message; retained messages
 * have 64-byte payloads.
 *
 * <pre>java -cp broker-cli/target/test-classes:broker-cli/target/classes:'broker-cli/target/lib/*' \
 *     dev.tern.cli.bench.StoreLoader DIR SESSIONS RETAINED</pre>
 */
public final class StoreLoader {
    private static final int BATCH = 10_000;

    private StoreLoader() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        int sessions = Integer.parseInt(args[1]);
        int retained = Integer.parseInt(args[2]);
        byte[] payload = new byte[64];
        Arrays.fill(payload, (byte) 'x');
        long now = System.currentTimeMillis();
        long start = System.nanoTime();
        try (RocksStore store = RocksStore.open(dir, false)) {
            SessionStore.Batch b = store.newBatch();
            for (int i = 0; i < sessions; i++) {
                String id = "load-" + i;
                b.putSession(id, MqttVersion.V5, 3600, now);
                b.putSubscription(id, "load/" + i + "/#",
                        new StoredSession.StoredSubscription(SubscriptionOptions.of(Qos.AT_LEAST_ONCE), 0));
                StoredMessage m = new StoredMessage("load/" + i + "/q", payload, Qos.AT_LEAST_ONCE, false,
                        PublishProperties.NONE, Long.MAX_VALUE, "loader");
                b.putDelivery(id, new StoredDelivery(1, StoredDelivery.State.QUEUED, 0, Qos.AT_LEAST_ONCE, false, List.of(), m));
                if (i % BATCH == BATCH - 1) {
                    b.commit();
                }
            }
            for (int i = 0; i < retained; i++) {
                String topic = "retained/" + (i / 1000) + "/" + (i % 1000);
                b.putRetained(topic, new StoredMessage(topic, payload, Qos.AT_MOST_ONCE, true, PublishProperties.NONE,
                        Long.MAX_VALUE, "loader"));
                if (i % BATCH == BATCH - 1) {
                    b.commit();
                }
            }
            b.commit();
        }
        System.out.printf("loaded %d sessions and %d retained messages into %s in %d ms%n", sessions, retained, dir,
                (System.nanoTime() - start) / 1_000_000L);
    }
}
