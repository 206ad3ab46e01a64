package dev.tern.config;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks the shape of a configuration against reference.conf: every key the user wrote must exist
 * there (a typo would otherwise silently leave the default in force), and a section must stay an
 * object. Unknown keys get a did-you-mean suggestion by edit distance.
 */
final class KeyCheck {
    private final ConfigObject reference;
    private final List<String> knownPaths = new ArrayList<>();

    KeyCheck(ConfigObject reference) {
        this.reference = reference;
        collectLeaves(reference, List.of());
    }

    /** Walks the user's own (unmerged) tree; merged defaults would hide nothing but cost time. */
    void unknownKeys(ConfigObject user, Problems problems) {
        walkUser(user, reference, List.of(), problems);
    }

    /** In the merged tree, every section of reference.conf must still be an object. */
    void sections(ConfigObject merged, Problems problems) {
        walkSections(merged, reference, List.of(), problems);
    }

    private void walkUser(ConfigObject user, ConfigObject ref, List<String> prefix, Problems problems) {
        final Set<Map.Entry<String, ConfigValue>> entries;
        try {
            entries = user.entrySet();
        } catch (com.typesafe.config.ConfigException.NotResolved e) {
            return; // an object built from a substitution; its keys are checked once resolved
        }
        for (Map.Entry<String, ConfigValue> e : entries) {
            List<String> path = append(prefix, e.getKey());
            ConfigValue known = ref == null ? null : ref.get(e.getKey());
            if (known == null) {
                problems.add(e.getValue().origin(), unknown(ConfigUtil.joinPath(path)));
            } else if (known instanceof ConfigObject refChild && e.getValue() instanceof ConfigObject userChild) {
                walkUser(userChild, refChild, path, problems);
            }
        }
    }

    private static void walkSections(ConfigObject merged, ConfigObject ref, List<String> prefix,
                                     Problems problems) {
        for (Map.Entry<String, ConfigValue> e : ref.entrySet()) {
            if (e.getValue() instanceof ConfigObject refChild) {
                List<String> path = append(prefix, e.getKey());
                ConfigValue actual = merged.get(e.getKey());
                if (actual instanceof ConfigObject mergedChild) {
                    walkSections(mergedChild, refChild, path, problems);
                } else if (actual != null) {
                    problems.add(actual.origin(), ConfigUtil.joinPath(path)
                            + " must be a section { ... }, not a " + actual.valueType().name().toLowerCase(Locale.ROOT));
                }
            }
        }
    }

    private String unknown(String path) {
        String suggestion = suggest(path);
        return "unknown key '" + path + "'"
                + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)");
    }

    /**
     * The known key closest to path, or null when nothing is close: by edit distance for typos,
     * then a known key in the same section that contains the name (max_inflight), then one
     * with the same name in another section (max_qos at the top level).
     */
    String suggest(String path) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String known : knownPaths) {
            int d = distance(path, known);
            if (d < bestDistance) {
                best = known;
                bestDistance = d;
            }
        }
        if (best != null && bestDistance <= Math.max(2, path.length() / 4)) {
            return best;
        }
        String parent = parent(path);
        String last = lastSegment(path);
        for (String known : knownPaths) {
            String knownLast = lastSegment(known);
            if (parent(known).equals(parent) && last.length() >= 4
                    && (knownLast.contains(last) || last.contains(knownLast))) {
                return known;
            }
        }
        for (String known : knownPaths) {
            if (lastSegment(known).equals(last)) {
                return known;
            }
        }
        return null;
    }

    private static String parent(String path) {
        List<String> parts = ConfigUtil.splitPath(path);
        return parts.size() == 1 ? "" : ConfigUtil.joinPath(parts.subList(0, parts.size() - 1));
    }

    private void collectLeaves(ConfigObject object, List<String> prefix) {
        for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
            List<String> path = append(prefix, e.getKey());
            knownPaths.add(ConfigUtil.joinPath(path));
            if (e.getValue() instanceof ConfigObject child) {
                collectLeaves(child, path);
            }
        }
    }

    private static String lastSegment(String path) {
        List<String> parts = ConfigUtil.splitPath(path);
        return parts.get(parts.size() - 1);
    }

    private static List<String> append(List<String> prefix, String key) {
        List<String> path = new ArrayList<>(prefix);
        path.add(key);
        return path;
    }

    /** Levenshtein distance; keys are short, so the O(n*m) table is fine. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
