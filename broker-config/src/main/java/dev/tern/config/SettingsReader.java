package dev.tern.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntSupplier;

/**
 * Builds the typed settings from a merged configuration, checking every key's value and the rules
 * that tie keys together (TLS files, port clashes, keepalive bounds). Problems are recorded, not
 * thrown; the caller decides after the whole tree was read.
 */
final class SettingsReader {
    /** MQTT's Remaining Length tops out at 268,435,455 (MQTT 5.0 section 1.5.5). */
    static final long MAX_PACKET_SIZE = 268_435_455L;
    /** Session Expiry Interval is a four-byte integer; 0xFFFFFFFF means "never" (MQTT 5.0 3.1.2.11.2). */
    static final long MAX_EXPIRY_SECONDS = 0xFFFF_FFFFL;
    private static final Duration ONE_HOUR = Duration.ofHours(1);

    private final Values v;
    private final IntSupplier cores;

    SettingsReader(Values values, IntSupplier cores) {
        this.v = values;
        this.cores = cores;
    }

    TernConfig read() {
        ListenerSettings listeners = listeners();
        HttpSettings http = http();
        checkPortClashes(listeners, http);
        return new TernConfig(listeners, engine(), mqtt(), session(), auth(), persistence(), http, log());
    }

    private ListenerSettings listeners() {
        boolean tcpOn = v.bool("listeners.tcp.enable");
        BindAddress tcp = bind("listeners.tcp.bind", false);

        boolean sslOn = v.bool("listeners.ssl.enable");
        BindAddress ssl = bind("listeners.ssl.bind", false);
        Path keyfile = path("listeners.ssl.keyfile");
        Path certfile = path("listeners.ssl.certfile");
        Path cacertfile = path("listeners.ssl.cacertfile");
        boolean verifyPeer = v.bool("listeners.ssl.verify_peer");
        boolean failIfNoPeerCert = v.bool("listeners.ssl.fail_if_no_peer_cert");
        if (sslOn) {
            // Checked only when enabled: a disabled block may name files that exist on another host.
            requireFile("listeners.ssl.keyfile", keyfile);
            requireFile("listeners.ssl.certfile", certfile);
            if (cacertfile != null) {
                existingFile("listeners.ssl.cacertfile", cacertfile);
            } else if (verifyPeer) {
                v.problem("listeners.ssl.verify_peer",
                        "listeners.ssl.cacertfile is required when listeners.ssl.verify_peer = true");
            }
        }

        boolean wsOn = v.bool("listeners.ws.enable");
        BindAddress ws = bind("listeners.ws.bind", true);
        return new ListenerSettings(
                new ListenerSettings.Tcp(tcpOn, tcp.host(), tcp.port()),
                new ListenerSettings.Ssl(sslOn, ssl.host(), ssl.port(), keyfile, certfile, cacertfile,
                        verifyPeer, failIfNoPeerCert),
                new ListenerSettings.Ws(wsOn, ws.host(), ws.port(), ws.path()));
    }

    private EngineSettings engine() {
        int threads = v.integer("engine.threads", 0, 4096);
        return new EngineSettings(threads == 0 ? cores.getAsInt() : threads, v.bool("engine.publisher_affinity"));
    }

    private MqttSettings mqtt() {
        int maxKeepalive = v.integer("mqtt.max_keepalive", 1, 65535);
        int serverKeepalive = v.integer("mqtt.server_keepalive", 0, 65535);
        if (serverKeepalive > maxKeepalive) {
            v.invalid("mqtt.server_keepalive", "must not exceed mqtt.max_keepalive (" + maxKeepalive + ")");
        }
        return new MqttSettings(
                (int) v.bytes("mqtt.max_packet_size", 2, MAX_PACKET_SIZE),
                v.integer("mqtt.max_mqueue_len", 1, Integer.MAX_VALUE),
                v.integer("mqtt.max_inflight_window", 1, 65535),
                v.duration("mqtt.retry_interval", Duration.ZERO, ONE_HOUR),
                v.decimal("mqtt.keepalive_multiplier", 1.0),
                v.duration("mqtt.connect_timeout", Duration.ofMillis(1), ONE_HOUR),
                maxKeepalive,
                serverKeepalive,
                v.bool("mqtt.allow_zero_keepalive"),
                v.integer("mqtt.max_topic_alias", 0, 65535),
                v.bool("mqtt.outbound_topic_alias"),
                v.bool("mqtt.queue_qos0"),
                DropPolicy.valueOf(v.oneOf("mqtt.mqueue_drop_policy", "oldest", "newest").toUpperCase(Locale.ROOT)),
                v.integer("mqtt.max_qos", 0, 2),
                v.bool("mqtt.retain_available"),
                v.bool("mqtt.wildcard_subscription"),
                v.bool("mqtt.shared_subscription"),
                v.bool("mqtt.subscription_identifiers"),
                v.integer("mqtt.receive_maximum", 1, 65535),
                v.integer("mqtt.max_client_id_length", 23, 65535),
                SharedSubscriptionStrategy.valueOf(v.oneOf("mqtt.shared_subscription_strategy",
                        "round_robin", "random", "sticky", "hash_clientid").toUpperCase(Locale.ROOT)),
                v.bool("mqtt.validate_utf8_payload"));
    }

