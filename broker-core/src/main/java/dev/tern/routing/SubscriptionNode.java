package dev.tern.routing;

/**
 * One level of the subscription trie. Wildcard children have their own fields so that matching
 * checks them without a table lookup; everything a reader touches is volatile or immutable.
 */
final class SubscriptionNode<S, V> {

    @SuppressWarnings("rawtypes")
    static final Subscription[] NO_SUBSCRIPTIONS = new Subscription[0];
    @SuppressWarnings("rawtypes")
    static final SharedGroup[] NO_GROUPS = new SharedGroup[0];

    final String level;
    final LevelTable<SubscriptionNode<S, V>> children = new LevelTable<>();
    volatile SubscriptionNode<S, V> plus;
    volatile SubscriptionNode<S, V> hash;
    /** Copy-on-write: a match iterates a stable array while the writer swaps in a new one. */
    volatile Subscription<S, V>[] subscriptions;
    volatile SharedGroup<S, V>[] groups;

    @SuppressWarnings("unchecked")
    SubscriptionNode(String level) {
        this.level = level;
        this.subscriptions = NO_SUBSCRIPTIONS;
        this.groups = NO_GROUPS;
    }

    /** Writer only: nothing hangs here any more, so the parent may drop it. */
    boolean isEmpty() {
        return subscriptions.length == 0 && groups.length == 0 && plus == null && hash == null
                && children.isEmpty();
    }
}
