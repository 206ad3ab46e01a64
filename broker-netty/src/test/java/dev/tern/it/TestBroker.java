package dev.tern.it;

import dev.tern.config.ConfigLoader;
import dev.tern.config.TernConfig;
import dev.tern.transport.TernServer;

/**
 * An in-process broker on an ephemeral loopback port, configured with HOCON like the real one.
 * Tests talk to it with real MQTT clients over TCP.
 */
public final class TestBroker implements AutoCloseable {
    private final TernServer server;

    private TestBroker(TernServer server) {
        this.server = server;
    }

    /** Starts with the defaults plus the given HOCON (which may override anything). */
    public static TestBroker start(String hocon) {
        TernConfig config = ConfigLoader.parse("listeners.tcp.bind = \"127.0.0.1:0\"\nengine.threads = 2\n" + hocon,
                "test config");
        return new TestBroker(TernServer.start(config));
    }

    public static TestBroker start() {
        return start("");
    }

    /** A client id that the broker's two shards place on the given one by hash ({@code prefix} + a number). */
    public static String clientIdOnShard(int shard, String prefix) {
        for (int i = 0; ; i++) {
            String id = prefix + i;
            if (Math.floorMod(id.hashCode(), 2) == shard) {
                return id;
            }
        }
    }

    public TernServer server() {
        return server;
    }

    public int port() {
        return server.tcpAddress().getPort();
    }

    /** The TLS listener's port (listeners.ssl must be enabled). */
    /** The WebSocket listener's port (listeners.ws must be enabled in the test's HOCON). */
    public int wsPort() {
        return server.wsAddress().getPort();
    }

    public int sslPort() {
        if (server.sslAddress() == null) {
            throw new IllegalStateException("listeners.ssl is not enabled");
        }
        return server.sslAddress().getPort();
    }

    public String host() {
        return "127.0.0.1";
    }

    /** For Paho: tcp://127.0.0.1:port */
    public String uri() {
        return "tcp://127.0.0.1:" + port();
    }

    @Override
    public void close() {
        server.close();
    }
}
