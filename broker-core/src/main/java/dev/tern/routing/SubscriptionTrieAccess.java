package dev.tern.routing;

/** PLACEHOLDER. */
public final class SubscriptionTrieAccess {
    private SubscriptionTrieAccess() {
    }

    public static boolean matches(String f, String t) {
        return SubscriptionTrie.matches(f, t);
    }
}
