package dev.tern.routing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The broker's one subscription index: a topic trie with '+', '#' and shared subscription groups
 * (MQTT 5.0 section 4.7 topic names and filters, section 4.8.2 shared subscriptions).
 *
 * <p>Concurrency: {@link #match} runs on any engine thread without locks, never blocks and
 * allocates nothing per call. Mutations take an internal lock, so they are serialized, and
 * publish every change with a volatile or release store of an immutable or fully built object
 * (copy-on-write subscriber arrays, {@link LevelTable} children). A concurrent match therefore
 * sees, per node, either the state before or after a mutation, never a torn one.
 *
 * <p>Matching rules: '+' matches exactly one level, including an empty one; '#' matches the
 * parent level and every level below [MQTT-4.7.1-2]; a filter whose first level is a wildcard
 * does not match a topic starting with '$' [MQTT-4.7.2-1]. Levels are case-sensitive and
 * an empty level is a level.
 *
 * @param <S> subscriber identity, compared with {@code equals}
 * @param <V> per-subscription data (options, subscription identifier)
 */
public final class SubscriptionTrie<S, V> {

    private final SubscriptionNode<S, V> root = new SubscriptionNode<>("");
    private final SharedStrategy strategy;
    private final ReentrantLock writeLock = new ReentrantLock();
    private volatile int subscriptionCount;
    private int nodeCount; // guarded by writeLock

    public SubscriptionTrie() {
        this(SharedStrategy.ROUND_ROBIN);
    }

    public SubscriptionTrie(SharedStrategy strategy) {
        this.strategy = Objects.requireNonNull(strategy, "strategy");
    }

    /**
     * Adds or replaces the subscription of {@code subscriber} to {@code filter}
     * ({@code $share/{group}/{filter}} joins a shared group).
     *
     * @return the data it replaced, or null if the subscription is new
     * @throws IllegalArgumentException if the filter is not valid ({@link TopicNames#isValidFilter})
     */
    public V subscribe(String filter, S subscriber, V data) {
        Objects.requireNonNull(subscriber, "subscriber");
        if (!TopicNames.isValidFilter(filter)) {
            throw new IllegalArgumentException("invalid topic filter: " + filter);
        }
        SharedFilter shared = TopicNames.parseShared(filter);
        Subscription<S, V> entry = new Subscription<>(subscriber, data, filter);
        writeLock.lock();
        try {
            SubscriptionNode<S, V> node = descend(shared == null ? filter : shared.filter());
            return shared == null ? put(node, entry) : putShared(node, shared.group(), entry);
        } finally {
            writeLock.unlock();
        }
    }

    /** Removes the subscription; returns its data, or null if there was none. */
    public V unsubscribe(String filter, S subscriber) {
        if (filter == null || subscriber == null || !TopicNames.isValidFilter(filter)) {
            return null;
        }
        SharedFilter shared = TopicNames.parseShared(filter);
        String plain = shared == null ? filter : shared.filter();
        writeLock.lock();
        try {
            List<SubscriptionNode<S, V>> path = pathTo(plain);
            if (path == null) {
                return null;
            }
            SubscriptionNode<S, V> node = path.get(path.size() - 1);
            V removed = shared == null ? remove(node, subscriber) : removeShared(node, shared.group(), subscriber);
            prune(path);
            return removed;
        } finally {
            writeLock.unlock();
        }
    }

    /** Unsubscribes {@code subscriber} from each filter, for a session that ends. */
    public void removeAll(S subscriber, Iterable<String> filters) {
        writeLock.lock();
        try {
            for (String filter : filters) {
                unsubscribe(filter, subscriber);
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** {@link #match(String, String, MatchVisitor)} without a publisher (HASH_CLIENTID uses hash 0). */
    public void match(String topic, MatchVisitor<S, V> visitor) {
        match(topic, null, visitor);
    }

    /**
     * Visits every non-shared subscription whose filter matches {@code topic} (a subscriber with
     * several matching filters is visited once per filter; the caller merges them), and for every
     * matching shared group exactly one member chosen by the strategy.
     *
     * @param topic       a valid topic name (the decoder has checked it)
     * @param publisherId client id of the publisher, for {@link SharedStrategy#HASH_CLIENTID}; may be null
     */
    public void match(String topic, String publisherId, MatchVisitor<S, V> visitor) {
        walk(root, topic, 0, publisherId, visitor);
    }

    /** Number of (filter, subscriber) subscriptions, shared members included. */
    public int subscriptionCount() {
        return subscriptionCount;
    }

    /** Nodes below the root; tests use it to check that unsubscribe prunes. */
    int nodeCount() {
        writeLock.lock();
        try {
            return nodeCount;
        } finally {
            writeLock.unlock();
        }
    }

    // ---- matching (lock-free) ----

    /**
     * {@code pos} is the start of the next topic level, or {@code topic.length() + 1} once every
     * level has been consumed. Recursion depth is the number of levels, which the decoder bounds.
     */
    private void walk(SubscriptionNode<S, V> node, String topic, int pos, String publisherId,
                      MatchVisitor<S, V> visitor) {
        int len = topic.length();
        if (pos > len) {
            deliver(node, publisherId, visitor);
            // "sport/#" also matches "sport": '#' includes the parent level [MQTT-4.7.1-2].
            SubscriptionNode<S, V> hash = node.hash;
            if (hash != null) {
                deliver(hash, publisherId, visitor);
            }
            return;
        }
        int end = topic.indexOf('/', pos);
        if (end < 0) {
            end = len;
        }
        // Wildcards in the first level do not match '$' topics [MQTT-4.7.2-1].
        if (pos != 0 || len == 0 || topic.charAt(0) != '$') {
            SubscriptionNode<S, V> hash = node.hash;
            if (hash != null) {
                deliver(hash, publisherId, visitor);
            }
            SubscriptionNode<S, V> plus = node.plus;
            if (plus != null) {
                walk(plus, topic, end + 1, publisherId, visitor);
            }
        }
        SubscriptionNode<S, V> child = node.children.get(topic, pos, end);
        if (child != null) {
            walk(child, topic, end + 1, publisherId, visitor);
        }
    }

    private void deliver(SubscriptionNode<S, V> node, String publisherId, MatchVisitor<S, V> visitor) {
        for (Subscription<S, V> s : node.subscriptions) {
            visitor.onMatch(s.subscriber(), s.data(), s.filter());
        }
        for (SharedGroup<S, V> g : node.groups) {
            Subscription<S, V> s = g.pick(strategy, publisherId);
            if (s != null) {
                visitor.onMatch(s.subscriber(), s.data(), s.filter());
            }
        }
    }

    // ---- mutation (under writeLock) ----

    /** The node for a plain filter, created level by level. */
    private SubscriptionNode<S, V> descend(String filter) {
        SubscriptionNode<S, V> node = root;
        int pos = 0;
        int len = filter.length();
        while (pos <= len) {
            int end = filter.indexOf('/', pos);
            if (end < 0) {
                end = len;
            }
            node = childFor(node, filter.substring(pos, end));
            pos = end + 1;
        }
        return node;
    }

    private SubscriptionNode<S, V> childFor(SubscriptionNode<S, V> node, String level) {
        SubscriptionNode<S, V> child = existingChild(node, level);
        if (child != null) {
            return child;
        }
        child = new SubscriptionNode<>(level);
        // The node is fully built before this store makes it reachable.
        switch (level) {
            case "+" -> node.plus = child;
            case "#" -> node.hash = child;
            default -> node.children.put(level, child);
        }
        nodeCount++;
        return child;
    }

    private static <S, V> SubscriptionNode<S, V> existingChild(SubscriptionNode<S, V> node, String level) {
        return switch (level) {
            case "+" -> node.plus;
            case "#" -> node.hash;
            default -> node.children.get(level);
        };
    }

    /** Root-to-node path for a plain filter, or null if the node does not exist. */
    private List<SubscriptionNode<S, V>> pathTo(String filter) {
        List<SubscriptionNode<S, V>> path = new ArrayList<>();
        SubscriptionNode<S, V> node = root;
        path.add(node);
        int pos = 0;
        int len = filter.length();
        while (pos <= len) {
            int end = filter.indexOf('/', pos);
            if (end < 0) {
                end = len;
            }
            node = existingChild(node, filter.substring(pos, end));
            if (node == null) {
                return null;
            }
            path.add(node);
            pos = end + 1;
        }
        return path;
    }

    /** Drops empty nodes from the leaf up, so memory follows the live subscriptions. */
    private void prune(List<SubscriptionNode<S, V>> path) {
        for (int i = path.size() - 1; i > 0; i--) {
            SubscriptionNode<S, V> node = path.get(i);
            if (!node.isEmpty()) {
                return;
            }
            SubscriptionNode<S, V> parent = path.get(i - 1);
            switch (node.level) {
                case "+" -> parent.plus = null;
                case "#" -> parent.hash = null;
                default -> parent.children.remove(node.level);
            }
            nodeCount--;
        }
    }

    private V put(SubscriptionNode<S, V> node, Subscription<S, V> entry) {
        Subscription<S, V>[] subs = node.subscriptions;
        int i = indexOf(subs, entry.subscriber());
        node.subscriptions = upserted(subs, i, entry);
        return previous(subs, i);
    }

    private V remove(SubscriptionNode<S, V> node, S subscriber) {
        Subscription<S, V>[] subs = node.subscriptions;
        int i = indexOf(subs, subscriber);
        if (i < 0) {
            return null;
        }
        node.subscriptions = without(subs, i);
        subscriptionCount--;
        return subs[i].data();
    }

    private V putShared(SubscriptionNode<S, V> node, String group, Subscription<S, V> entry) {
        SharedGroup<S, V> g = group(node, group);
        if (g == null) {
            @SuppressWarnings("unchecked")
            Subscription<S, V>[] members = new Subscription[] {entry};
            node.groups = appended(node.groups, new SharedGroup<>(group, members));
            subscriptionCount++;
            return null;
        }
        return put(g, entry);
    }

    private V put(SharedGroup<S, V> g, Subscription<S, V> entry) {
        Subscription<S, V>[] members = g.members;
        int i = indexOf(members, entry.subscriber());
        g.members = upserted(members, i, entry);
        return previous(members, i);
    }

    /**
     * A new array (copy-on-write: readers may hold the old one) with the entry at index i (the
     * subscriber's existing entry), or appended when i < 0.
     */
    private static <S, V> Subscription<S, V>[] upserted(Subscription<S, V>[] subs, int i, Subscription<S, V> entry) {
        if (i < 0) {
            return appended(subs, entry);
        }
        Subscription<S, V>[] copy = subs.clone();
        copy[i] = entry;
        return copy;
    }

    /** The data the upsert at index i replaced; a new subscription (i < 0) is counted. */
    private V previous(Subscription<S, V>[] before, int i) {
        if (i < 0) {
            subscriptionCount++;
            return null;
        }
        return before[i].data();
    }

    private V removeShared(SubscriptionNode<S, V> node, String group, S subscriber) {
        SharedGroup<S, V>[] groups = node.groups;
        for (int gi = 0; gi < groups.length; gi++) {
            SharedGroup<S, V> g = groups[gi];
            if (!g.name.equals(group)) {
                continue;
            }
            Subscription<S, V>[] members = g.members;
            int i = indexOf(members, subscriber);
            if (i < 0) {
                return null;
            }
            if (members.length == 1) {
                node.groups = without(groups, gi); // the group ends with its last member
            }
            g.members = without(members, i);
            subscriptionCount--;
            return members[i].data();
        }
        return null;
    }

    private static <S, V> SharedGroup<S, V> group(SubscriptionNode<S, V> node, String name) {
        for (SharedGroup<S, V> g : node.groups) {
            if (g.name.equals(name)) {
                return g;
            }
        }
        return null;
    }

    private static <S, V> int indexOf(Subscription<S, V>[] subs, S subscriber) {
        for (int i = 0; i < subs.length; i++) {
            if (subs[i].subscriber().equals(subscriber)) {
                return i;
            }
        }
        return -1;
    }

    private static <T> T[] appended(T[] array, T element) {
        T[] copy = Arrays.copyOf(array, array.length + 1);
        copy[array.length] = element;
        return copy;
    }

    private static <T> T[] without(T[] array, int index) {
        T[] copy = Arrays.copyOf(array, array.length - 1);
        System.arraycopy(array, index + 1, copy, index, array.length - index - 1);
        return copy;
    }
}
