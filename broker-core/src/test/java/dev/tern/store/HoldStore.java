package dev.tern.store;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Child process for {@link RocksStoreProcessTest}: opens the store (sync = false), optionally commits one
 * session with a delivery, says "open" on stdout (the only channel to the parent), and holds the store
 * until stdin closes or the parent kills it.
 */
final class HoldStore {

    private HoldStore() {
    }

    public static void main(String[] args) throws IOException {
        try (RocksStore store = RocksStore.open(Path.of(args[0]), false)) {
            if (args.length > 1 && args[1].equals("write")) {
                SessionStore.Batch batch = store.newBatch();
                batch.putSession("survivor", dev.tern.packet.MqttVersion.V5, 100, 0);
                batch.putDelivery("survivor", StoreFixtures.delivery(7, StoredDelivery.State.AWAIT_PUBREC, 7));
                batch.commit();
            }
            System.out.println("open");
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to close our stdin
            }
        }
    }
}
