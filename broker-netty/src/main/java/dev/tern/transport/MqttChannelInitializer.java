package dev.tern.transport;

import dev.tern.codec.MqttDecoder;
import dev.tern.engine.Engine;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;

import java.util.List;

/** The pipeline of one MQTT connection: [TLS] decoder, connection handler (flushes are the engine's, per turn). */
final class MqttChannelInitializer extends ChannelInitializer<SocketChannel> {
    private final Engine engine;
    private final List<EventLoop> shardLoops;
    private final SslContext tls;

    MqttChannelInitializer(Engine engine, List<EventLoop> shardLoops, SslContext tls) {
        this.engine = engine;
        this.shardLoops = shardLoops;
        this.tls = tls;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        if (tls != null) {
            p.addLast(HandlerNames.TLS, tls.newHandler(ch.alloc()));
        }
        p.addLast(HandlerNames.DECODER, new MqttDecoder(engine.config().mqtt().maxPacketSize(), true));
        p.addLast(HandlerNames.CONNECTION, new MqttConnectionHandler(engine, shardLoops));
    }
}
