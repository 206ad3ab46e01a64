package dev.tern.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * MQTT over WebSocket (MQTT 5.0 section 6): the payload of binary frames is one byte stream that
 * the MQTT decoder frames itself, since a packet may span frames and a frame may hold several
 * packets [MQTT-6.0.0-2]; outgoing packets go out as binary frames [MQTT-6.0.0-1].
 */
final class WebSocketFrames {
    private static final Logger log = LoggerFactory.getLogger(WebSocketFrames.class);

    private WebSocketFrames() {
    }

    /** Binary (and continuation) frames in, bytes out; any other data frame closes the connection [MQTT-6.0.0-1]. */
    @ChannelHandler.Sharable
    static final class Unwrap extends MessageToMessageDecoder<WebSocketFrame> {
        static final Unwrap INSTANCE = new Unwrap();

        @Override
        protected void decode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) {
            if (frame instanceof BinaryWebSocketFrame || frame instanceof ContinuationWebSocketFrame) {
                out.add(frame.content().retain());
            } else {
                log.info("connection from {} closed: {} received; MQTT over WebSocket uses binary frames [MQTT-6.0.0-1]",
                        NettyClientChannel.format(ctx.channel().remoteAddress()), frame.getClass().getSimpleName());
                ctx.close();
            }
        }
    }

    /** Bytes out as one binary frame per write. */
    @ChannelHandler.Sharable
    static final class Wrap extends MessageToMessageEncoder<ByteBuf> {
        static final Wrap INSTANCE = new Wrap();

        @Override
        protected void encode(ChannelHandlerContext ctx, ByteBuf msg, List<Object> out) {
            out.add(new BinaryWebSocketFrame(msg.retain()));
        }
    }
}
