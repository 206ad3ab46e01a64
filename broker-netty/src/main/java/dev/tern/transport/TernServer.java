package dev.tern.transport;

import dev.tern.config.TernConfig;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * A running broker: the engine plus its listeners. The one place where Tern is wired together.
 * STUB: the transport is being written; the signatures are the contract for broker-cli.
 */
public final class TernServer implements AutoCloseable {

    private TernServer() {
    }

    /**
     * Builds the engine and binds every enabled listener.
     *
     * @throws IllegalStateException naming the listener and address when a bind fails (nothing stays bound)
     */
    public static TernServer start(TernConfig config) {
        throw new UnsupportedOperationException("TODO transport");
    }

    /** The bound address of the TCP listener (port resolved when configured as 0), or null if disabled. */
    public InetSocketAddress tcpAddress() {
        return null;
    }

    /** The bound address of the TLS listener, or null if disabled. */
    public InetSocketAddress sslAddress() {
        return null;
    }

    /** Every bound listener address, for the start-up log line. */
    public List<InetSocketAddress> boundAddresses() {
        return List.of();
    }

    /** Closes the listeners, then every client connection, then the engine. Idempotent. */
    @Override
    public void close() {
    }
}
