package dev.tern.cli.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The final figures of a run, in order: printed as aligned lines for people or as one JSON object. */
final class Report {
    private record Entry(String key, String label, Object value, String unit) {
    }

    private final List<Entry> entries = new ArrayList<>();

    Report put(String key, String label, Object value, String unit) {
        entries.add(new Entry(key, label, value, unit));
        return this;
    }

    Report put(String key, String label, Object value) {
        return put(key, label, value, "");
    }

    void print(PrintStream out, boolean json) {
        if (json) {
            StringBuilder b = new StringBuilder("{");
            for (Entry e : entries) {
                if (b.length() > 1) {
                    b.append(',');
                }
                b.append('"').append(e.key).append("\":").append(jsonValue(e.value));
            }
            out.println(b.append('}'));
            return;
        }
        int width = entries.stream().mapToInt(e -> e.label.length()).max().orElse(0);
        for (Entry e : entries) {
            out.printf("%-" + width + "s  %s%s%n", e.label, text(e.value), e.unit.isEmpty() ? "" : " " + e.unit);
        }
    }

    private static String text(Object v) {
        if (v instanceof Double d) {
            return Math.abs(d) >= 100 ? String.format(Locale.ROOT, "%,.0f", d) : String.format(Locale.ROOT, "%.3f", d);
        }
        if (v instanceof Long || v instanceof Integer) {
            return String.format(Locale.ROOT, "%,d", ((Number) v).longValue());
        }
        return String.valueOf(v);
    }

    private static String jsonValue(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? "null" : String.format(Locale.ROOT, "%.3f", d);
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        String s = v.toString().replace("\\", "\\\\").replace("\"", "\\\"");
        return '"' + s + '"';
    }
}
