package dev.tern.routing;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

/**
 * The children of one trie node, keyed by topic level (MQTT 5.0 section 4.7: levels are the parts
 * of a topic between '/').
 *
 * <p>Shared by {@link SubscriptionTrie} and the retained-message trie; not an engine API.
 * An open-addressing table (linear probing) so that a lookup can take the level as a range
 * {@code [from, to)} of the topic string and compare it with {@code regionMatches}: matching a
 * publish then allocates no level substrings.
 *
 * <p>Concurrency: any number of readers without locks, one writer at a time (the owning trie
 * serializes writers). A writer fills a free slot or replaces a slot with a release store, and
 * marks a removed slot with a tombstone, so a live entry never moves inside a published array and
 * a reader never loses an entry that was present for its whole lookup. Growing, shrinking and
 * purging tombstones build a fresh array and publish it through a volatile field; a reader still
 * on the old array sees a consistent older state.
 *
 * @param <N> the child node type
 */
public final class LevelTable<N> {

    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Slot[].class);
    /** Marks a removed entry; keeps probe chains of other keys intact for concurrent readers. */
    private static final Slot<?> TOMBSTONE = new Slot<>("", 0, null);
    private static final int MIN_CAPACITY = 2;

    private record Slot<N>(String key, int hash, N value) {
    }

    /** Null while empty: most trie nodes are leaves, and a leaf should cost no array. */
    private volatile Slot<N>[] table;
    /** Writer-side bookkeeping only; readers never look at these. */
    private int size;
    private int used; // live + tombstones, bounds the load factor

    /** Value for the level {@code topic[from, to)}, or null. Lock-free; allocates nothing. */
    public N get(String topic, int from, int to) {
        Slot<N>[] t = table;
        if (t == null) {
            return null;
        }
        int len = to - from;
        int h = hash(topic, from, to);
        int mask = t.length - 1;
        int i = h & mask;
        // Bounded by the length so a reader can never spin, whatever it races with.
        for (int n = 0; n < t.length; n++) {
            @SuppressWarnings("unchecked")
            Slot<N> s = (Slot<N>) SLOTS.getAcquire(t, i);
            if (s == null) {
                return null;
            }
            if (s != TOMBSTONE && s.hash == h && s.key.length() == len
                    && s.key.regionMatches(0, topic, from, len)) {
                return s.value;
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    /** Value for the whole level string, or null. */
    public N get(String level) {
        return get(level, 0, level.length());
    }

    /** Calls {@code action} for every value of a consistent snapshot. Lock-free. */
    public void forEach(Consumer<? super N> action) {
        Slot<N>[] t = table;
        if (t == null) {
            return;
        }
        for (int i = 0; i < t.length; i++) {
            @SuppressWarnings("unchecked")
            Slot<N> s = (Slot<N>) SLOTS.getAcquire(t, i);
            if (s != null && s != TOMBSTONE) {
                action.accept(s.value);
            }
        }
    }

    /** Writer only. Adds or replaces; returns the previous value or null. */
    public N put(String level, N value) {
        int h = hash(level, 0, level.length());
        Slot<N>[] t = table;
        if (t != null) {
            int i = indexOf(t, level, h);
            if (i >= 0) {
                N old = t[i].value;
                SLOTS.setRelease(t, i, new Slot<>(level, h, value));
                return old;
            }
        }
        if (t == null || (used + 1) * 2 > t.length) {
            t = rebuild(size + 1);
        }
        int mask = t.length - 1;
        int i = h & mask;
        while (t[i] != null && t[i] != TOMBSTONE) {
            i = (i + 1) & mask;
        }
        if (t[i] == null) {
            used++;
        }
        SLOTS.setRelease(t, i, new Slot<>(level, h, value));
        size++;
        return null;
    }

    /** Writer only. Removes and returns the value for {@code level}, or null. */
    public N remove(String level) {
        Slot<N>[] t = table;
        if (t == null) {
            return null;
        }
        int i = indexOf(t, level, hash(level, 0, level.length()));
        if (i < 0) {
            return null;
        }
        N old = t[i].value;
        SLOTS.setRelease(t, i, TOMBSTONE);
        size--;
        if (size == 0) {
            table = null; // an emptied node gives its array back
            used = 0;
        } else if (size * 8 < t.length && t.length > 8) {
            rebuild(size); // shrink: unsubscribing a fleet must give the memory back
        }
        return old;
    }

    /** Writer-side count of entries. */
    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    private int indexOf(Slot<N>[] t, String key, int h) {
        int mask = t.length - 1;
        int i = h & mask;
        for (int n = 0; n < t.length; n++) {
            Slot<N> s = t[i];
            if (s == null) {
                return -1;
            }
            if (s != TOMBSTONE && s.hash == h && s.key.equals(key)) {
                return i;
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    /** Fresh array for {@code entries} live entries at most half full, tombstones dropped. */
    private Slot<N>[] rebuild(int entries) {
        int cap = MIN_CAPACITY;
        while (cap < entries * 2) {
            cap <<= 1;
        }
        @SuppressWarnings("unchecked")
        Slot<N>[] nt = (Slot<N>[]) new Slot<?>[cap];
        Slot<N>[] old = table;
        if (old != null) {
            int mask = cap - 1;
            for (Slot<N> s : old) {
                if (s != null && s != TOMBSTONE) {
                    int i = s.hash & mask;
                    while (nt[i] != null) {
                        i = (i + 1) & mask;
                    }
                    nt[i] = s;
                }
            }
        }
        used = size;
        table = nt; // volatile write publishes the filled array
        return nt;
    }

    /** String.hashCode over a range, spread so that the low bits used for the index vary. */
    private static int hash(String s, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + s.charAt(i);
        }
        return h ^ (h >>> 16);
    }
}
