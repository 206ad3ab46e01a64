package dev.tern.routing;

/** One (subscriber, filter) entry of a trie node; immutable so readers can share it. */
record Subscription<S, V>(S subscriber, V data, String filter) {
}
