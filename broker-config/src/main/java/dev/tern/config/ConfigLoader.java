package dev.tern.config;

import java.nio.file.Path;

/** Loads and validates a HOCON file over the defaults in reference.conf. */
public final class ConfigLoader {
    private ConfigLoader() {
    }

    /** @throws ConfigException with every problem found, each naming key, file and line */
    public static TernConfig load(Path file) {
        throw new UnsupportedOperationException("TODO(config helper)");
    }

    /** The embedded defaults alone (reference.conf). */
    public static TernConfig defaults() {
        throw new UnsupportedOperationException("TODO(config helper)");
    }
}
