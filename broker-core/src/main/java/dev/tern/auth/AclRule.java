package dev.tern.auth;

import dev.tern.routing.TopicNames;

/** One line of an ACL file (see {@link Acl}). */
record AclRule(boolean allow, Who who, String name, boolean publish, boolean subscribe, String filter) {

    enum Who { USER, CLIENT, ALL }

    static AclRule parse(String line) {
        String[] t = line.split("\\s+");
        if (t.length < 4) {
            throw new IllegalArgumentException("expected 'allow|deny user <name>|client <id>|all publish|subscribe|pubsub <topic filter>'");
        }
        boolean allow = switch (t[0]) {
            case "allow" -> true;
            case "deny" -> false;
            default -> throw new IllegalArgumentException("expected allow or deny, found '" + t[0] + "'");
        };
        int i = 1;
        Who who = switch (t[i]) {
            case "user" -> Who.USER;
            case "client" -> Who.CLIENT;
            case "all" -> Who.ALL;
            default -> throw new IllegalArgumentException("expected user, client or all, found '" + t[i] + "'");
        };
        String name = null;
        if (who != Who.ALL) {
            name = t[++i];
        }
        i++;
        if (t.length != i + 2) {
            throw new IllegalArgumentException(t.length < i + 2
                    ? "expected an action and a topic filter after '" + t[i - 1] + "'"
                    : "unexpected '" + t[i + 2] + "' after the topic filter (filters with spaces are not supported)");
        }
        boolean pub;
        boolean sub;
        switch (t[i]) {
            case "publish" -> { pub = true; sub = false; }
            case "subscribe" -> { pub = false; sub = true; }
            case "pubsub" -> { pub = true; sub = true; }
            default -> throw new IllegalArgumentException("expected publish, subscribe or pubsub, found '" + t[i] + "'");
        }
        String filter = t[i + 1];
        if (!TopicNames.isValidFilter(filter.replace("%u", "u").replace("%c", "c"))) {
            throw new IllegalArgumentException("'" + filter + "' is not a valid topic filter");
        }
        return new AclRule(allow, who, name, pub, sub, filter);
    }

    /** TRUE/FALSE when this rule decides, null when it does not apply. */
    Boolean decide(Acl.Action action, String username, String clientId, String topic) {
        if (action == Acl.Action.PUBLISH ? !publish : !subscribe) {
            return null;
        }
        switch (who) {
            case USER -> {
                if (!name.equals(username)) {
                    return null;
                }
            }
            case CLIENT -> {
                if (!name.equals(clientId)) {
                    return null;
                }
            }
            case ALL -> {
            }
        }
        String f = filter;
        if (f.indexOf('%') >= 0) {
            f = substitute(substitute(f, "%u", username), "%c", clientId);
            if (f == null) {
                return null;
            }
        }
        boolean applies;
        if (action == Acl.Action.PUBLISH) {
            applies = TopicFilters.matches(f, topic);
        } else {
            applies = allow ? TopicFilters.covers(f, topic) : TopicFilters.intersects(f, topic);
        }
        return applies ? allow : null;
    }

    private static String substitute(String filter, String placeholder, String value) {
        if (filter == null || !filter.contains(placeholder)) {
            return filter;
        }
        if (value == null || value.isEmpty() || value.indexOf('/') >= 0 || value.indexOf('+') >= 0 || value.indexOf('#') >= 0) {
            return null;
        }
        return filter.replace(placeholder, value);
    }
}
