package dev.tern.config;

/** `log { level }`: one of trace, debug, info, warn, error. */
public record LogSettings(String level) {
}
