package dev.tern.retain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Retained messages by topic name, in a trie of topic levels so that a subscription with
 * wildcards walks only the branches its filter can match (MQTT 5.0 section 3.3.1.3 retain,
 * section 4.7 topic filters) instead of scanning every retained message.
 *
 * <p>Concurrency: readers ({@link #get}, {@link #match}, {@link #forEach}) take no lock and
 * allocate nothing per level; writers are serialized by an internal lock and publish every change
 * with a volatile or release store, so a reader sees each topic either before or after a write.
 *
 * <p>Expiry is the caller's: it stores messages that know their expiry and skips or removes
 * expired ones.
 *
 * @param <M> the retained message type
 */
public final class RetainedTrie<M> {

    private final RetainedNode<M> root = new RetainedNode<>("");
    private final ReentrantLock writeLock = new ReentrantLock();
    private volatile int size;
    private int nodeCount; // guarded by writeLock

    /** Retains {@code message} for {@code topic}; returns the message it replaces, or null. */
    public M put(String topic, M message) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(message, "message");
        writeLock.lock();
        try {
            RetainedNode<M> node = root;
            int pos = 0;
            int len = topic.length();
            while (pos <= len) {
                int end = end(topic, pos);
                RetainedNode<M> child = node.children.get(topic, pos, end);
                if (child == null) {
                    child = new RetainedNode<>(topic.substring(pos, end));
                    node.children.put(child.level, child);
                    nodeCount++;
                }
                node = child;
                pos = end + 1;
            }
            RetainedNode.Entry<M> previous = node.entry;
            node.entry = new RetainedNode.Entry<>(topic, message);
            if (previous == null) {
                size++;
                return null;
            }
            return previous.message();
        } finally {
            writeLock.unlock();
        }
    }

    /** Removes the retained message of {@code topic}; returns it, or null. */
    public M remove(String topic) {
        writeLock.lock();
        try {
            List<RetainedNode<M>> path = new ArrayList<>();
            RetainedNode<M> node = root;
            path.add(node);
            int pos = 0;
            int len = topic.length();
            while (pos <= len) {
                int end = end(topic, pos);
                node = node.children.get(topic, pos, end);
                if (node == null) {
                    return null;
                }
                path.add(node);
                pos = end + 1;
            }
            RetainedNode.Entry<M> previous = node.entry;
            if (previous == null) {
                return null;
            }
            node.entry = null;
            size--;
            prune(path);
            return previous.message();
        } finally {
            writeLock.unlock();
        }
    }

    /** The retained message of {@code topic}, or null. Lock-free. */
    public M get(String topic) {
        RetainedNode<M> node = root;
        int pos = 0;
        int len = topic.length();
        while (pos <= len) {
            int end = end(topic, pos);
            node = node.children.get(topic, pos, end);
            if (node == null) {
                return null;
            }
            pos = end + 1;
        }
        RetainedNode.Entry<M> e = node.entry;
        return e == null ? null : e.message();
    }

    /**
     * Gives {@code sink} every retained message whose topic matches {@code filter}: '+' one level,
     * '#' the parent level and all below [MQTT-4.7.1-2], no '$' topic for a leading wildcard
     * [MQTT-4.7.2-1]. The filter is a plain one, without a {@code $share/} prefix: that retained
     * messages are not sent for a new shared subscription (section 4.8.2) is the caller's rule.
     */
    public void match(String filter, Consumer<? super M> sink) {
        match(root, filter, 0, sink);
    }

    /** Number of retained messages. */
    public int size() {
        return size;
    }

    /** Every retained message with its topic, for the management API and persistence. */
    public void forEach(BiConsumer<String, ? super M> action) {
        subtree(root, e -> action.accept(e.topic(), e.message()));
    }

    /** Nodes below the root; tests use it to check pruning. */
    int nodeCount() {
        writeLock.lock();
        try {
            return nodeCount;
        } finally {
            writeLock.unlock();
        }
    }

    private void match(RetainedNode<M> node, String filter, int pos, Consumer<? super M> sink) {
        int len = filter.length();
        if (pos > len) {
            emit(node, sink);
            return;
        }
        int end = end(filter, pos);
        boolean atRoot = pos == 0;
        if (end - pos == 1 && filter.charAt(pos) == '#') {
            if (!atRoot) {
                emit(node, sink); // "sport/#" matches "sport" [MQTT-4.7.1-2]
            }
            node.children.forEach(child -> {
                if (!(atRoot && isDollar(child))) {
                    subtree(child, e -> sink.accept(e.message()));
                }
            });
        } else if (end - pos == 1 && filter.charAt(pos) == '+') {
            int next = end + 1;
            node.children.forEach(child -> {
                if (!(atRoot && isDollar(child))) {
                    match(child, filter, next, sink);
                }
            });
        } else {
            RetainedNode<M> child = node.children.get(filter, pos, end);
            if (child != null) {
                match(child, filter, end + 1, sink);
            }
        }
    }

    /** [MQTT-4.7.2-1]: a wildcard in the first filter level does not reach '$' topics. */
    private static boolean isDollar(RetainedNode<?> node) {
        return !node.level.isEmpty() && node.level.charAt(0) == '$';
    }

    private static <M> void emit(RetainedNode<M> node, Consumer<? super M> sink) {
        RetainedNode.Entry<M> e = node.entry;
        if (e != null) {
            sink.accept(e.message());
        }
    }

    private static <M> void subtree(RetainedNode<M> node, Consumer<RetainedNode.Entry<M>> sink) {
        RetainedNode.Entry<M> e = node.entry;
        if (e != null) {
            sink.accept(e);
        }
        node.children.forEach(child -> subtree(child, sink));
    }

    private void prune(List<RetainedNode<M>> path) {
        for (int i = path.size() - 1; i > 0; i--) {
            RetainedNode<M> node = path.get(i);
            if (!node.isEmpty()) {
                return;
            }
            path.get(i - 1).children.remove(node.level);
            nodeCount--;
        }
    }

    private static int end(String s, int pos) {
        int end = s.indexOf('/', pos);
        return end < 0 ? s.length() : end;
    }
}
