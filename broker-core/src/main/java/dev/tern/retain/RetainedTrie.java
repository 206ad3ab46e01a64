package dev.tern.retain;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** PLACEHOLDER (linear scan): replaced by the tries branch. */
public final class RetainedTrie<M> {
    private final Map<String, M> map = new ConcurrentHashMap<>();

    public M put(String topic, M m) {
        return map.put(topic, m);
    }

    public M remove(String topic) {
        return map.remove(topic);
    }

    public M get(String topic) {
        return map.get(topic);
    }

    public void match(String filter, Consumer<M> sink) {
        map.forEach((t, m) -> {
            if (dev.tern.routing.SubscriptionTrieAccess.matches(filter, t)) {
                sink.accept(m);
            }
        });
    }

    public int size() {
        return map.size();
    }

    public void forEach(BiConsumer<String, M> c) {
        map.forEach(c);
    }
}
