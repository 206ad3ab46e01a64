package dev.tern.transport;

/** Names of the handlers in a connection's pipeline, in order. */
final class HandlerNames {
    static final String TLS = "tls";
    static final String DECODER = "mqtt-decoder";
    static final String CONNECTION = "mqtt-connection";

    private HandlerNames() {
    }
}
