package dev.tern.config;

import java.util.regex.Pattern;

/**
 * A parsed listener address: {@code host:port}, {@code [ipv6]:port}, and for WebSocket an optional
 * {@code /path}. The host is kept as written (without brackets) and not resolved here: name
 * resolution belongs to bind time, and a config check must not depend on DNS.
 */
record BindAddress(String host, int port, String path) {
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[A-Za-z0-9._-]+)?");

    /** Thrown with a reason that completes "... is invalid: ". */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String reason) {
            super(reason, null, false, false);
        }
    }

    /** Whether this listener would take every interface, so it clashes with any host on its port. */
    boolean isWildcard() {
        return host.equals("0.0.0.0") || host.equals("::");
    }

    static BindAddress parse(String text, boolean withPath) throws Invalid {
        String rest = text.strip();
        String path = null;
        if (withPath) {
            int slash = rest.indexOf('/', rest.lastIndexOf(']') + 1);
            if (slash >= 0) {
                path = rest.substring(slash);
                rest = rest.substring(0, slash);
            } else {
                path = "/mqtt";
            }
        }
        String host;
        String port;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0 || close + 1 >= rest.length() || rest.charAt(close + 1) != ':') {
                throw new Invalid("expected \"[ipv6]:port\", e.g. \"[::1]:1883\"");
            }
            host = rest.substring(1, close);
            port = rest.substring(close + 2);
            if (!IPV6.matcher(host).matches() || !host.contains(":")) {
                throw new Invalid("'" + host + "' is not an IPv6 address");
            }
        } else {
            int colon = rest.lastIndexOf(':');
            if (colon < 0) {
                throw new Invalid("expected \"host:port\", e.g. \"0.0.0.0:1883\"");
            }
            host = rest.substring(0, colon);
            port = rest.substring(colon + 1);
            if (host.contains(":")) {
                throw new Invalid("an IPv6 host needs brackets, e.g. \"[::1]:1883\"");
            }
            if (host.isEmpty()) {
                throw new Invalid("the host is missing (0.0.0.0 = every interface)");
            }
            if (!HOST_NAME.matcher(host).matches()) {
                throw new Invalid("'" + host + "' is not a host name or address");
            }
        }
        return new BindAddress(host, port(port), path);
    }

    private static int port(String text) throws Invalid {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new Invalid("the port must be a number from 0 to 65535");
        }
        int port = Integer.parseInt(text);
        if (port > 65535) {
            throw new Invalid("the port must be a number from 0 to 65535");
        }
        return port;
    }
}
