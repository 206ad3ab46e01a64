package dev.tern.config;

/** `engine`: threads = number of engine shards (event loops); already resolved (0 in the file = cores). */
public record EngineSettings(int threads) {
}
