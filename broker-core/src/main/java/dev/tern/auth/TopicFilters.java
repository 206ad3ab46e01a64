package dev.tern.auth;

/**
 * Topic filter comparisons for ACL rules (MQTT 5.0 section 4.7). A filter that starts with a wildcard
 * never matches a level starting with '$' [MQTT-4.7.2-1], so {@code #} does not grant {@code $SYS/...}.
 */
final class TopicFilters {
    private TopicFilters() {
    }

    /** Whether a topic name matches the filter. */
    static boolean matches(String filter, String topic) {
        return covers(filter, topic);
    }

    /**
     * Whether every topic that {@code sub} can match is matched by {@code acl}: a subscription to
     * {@code a/+} is covered by {@code a/#} or {@code a/+}, but not by {@code a/b}.
     */
    static boolean covers(String acl, String sub) {
        String[] a = acl.split("/", -1);
        String[] s = sub.split("/", -1);
        for (int i = 0; i < a.length; i++) {
            if (i == 0 && isWildcard(a[0]) && s[0].startsWith("$")) {
                return false;
            }
            if (a[i].equals("#")) {
                return true;
            }
            if (i >= s.length || s[i].equals("#")) {
                return false;
            }
            if (!a[i].equals("+") && (isWildcard(s[i]) || !a[i].equals(s[i]))) {
                return false;
            }
        }
        return a.length == s.length;
    }

    /** Whether some topic name matches both filters (used for deny rules: any overlap is denied). */
    static boolean intersects(String x, String y) {
        String[] a = x.split("/", -1);
        String[] b = y.split("/", -1);
        if ((isWildcard(a[0]) && b[0].startsWith("$")) || (isWildcard(b[0]) && a[0].startsWith("$"))) {
            return false;
        }
        int n = Math.max(a.length, b.length);
        for (int i = 0; i < n; i++) {
            if ((i < a.length && a[i].equals("#")) || (i < b.length && b[i].equals("#"))) {
                return true;
            }
            if (i >= a.length || i >= b.length) {
                return false;
            }
            if (!a[i].equals("+") && !b[i].equals("+") && !a[i].equals(b[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean isWildcard(String level) {
        return level.equals("+") || level.equals("#");
    }
}
