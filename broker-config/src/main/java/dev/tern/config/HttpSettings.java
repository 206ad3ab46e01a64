package dev.tern.config;

/** `http { ... }`: the management API, on its own port with its own credentials. */
public record HttpSettings(boolean enabled, String host, int port, String username, String password) {
}
