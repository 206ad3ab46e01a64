package dev.tern.config;

import java.nio.file.Path;

/** `persistence { type, dir }`. */
public record PersistenceSettings(Type type, Path dir) {
    public enum Type {
        MEMORY,
        ROCKSDB
    }
}
