package dev.tern.config;

import java.nio.file.Path;

/** `listeners { tcp, ssl, ws }`. */
public record ListenerSettings(Tcp tcp, Ssl ssl, Ws ws) {

    /** `listeners.tcp`: plain MQTT over TCP. */
    public record Tcp(boolean enabled, String host, int port) {
    }

    /**
     * `listeners.ssl`: MQTT over TLS with PEM files.
     *
     * @param cacertfile null if absent; required when verifyPeer
     */
    public record Ssl(boolean enabled, String host, int port, Path keyfile, Path certfile, Path cacertfile,
                      boolean verifyPeer, boolean failIfNoPeerCert) {
    }

    /** `listeners.ws`: MQTT over WebSocket at `path`. */
    public record Ws(boolean enabled, String host, int port, String path) {
    }

    public ListenerSettings withTcp(Tcp t) {
        return new ListenerSettings(t, ssl, ws);
    }

    public ListenerSettings withSsl(Ssl s) {
        return new ListenerSettings(tcp, s, ws);
    }
}
