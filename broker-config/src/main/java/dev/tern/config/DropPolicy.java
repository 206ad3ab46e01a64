package dev.tern.config;

/** What a full offline queue drops: the oldest queued message or the newly arriving one. */
public enum DropPolicy {
    OLDEST,
    NEWEST
}
