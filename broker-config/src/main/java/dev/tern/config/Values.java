package dev.tern.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Typed reads from the merged configuration that never throw: a bad value becomes a problem line
 * and the read returns a placeholder, so that every key is checked in one pass. The placeholders
 * are never seen by callers, because {@link ConfigLoader} throws when any problem was recorded.
 */
final class Values {
    private static final Pattern KILOBYTES = Pattern.compile("\\s*\\d+(\\.\\d+)?\\s*KB\\s*");
    private static final Pattern BARE_NUMBER = Pattern.compile("\\s*-?\\d+(\\.\\d+)?\\s*");

    private final Config config;
    private final ConfigObject unresolved;
    private final Problems problems;

    /**
     * @param config     the merged, resolved configuration
     * @param unresolved the user's tree before resolution: a value taken from an environment
     *                   variable has no line of its own, but its ${...} does
     */
    Values(Config config, ConfigObject unresolved, Problems problems) {
        this.config = config;
        this.unresolved = unresolved;
        this.problems = problems;
    }

    boolean bool(String path) {
        if (present(path) == null) {
            return false;
        }
        try {
            return config.getBoolean(path);
        } catch (com.typesafe.config.ConfigException e) {
            invalid(path, "expected true or false");
            return false;
        }
    }

    int integer(String path, long min, long max) {
        return (int) whole(path, min, max);
    }

    long whole(String path, long min, long max) {
        if (present(path) == null) {
            return 0;
        }
        Number n;
        try {
            n = config.getNumber(path);
        } catch (com.typesafe.config.ConfigException e) {
            invalid(path, "expected a whole number from " + min + " to " + max);
            return 0;
        }
        if (n instanceof Double || n instanceof Float) {
            invalid(path, "expected a whole number from " + min + " to " + max);
            return 0;
        }
        return inRange(path, n.longValue(), min, max, "");
    }

    long bytes(String path, long min, long max) {
        ConfigValue v = present(path);
        if (v == null) {
            return 0;
        }
        Config source = config;
        if (v.unwrapped() instanceof String s && KILOBYTES.matcher(s).matches()) {
            // HOCON spells kilobytes "kB" and refuses "KB", yet operators write "256KB" next to
            // "1MB"; read it as the kB it means (1000 bytes, like HOCON's MB and GB).
            source = config.withValue(path, ConfigValueFactory.fromAnyRef(s.strip().replace("KB", "kB")));
        }
        try {
            return inRange(path, source.getBytes(path), min, max, " bytes");
        } catch (com.typesafe.config.ConfigException e) {
            invalid(path, "expected a size such as 1MB, 256KB or a number of bytes");
            return 0;
        }
    }

    double decimal(String path, double min) {
        if (present(path) == null) {
            return 0;
        }
        try {
            double d = config.getDouble(path);
            if (!(d >= min) || Double.isInfinite(d)) { // also rejects NaN
                invalid(path, "must be at least " + min);
            }
            return d;
        } catch (com.typesafe.config.ConfigException e) {
            invalid(path, "expected a number");
            return 0;
        }
    }

    /** A duration with a unit; a bare number other than 0 is refused because HOCON reads it as ms. */
    Duration duration(String path, Duration min, Duration max) {
        ConfigValue v = present(path);
        if (v == null) {
            return Duration.ZERO;
        }
        Object raw = v.unwrapped();
        boolean bare = v.valueType() == ConfigValueType.NUMBER
                || (raw instanceof String s && BARE_NUMBER.matcher(s).matches());
        if (bare && Double.parseDouble(raw.toString().strip()) != 0) {
            invalid(path, "needs a unit, e.g. 10s or 500ms (a bare number would be read as milliseconds)");
            return Duration.ZERO;
        }
        Duration d;
        try {
            d = config.getDuration(path);
        } catch (com.typesafe.config.ConfigException e) {
            invalid(path, "expected a duration such as 500ms, 10s, 5m or 2h");
            return Duration.ZERO;
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            invalid(path, "must be from " + human(min) + " to " + human(max));
        }
        return d;
    }

    String string(String path) {
        String s = text(path);
        return s == null ? "" : s;
    }

    /** A string, or null when the value is missing or was reported as wrong. */
    String text(String path) {
        if (present(path) == null) {
            return null;
        }
        try {
            return config.getString(path);
        } catch (com.typesafe.config.ConfigException e) {
            invalid(path, "expected a string (quote it)");
            return null;
        }
    }

    /** An optional string: null (or unset, or empty) means absent. */
    String optionalString(String path) {
        ConfigValue v = valueAt(path);
        if (v == null || v.valueType() == ConfigValueType.NULL) {
            return null;
        }
        String s = string(path);
        return s.isBlank() ? null : s;
    }

    /** One word out of a fixed set, case-insensitive; returns it in lower case. */
    String oneOf(String path, String... allowed) {
        ConfigValue v = present(path);
        if (v == null) {
            return allowed[0];
        }
        if (v.valueType() == ConfigValueType.STRING) {
            String s = ((String) v.unwrapped()).strip().toLowerCase(Locale.ROOT);
            for (String a : allowed) {
                if (a.equals(s)) {
                    return s;
                }
            }
        }
        invalid(path, "must be one of " + String.join(", ", allowed));
        return allowed[0];
    }

    /** Records "path = value is invalid: reason" at the line that set the value. */
    void invalid(String path, String reason) {
        ConfigValue v = valueAt(path);
        String shown = v == null ? "" : " = " + v.render(ConfigRenderOptions.concise());
        problems.add(origin(path), path + shown + " is invalid: " + reason);
    }

    /** Records a free-form problem at the line that set path. */
    void problem(String path, String text) {
        problems.add(origin(path), text);
    }

    ConfigOrigin origin(String path) {
        ConfigValue v = valueAt(path);
        if (v == null) {
            return null;
        }
        if (v.origin().lineNumber() < 0) {
            ConfigValue written = walk(unresolved, path);
            if (written != null && written.origin().lineNumber() > 0) {
                return written.origin();
            }
        }
        return v.origin();
    }

    /**
     * The value at path, or null when a parent is not an object (already reported by
     * {@link KeyCheck}); unlike Config.getValue this also returns explicit nulls.
     */
    ConfigValue valueAt(String path) {
        return walk(config.root(), path);
    }

    private static ConfigValue walk(ConfigObject root, String path) {
        ConfigValue v = root;
        try {
            for (String key : ConfigUtil.splitPath(path)) {
                if (!(v instanceof ConfigObject o)) {
                    return null;
                }
                v = o.get(key);
            }
        } catch (com.typesafe.config.ConfigException.NotResolved e) {
            return null; // an unresolved merge in the user's tree: no better origin to offer
        }
        return v;
    }

    private ConfigValue present(String path) {
        ConfigValue v = valueAt(path);
        if (v != null && v.valueType() == ConfigValueType.NULL) {
            problems.add(origin(path), path + " must not be null");
            return null;
        }
        return v;
    }

    private long inRange(String path, long value, long min, long max, String unit) {
        if (value < min || value > max) {
            invalid(path, "must be from " + min + " to " + max + unit);
        }
        return value;
    }

    private static String human(Duration d) {
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        return d.toSeconds() + "s";
    }
}
