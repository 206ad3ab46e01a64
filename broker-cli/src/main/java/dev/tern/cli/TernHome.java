package dev.tern.cli;

import java.nio.file.Path;

/**
 * Where relative default paths (pid file, log file, config) are resolved: the {@code tern.home} system
 * property, which the launcher sets to the installation root, else the working directory. Paths given
 * on the command line are resolved against the working directory as usual.
 */
final class TernHome {

    static final String PROPERTY = "tern.home";

    private TernHome() {
    }

    static Path dir() {
        String home = System.getProperty(PROPERTY);
        return (home == null || home.isBlank() ? Path.of("") : Path.of(home)).toAbsolutePath();
    }

    /** {@code given} as an absolute path, or {@code fallback} under the home directory when not given. */
    static Path resolve(Path given, String fallback) {
        return given != null ? given.toAbsolutePath().normalize() : dir().resolve(fallback).normalize();
    }
}
