package dev.tern.transport;

import dev.tern.codec.MqttDecoder;
import dev.tern.engine.Engine;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslContext;

import java.util.List;

/**
 * The pipeline of one MQTT connection: [TLS] [HTTP upgrade to WebSocket, binary frames] decoder,
 * connection handler. Flushes are the engine's, once per turn.
 */
final class MqttChannelInitializer extends ChannelInitializer<SocketChannel> {
    /** WebSocket subprotocols accepted: "mqtt" [MQTT-6.0.0-3], and the 3.1 name some old clients send. */
    private static final String SUBPROTOCOLS = "mqtt,mqttv3.1";

    private final Engine engine;
    private final List<EventLoop> shardLoops;
    private final SslContext tls;
    /** Null for plain MQTT; the HTTP path (e.g. "/mqtt") for MQTT over WebSocket. */
    private final String webSocketPath;

    MqttChannelInitializer(Engine engine, List<EventLoop> shardLoops, SslContext tls, String webSocketPath) {
        this.engine = engine;
        this.shardLoops = shardLoops;
        this.tls = tls;
        this.webSocketPath = webSocketPath;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        if (tls != null) {
            p.addLast(HandlerNames.TLS, tls.newHandler(ch.alloc()));
        }
        if (webSocketPath != null) {
            int maxPacket = engine.config().mqtt().maxPacketSize();
            p.addLast(HandlerNames.HTTP, new HttpServerCodec());
            p.addLast(HandlerNames.HTTP_AGGREGATOR, new HttpObjectAggregator(8192));
            p.addLast(HandlerNames.WEBSOCKET, new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                    .websocketPath(webSocketPath)
                    .subprotocols(SUBPROTOCOLS)
                    .maxFramePayloadLength(Math.max(65536, maxPacket))
                    .build()));
            p.addLast(HandlerNames.WEBSOCKET_UNWRAP, WebSocketFrames.Unwrap.INSTANCE);
            p.addLast(HandlerNames.WEBSOCKET_WRAP, WebSocketFrames.Wrap.INSTANCE);
        }
        p.addLast(HandlerNames.DECODER, new MqttDecoder(engine.config().mqtt().maxPacketSize(), true));
        p.addLast(HandlerNames.CONNECTION, new MqttConnectionHandler(engine, shardLoops));
    }
}
