package dev.tern.config;

import com.typesafe.config.ConfigOrigin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Collects every problem found in one configuration, so an operator fixes them all in one round
 * instead of one per start attempt. Each line starts with "file:line: ".
 */
final class Problems {
    // ConfigOrigin.description() ends with ": 12" or ": 12-14"; the bare name has no accessor.
    private static final Pattern LINE_SUFFIX = Pattern.compile(": \\d+(-\\d+)?$");

    private record Problem(String source, int line, String text) {
        String render() {
            return line > 0 ? source + ":" + line + ": " + text : source + ": " + text;
        }
    }

    private final String source;
    private final List<Problem> problems = new ArrayList<>();

    /** @param source the name used when an origin carries none (the parse(String, ...) description) */
    Problems(String source) {
        this.source = source;
    }

    void add(ConfigOrigin origin, String text) {
        problems.add(new Problem(name(origin), origin == null ? -1 : origin.lineNumber(), text));
    }

    /** A problem with the whole source (missing file, unreadable file). */
    void add(String text) {
        problems.add(new Problem(source, -1, text));
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    void throwIfAny() {
        if (!problems.isEmpty()) {
            throw exception();
        }
    }

    /** Sorted by file and line (stable), so the report reads top to bottom like the file. */
    ConfigException exception() {
        return new ConfigException(problems.stream()
                .sorted(Comparator.comparing(Problem::source).thenComparingInt(Problem::line))
                .map(Problem::render)
                .toList());
    }

    private String name(ConfigOrigin origin) {
        if (origin == null) {
            return source;
        }
        if (origin.filename() != null) {
            return origin.filename();
        }
        if (origin.resource() != null) {
            return origin.resource();
        }
        String description = LINE_SUFFIX.matcher(origin.description()).replaceFirst("");
        return description.isEmpty() ? source : description;
    }
}
