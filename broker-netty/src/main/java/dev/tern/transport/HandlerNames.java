package dev.tern.transport;

/** Names of the handlers in a connection's pipeline, in order. */
final class HandlerNames {
    static final String TLS = "tls";
    static final String HTTP = "http";
    static final String HTTP_AGGREGATOR = "http-aggregator";
    static final String WEBSOCKET = "websocket";
    static final String WEBSOCKET_UNWRAP = "websocket-unwrap";
    static final String WEBSOCKET_WRAP = "websocket-wrap";
    static final String DECODER = "mqtt-decoder";
    static final String CONNECTION = "mqtt-connection";

    private HandlerNames() {
    }
}
