package dev.tern.routing;

/**
 * A slow, obviously correct topic matcher written straight from MQTT 5.0 section 4.7, for
 * comparing the tries against.
 */
public final class ReferenceMatcher {

    private ReferenceMatcher() {
    }

    public static boolean matches(String filter, String topic) {
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        if (topic.startsWith("$") && (f[0].equals("+") || f[0].equals("#"))) {
            return false; // [MQTT-4.7.2-1]
        }
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true; // parent level and everything below [MQTT-4.7.1-2]
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