    private SessionSettings session() {
        Duration maxExpiry = v.duration("session.max_expiry_interval", Duration.ZERO,
                Duration.ofSeconds(MAX_EXPIRY_SECONDS));
        Duration ttl = v.duration("session.ttl", Duration.ZERO, Duration.ofSeconds(MAX_EXPIRY_SECONDS));
        return new SessionSettings(maxExpiry.toSeconds(), ttl);
    }

    private AuthSettings auth() {
        boolean anonymous = v.bool("auth.allow_anonymous");
        Path passwordFile = path("auth.password_file");
        Path aclFile = path("auth.acl_file");
        // A named file that is missing would leave the broker without the rules the operator wrote.
        if (passwordFile != null) {
            existingFile("auth.password_file", passwordFile);
        }
        if (aclFile != null) {
            existingFile("auth.acl_file", aclFile);
        }
        return new AuthSettings(anonymous, passwordFile, aclFile);
    }

    private PersistenceSettings persistence() {
        PersistenceSettings.Type type = PersistenceSettings.Type.valueOf(
                v.oneOf("persistence.type", "memory", "rocksdb").toUpperCase(Locale.ROOT));
        Path dir = path("persistence.dir");
        if (dir == null && v.valueAt("persistence.dir") != null) {
            v.invalid("persistence.dir", "must name a directory");
        } else if (dir != null && type == PersistenceSettings.Type.ROCKSDB
                && Files.exists(dir) && !Files.isDirectory(dir)) {
            v.invalid("persistence.dir", "exists and is not a directory");
        }
        return new PersistenceSettings(type, dir);
    }

    private HttpSettings http() {
        boolean on = v.bool("http.enable");
        BindAddress bind = bind("http.bind", false);
        String username = v.string("http.username");
        String password = v.string("http.password");
        if (on && username.isBlank()) {
            v.invalid("http.username", "must not be empty when http.enable = true");
        }
        if (on && password.isEmpty()) {
            v.invalid("http.password", "must not be empty when http.enable = true");
        }
        return new HttpSettings(on, bind.host(), bind.port(), username, password);
    }

    private LogSettings log() {
        return new LogSettings(v.oneOf("log.level", "trace", "debug", "info", "warn", "error"));
    }

    private BindAddress bind(String path, boolean withPath) {
        String text = v.text(path);
        if (text == null) {
            return new BindAddress("0.0.0.0", 0, withPath ? "/mqtt" : null);
        }
        try {
            return BindAddress.parse(text, withPath);
        } catch (BindAddress.Invalid e) {
            v.invalid(path, e.getMessage());
            return new BindAddress("0.0.0.0", 0, withPath ? "/mqtt" : null);
        }
    }

    /** Kept as written: relative paths resolve against the working directory when used. */
    private Path path(String key) {
        String s = v.optionalString(key);
        if (s == null) {
            return null;
        }
        try {
            return Path.of(s);
        } catch (InvalidPathException e) {
            v.invalid(key, "not a valid path: " + e.getReason());
            return null;
        }
    }

    private void requireFile(String key, Path file) {
        if (file == null) {
            // Point at the line that enabled the listener: the key itself may be absent from the file.
            v.problem("listeners.ssl.enable", key + " is required when listeners.ssl.enable = true");
        } else {
            existingFile(key, file);
        }
    }

    private void existingFile(String key, Path file) {
        if (!Files.isRegularFile(file)) {
            v.invalid(key, "no such file (" + file.toAbsolutePath() + ")");
        } else if (!Files.isReadable(file)) {
            v.invalid(key, "file is not readable (" + file.toAbsolutePath() + ")");
        }
    }

    /** Two enabled listeners on one port would fail at bind time; say so now, with both keys. */
    private void checkPortClashes(ListenerSettings l, HttpSettings http) {
        record Bound(String key, boolean on, BindAddress address) {
        }
        List<Bound> all = new ArrayList<>();
        all.add(new Bound("listeners.tcp.bind", l.tcp().enabled(), new BindAddress(l.tcp().host(), l.tcp().port(), null)));
        all.add(new Bound("listeners.ssl.bind", l.ssl().enabled(), new BindAddress(l.ssl().host(), l.ssl().port(), null)));
        all.add(new Bound("listeners.ws.bind", l.ws().enabled(), new BindAddress(l.ws().host(), l.ws().port(), null)));
        all.add(new Bound("http.bind", http.enabled(), new BindAddress(http.host(), http.port(), null)));
        for (int i = 0; i < all.size(); i++) {
            for (int j = i + 1; j < all.size(); j++) {
                Bound a = all.get(i);
                Bound b = all.get(j);
                boolean sameHost = a.address().host().equals(b.address().host())
                        || a.address().isWildcard() || b.address().isWildcard();
                if (a.on() && b.on() && a.address().port() != 0 && a.address().port() == b.address().port()
                        && sameHost) {
                    v.invalid(b.key(), "port " + b.address().port() + " is already used by " + a.key());
                }
            }
        }
    }
}
