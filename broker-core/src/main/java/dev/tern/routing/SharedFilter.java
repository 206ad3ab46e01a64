package dev.tern.routing;

import java.util.Objects;

/**
 * A shared subscription filter {@code $share/{group}/{filter}} taken apart
 * (MQTT 5.0 section 4.8.2).
 *
 * @param group  the Share Name, non-empty, without '+', '#' or '/'
 * @param filter the Topic Filter that is matched against topic names
 */
public record SharedFilter(String group, String filter) {
    public SharedFilter {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(filter, "filter");
    }
}
