package dev.tern.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** PLACEHOLDER (linear scan): replaced by the tries branch. */
public final class SubscriptionTrie<S, V> {
    private final Map<String, Map<S, V>> byFilter = new ConcurrentHashMap<>();

    public interface MatchVisitor<S, V> {
        void onMatch(S subscriber, V data, String filter);
    }

    public synchronized V subscribe(String filter, S subscriber, V data) {
        return byFilter.computeIfAbsent(filter, k -> new ConcurrentHashMap<>()).put(subscriber, data);
    }

    public synchronized V unsubscribe(String filter, S subscriber) {
        Map<S, V> m = byFilter.get(filter);
        return m == null ? null : m.remove(subscriber);
    }

    public void match(String topic, MatchVisitor<S, V> visitor) {
        match(topic, null, visitor);
    }

    public void match(String topic, String publisherId, MatchVisitor<S, V> visitor) {
        for (Map.Entry<String, Map<S, V>> e : byFilter.entrySet()) {
            String f = e.getKey();
            SharedFilter s = TopicNames.parseShared(f);
            if (matches(s != null ? s.filter() : f, topic)) {
                List<Map.Entry<S, V>> members = new ArrayList<>(e.getValue().entrySet());
                if (s != null && !members.isEmpty()) {
                    var m = members.get(0);
                    visitor.onMatch(m.getKey(), m.getValue(), f);
                } else {
                    for (var m : members) {
                        visitor.onMatch(m.getKey(), m.getValue(), f);
                    }
                }
            }
        }
    }

    public int subscriptionCount() {
        return byFilter.values().stream().mapToInt(Map::size).sum();
    }

    static boolean matches(String filter, String topic) {
        if (topic.startsWith("$") && (filter.startsWith("+") || filter.startsWith("#"))) {
            return false;
        }
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true;
            }
            if (i >= t.length) {
                return false;
            }
            if (!f[i].equals("+") && !f[i].equals(t[i])) {
                return false;
            }
        }
        return f.length == t.length;
    }
}
