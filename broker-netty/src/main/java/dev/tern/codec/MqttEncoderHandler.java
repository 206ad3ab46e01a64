package dev.tern.codec;

import dev.tern.packet.MqttPacket;
import dev.tern.packet.MqttVersion;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.EncoderException;

/**
 * A thin pipeline handler over {@link MqttEncoder}, for Tern's own client and for tests. Not a
 * MessageToByteEncoder: that would allocate a buffer before we know the size, and a packet that does
 * not fit the peer's Maximum Packet Size must produce nothing. Such a packet is counted and its
 * write promise fails, so it is never lost silently. Other messages pass through.
 */
public final class MqttEncoderHandler extends ChannelOutboundHandlerAdapter {
    private volatile MqttVersion version;
    private volatile int maxPacketSize;
    private long dropped;

    public MqttEncoderHandler(MqttVersion version, int maxPacketSize) {
        this.version = version;
        this.maxPacketSize = maxPacketSize;
    }

    public void setVersion(MqttVersion version) {
        this.version = version;
    }

    /** The peer's Maximum Packet Size; &lt;= 0 for no limit. */
    public void setMaxPacketSize(int maxPacketSize) {
        this.maxPacketSize = maxPacketSize;
    }

    /** Packets dropped because they did not fit the maximum packet size (read on the channel's loop). */
    public long dropped() {
        return dropped;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof MqttPacket packet)) {
            ctx.write(msg, promise);
            return;
        }
        ByteBuf buf = MqttEncoder.INSTANCE.encode(ctx.alloc(), packet, version, maxPacketSize);
        if (buf == null) {
            dropped++;
            promise.setFailure(new EncoderException(packet.type() + " exceeds the maximum packet size "
                    + maxPacketSize));
            return;
        }
        ctx.write(buf, promise);
    }
}
