package dev.tern.cli;

import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The build version, for {@code tern --version}. Read from {@code version.properties}, which Maven filters
 * with {@code ${project.version}}: unlike the jar manifest it is also there when running from
 * {@code target/classes}, as the launcher does.
 */
public final class TernVersion implements IVersionProvider {

    private static final String RESOURCE = "version.properties";

    @Override
    public String[] getVersion() {
        return new String[] {"tern " + version()};
    }

    /** The version, or {@code unknown} when the build did not filter the resource. */
    public static String version() {
        String fromManifest = TernVersion.class.getPackage().getImplementationVersion();
        if (fromManifest != null) {
            return fromManifest;
        }
        try (InputStream in = TernVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "").strip();
            return v.isEmpty() || v.contains("${") ? "unknown" : v;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
