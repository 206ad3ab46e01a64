package dev.tern.auth;

import dev.tern.routing.SharedFilter;
import dev.tern.routing.TopicNames;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Who may publish and subscribe where, from {@code auth.acl_file}. One rule a line, first match wins:
 *
 * <pre>
 * allow|deny  user &lt;name&gt;|client &lt;id&gt;|all  publish|subscribe|pubsub  &lt;topic filter&gt;
 * </pre>
 *
 * {@code %u} and {@code %c} in the filter stand for the user name and client id; a rule with {@code %u}
 * does not match an anonymous client, and neither substitutes a value containing '/', '+' or '#' (which
 * would widen the filter). A publish matches a rule when the topic matches its filter. A subscription
 * matches an allow rule when the rule's filter covers every topic the subscription can match, and a deny
 * rule when the two overlap at all, so {@code deny all subscribe secret/#} also refuses a subscription to
 * {@code #}. Shared subscriptions are checked by their filter without the {@code $share/group/} prefix.
 * When no rule matches: allowed without an ACL file, denied with one.
 */
public final class Acl {

    public enum Action { PUBLISH, SUBSCRIBE }

    /** No ACL file: everything is allowed. */
    public static final Acl ALLOW_ALL = new Acl(List.of(), true);

    private final List<AclRule> rules;
    private final boolean defaultAllow;

    private Acl(List<AclRule> rules, boolean defaultAllow) {
        this.rules = List.copyOf(rules);
        this.defaultAllow = defaultAllow;
    }

    public static Acl load(Path file) {
        try {
            return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new AuthFileException("cannot read ACL file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses the lines of an ACL file; {@code source} names it in error messages. Default: deny. */
    public static Acl parse(List<String> lines, String source) {
        List<AclRule> rules = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                rules.add(AclRule.parse(line));
            } catch (IllegalArgumentException e) {
                throw AuthFileException.at(source, i + 1, e.getMessage());
            }
        }
        return new Acl(rules, false);
    }

    public boolean isAllowAll() {
        return rules.isEmpty() && defaultAllow;
    }

    /**
     * Whether the client may do this.
     *
     * @param username null for an anonymous client
     * @param topic    a topic name for PUBLISH, a topic filter for SUBSCRIBE
     */
    public boolean allows(Action action, String username, String clientId, String topic) {
        if (isAllowAll()) {
            return true;
        }
        String t = topic;
        if (action == Action.SUBSCRIBE) {
            SharedFilter shared = TopicNames.parseShared(topic);
            if (shared != null) {
                t = shared.filter();
            }
        }
        for (AclRule r : rules) {
            Boolean verdict = r.decide(action, username, clientId, t);
            if (verdict != null) {
                return verdict;
            }
        }
        return defaultAllow;
    }
}
