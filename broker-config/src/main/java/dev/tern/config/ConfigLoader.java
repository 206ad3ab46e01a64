package dev.tern.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigSyntax;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Loads a HOCON file over the defaults in reference.conf and validates all of it.
 *
 * <p>Every problem is collected before anything is thrown, so one start attempt shows the operator
 * the whole list, one line each, as {@code file:line: message}: syntax errors, unknown keys (with a
 * did-you-mean), wrong types, values out of range, bad bind addresses, TLS files that are missing.
 * Substitutions resolve against the file, then the defaults, then environment variables
 * ({@code ${?TERN_TCP_BIND}}).
 */
public final class ConfigLoader {
    private static final String REFERENCE = "reference.conf";
    private static final Config REFERENCE_CONFIG = loadReference();
    private static final KeyCheck KEYS = new KeyCheck(REFERENCE_CONFIG.root());

    private ConfigLoader() {
    }

    /** @throws ConfigException with every problem found, each naming key, file and line */
    public static TernConfig load(Path file) {
        Objects.requireNonNull(file, "file");
        Problems problems = new Problems(file.toString());
        if (!Files.isRegularFile(file)) {
            problems.add(Files.exists(file) ? "is not a regular file" : "no such file (" + file.toAbsolutePath() + ")");
        } else if (!Files.isReadable(file)) {
            problems.add("file is not readable");
        }
        problems.throwIfAny();
        ConfigParseOptions options = ConfigParseOptions.defaults()
                .setSyntax(ConfigSyntax.CONF)
                .setAllowMissing(false);
        return build(() -> ConfigFactory.parseFile(file.toFile(), options), problems);
    }

    /**
     * Parses HOCON text, for tests and for programs that generate configuration.
     *
     * @param originDescription names the text in problem lines, as a file name would
     * @throws ConfigException with every problem found
     */
    public static TernConfig parse(String hocon, String originDescription) {
        Objects.requireNonNull(hocon, "hocon");
        Objects.requireNonNull(originDescription, "originDescription");
        ConfigParseOptions options = ConfigParseOptions.defaults()
                .setSyntax(ConfigSyntax.CONF)
                .setOriginDescription(originDescription);
        return build(() -> ConfigFactory.parseString(hocon, options), new Problems(originDescription));
    }

    /** The embedded defaults alone (reference.conf). */
    public static TernConfig defaults() {
        return build(ConfigFactory::empty, new Problems(REFERENCE));
    }

    private static TernConfig build(Supplier<Config> parser, Problems problems) {
        Config user;
        try {
            user = parser.get();
        } catch (com.typesafe.config.ConfigException.Parse e) {
            // A syntax error leaves nothing reliable to check further: report it alone.
            problems.add(e.origin(), "syntax error: " + detail(e));
            throw problems.exception();
        } catch (com.typesafe.config.ConfigException e) {
            problems.add(e.origin(), detail(e)); // I/O, including a required include that is missing
            throw problems.exception();
        }
        KEYS.unknownKeys(user.root(), problems);

        Config merged;
        try {
            // The environment is the last fallback for ${VAR} (ConfigResolveOptions.useSystemEnvironment).
            merged = user.withFallback(REFERENCE_CONFIG).resolve(ConfigResolveOptions.defaults());
        } catch (com.typesafe.config.ConfigException e) {
            problems.add(e.origin(), detail(e)); // an unresolved ${...}, or a cycle
            throw problems.exception();
        }
        KEYS.sections(merged.root(), problems);
        TernConfig config = new SettingsReader(new Values(merged, user.root(), problems),
                Runtime.getRuntime()::availableProcessors).read();
        problems.throwIfAny();
        return config;
    }

    /** Typesafe Config prefixes messages with the origin; we print our own "file:line: ". */
    private static String detail(com.typesafe.config.ConfigException e) {
        String message = e.getMessage();
        if (e.origin() != null) {
            String prefix = e.origin().description() + ": ";
            if (message.startsWith(prefix)) {
                return message.substring(prefix.length());
            }
        }
        return message;
    }

    /**
     * Our own reference.conf, not every reference.conf on the class path merged (as
     * ConfigFactory.defaultReference() would do): another library's keys must not count as ours.
     */
    private static Config loadReference() {
        URL ours = ConfigLoader.class.getResource("/" + REFERENCE);
        java.security.CodeSource codeSource = ConfigLoader.class.getProtectionDomain().getCodeSource();
        if (codeSource != null && codeSource.getLocation() != null) {
            String jar = codeSource.getLocation().toString();
            try {
                for (URL url : Collections.list(ConfigLoader.class.getClassLoader().getResources(REFERENCE))) {
                    if (url.toString().contains(jar)) {
                        ours = url;
                    }
                }
            } catch (java.io.IOException e) {
                // keep the first one on the class path
            }
        }
        if (ours == null) {
            throw new IllegalStateException(REFERENCE + " is missing from the broker-config jar");
        }
        return ConfigFactory.parseURL(ours, ConfigParseOptions.defaults()
                .setOriginDescription(REFERENCE).setAllowMissing(false));
    }
}
