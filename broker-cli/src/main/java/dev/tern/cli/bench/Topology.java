package dev.tern.cli.bench;

import java.util.function.IntFunction;

/**
 * Who publishes where and who hears whom in a publish/subscribe scenario. Topics carry the bench's
 * pid so that runs never hear each other.
 *
 * @param expects {@code expects.test(subscriber, publisher)}: whether the subscriber's filter matches
 *                that publisher's topic, i.e. whether every message of it must arrive there
 */
record Topology(String name, int publishers, int subscribers, IntFunction<String> publishTopic,
                IntFunction<String> subscribeFilter, Expects expects) {

    @FunctionalInterface
    interface Expects {
        boolean test(int subscriber, int publisher);
    }

    static String prefix(String scenario) {
        return "bench/" + ProcessHandle.current().pid() + "/" + scenario;
    }

    /** P publishers on their own topics, one subscriber on a wildcard over all of them. */
    static Topology fanIn(int publishers) {
        String p = prefix("fanin");
        return new Topology("fanin", publishers, 1, i -> p + "/" + i, s -> p + "/+", (s, i) -> true);
    }

    /** One publisher, S subscribers on its topic. */
    static Topology fanOut(int subscribers) {
        String p = prefix("fanout");
        return new Topology("fanout", 1, subscribers, i -> p, s -> p, (s, i) -> true);
    }

    /** N pairs: publisher i to subscriber i, each on its own topic. */
    static Topology pairs(int n) {
        String p = prefix("pairs");
        return new Topology("pairs", n, n, i -> p + "/" + i, s -> p + "/" + s, (s, i) -> s == i);
    }
}
