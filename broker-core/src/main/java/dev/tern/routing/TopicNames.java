package dev.tern.routing;

/**
 * Syntax rules of topic names and topic filters (MQTT 5.0 section 4.7, shared subscriptions 4.8.2).
 * Length and UTF-8 checks belong to the decoder; this class checks structure only.
 */
public final class TopicNames {

    /** Prefix of a shared subscription filter [MQTT-4.8.2-1]. */
    public static final String SHARE_PREFIX = "$share/";

    private TopicNames() {
    }

    /** A topic name is non-empty [MQTT-4.7.3-1] and holds no wildcard [MQTT-4.7.1-1]. */
    public static boolean isValidTopicName(String topic) {
        if (topic == null || topic.isEmpty()) {
            return false;
        }
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            if (c == '+' || c == '#') {
                return false;
            }
        }
        return true;
    }

    /**
     * A filter is non-empty [MQTT-4.7.3-1]; '#' stands alone in the last level [MQTT-4.7.1-2];
     * '+' stands alone in its level [MQTT-4.7.1-3]. A filter starting with {@code $share/} must be
     * {@code $share/{group}/{filter}} with a group free of '+', '#', '/' and a valid filter
     * [MQTT-4.8.2-1, MQTT-4.8.2-2].
     */
    public static boolean isValidFilter(String filter) {
        if (filter == null || filter.isEmpty()) {
            return false;
        }
        if (isSharePrefixed(filter)) {
            return parseShared(filter) != null;
        }
        return isValidPlainFilter(filter);
    }

    /** True if the filter holds '+' or '#'. */
    public static boolean hasWildcard(String filter) {
        for (int i = 0; i < filter.length(); i++) {
            char c = filter.charAt(i);
            if (c == '+' || c == '#') {
                return true;
            }
        }
        return false;
    }

    /**
     * Splits a well-formed {@code $share/{group}/{filter}}; null if the filter is not shared or is
     * malformed (so {@code isValidFilter} and this method agree).
     */
    public static SharedFilter parseShared(String filter) {
        if (filter == null || !filter.startsWith(SHARE_PREFIX)) {
            return null;
        }
        int groupStart = SHARE_PREFIX.length();
        int slash = filter.indexOf('/', groupStart);
        if (slash <= groupStart) {
            return null; // no group, or no '/' before the filter [MQTT-4.8.2-1]
        }
        for (int i = groupStart; i < slash; i++) {
            char c = filter.charAt(i);
            if (c == '+' || c == '#') {
                return null; // [MQTT-4.8.2-2]
            }
        }
        String inner = filter.substring(slash + 1);
        if (!isValidPlainFilter(inner)) {
            return null;
        }
        return new SharedFilter(filter.substring(groupStart, slash), inner);
    }

    /** "$share" as the first level claims the filter for shared-subscription syntax. */
    private static boolean isSharePrefixed(String filter) {
        return filter.startsWith("$share") && (filter.length() == 6 || filter.charAt(6) == '/');
    }

    private static boolean isValidPlainFilter(String filter) {
        if (filter.isEmpty()) {
            return false;
        }
        int len = filter.length();
        int levelStart = 0;
        for (int i = 0; i < len; i++) {
            char c = filter.charAt(i);
            if (c == '/') {
                levelStart = i + 1;
            } else if (c == '+') {
                if (i != levelStart || (i + 1 < len && filter.charAt(i + 1) != '/')) {
                    return false; // [MQTT-4.7.1-3]
                }
            } else if (c == '#') {
                if (i != levelStart || i != len - 1) {
                    return false; // [MQTT-4.7.1-2]
                }
            }
        }
        return true;
    }
}
