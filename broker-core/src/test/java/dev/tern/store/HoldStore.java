package dev.tern.store;

import java.io.IOException;
import java.nio.file.Path;

/** Child process for {@link RocksStoreLockTest}: opens the store, says so, holds it until stdin closes. */
final class HoldStore {

    private HoldStore() {
    }

    public static void main(String[] args) throws IOException {
        try (RocksStore store = RocksStore.open(Path.of(args[0]), false)) {
            System.out.println("open");
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to close our stdin
            }
        }
    }
}
