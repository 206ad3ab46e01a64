package dev.tern.routing;

/** PLACEHOLDER: replaced by the tries branch. */
public final class TopicNames {
    private TopicNames() {
    }

    public static boolean isValidTopicName(String t) {
        return !t.isEmpty() && t.indexOf('+') < 0 && t.indexOf('#') < 0;
    }

    public static boolean isValidFilter(String f) {
        SharedFilter s = parseShared(f);
        if (f.startsWith("$share/") && s == null) {
            return false;
        }
        String g = s != null ? s.filter() : f;
        if (g.isEmpty()) {
            return false;
        }
        String[] levels = g.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String l = levels[i];
            if (l.contains("#") && (!l.equals("#") || i != levels.length - 1)) {
                return false;
            }
            if (l.contains("+") && !l.equals("+")) {
                return false;
            }
        }
        return true;
    }

    public static boolean hasWildcard(String f) {
        return f.indexOf('+') >= 0 || f.indexOf('#') >= 0;
    }

    public static SharedFilter parseShared(String f) {
        if (!f.startsWith("$share/")) {
            return null;
        }
        int slash = f.indexOf('/', 7);
        if (slash <= 7) {
            return null;
        }
        String group = f.substring(7, slash);
        if (group.contains("+") || group.contains("#")) {
            return null;
        }
        return new SharedFilter(group, f.substring(slash + 1));
    }
}
