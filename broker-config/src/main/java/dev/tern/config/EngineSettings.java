package dev.tern.config;

/**
 * `engine`: threads = number of engine shards (event loops), already resolved (0 in the file = cores);
 * publisherAffinity = whether a publisher whose messages all go to one other shard, one or two at a
 * time, moves there (docs/architecture.md: publisher affinity).
 */
public record EngineSettings(int threads, boolean publisherAffinity) {

    /** With publisher affinity on, the default. */
    public EngineSettings(int threads) {
        this(threads, true);
    }
}
