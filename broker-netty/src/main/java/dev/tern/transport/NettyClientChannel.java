package dev.tern.transport;

import dev.tern.codec.MqttEncoder;
import dev.tern.engine.ClientChannel;
import dev.tern.packet.MqttPacket;
import dev.tern.packet.MqttVersion;
import dev.tern.packet.Publish;
import dev.tern.time.ShardExecutor;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOutboundBuffer;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.function.Consumer;

/**
 * The engine's view of a Netty channel. Encodes on the calling (event-loop) thread straight into one
 * buffer per packet and writes without flushing: the engine flushes once per event-loop turn, after
 * the turn's store writes are durable, so a read batch or a fan-out costs one syscall, not one per
 * message.
 */
final class NettyClientChannel implements ClientChannel {
    private final Channel channel;
    private final MqttVersion version;
    private final int clientMaxPacketSize;
    private final OutboundTopicAliases aliases;

    /** @param topicAliases how many outbound topic aliases this connection may use; 0 = none */
    NettyClientChannel(Channel channel, MqttVersion version, long clientMaxPacketSize, int topicAliases) {
        this.channel = channel;
        this.version = version;
        this.clientMaxPacketSize = clientMaxPacketSize <= 0 || clientMaxPacketSize > Integer.MAX_VALUE
                ? 0 : (int) clientMaxPacketSize;
        // Reads the peer address now so the channel caches it (and it is still known after a close),
        // but keeps no String of it: formatted only for the rare log line, not held by every connection.
        channel.remoteAddress();
        this.aliases = topicAliases > 0 && version.isV5() ? new OutboundTopicAliases(topicAliases) : null;
    }

    @Override
    public boolean send(MqttPacket packet) {
        if (aliases != null && packet instanceof Publish p) {
            packet = aliases.apply(p);
        }
        ByteBuf buf = MqttEncoder.INSTANCE.encode(channel.alloc(), packet, version, clientMaxPacketSize);
        if (buf == null) {
            return false; // larger than the client's Maximum Packet Size [MQTT-3.1.2-24]
        }
        if (aliases != null && packet instanceof Publish) {
            aliases.commit();
        }
        channel.write(buf, channel.voidPromise());
        return true;
    }

    @Override
    public void flush() {
        channel.flush();
    }

    @Override
    public boolean isWritable() {
        return channel.isWritable();
    }

    @Override
    public void close() {
        channel.close();
    }

    /** Open, and nothing waits in Netty's outbound buffer (it would have to be written from the old loop). */
    @Override
    public boolean canMove() {
        ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
        return channel.isActive() && channel.isRegistered() && out != null && out.isEmpty();
    }

    /**
     * The same move as at CONNECT ({@link MqttConnectionHandler}): reading off, then deregistered
     * from the event loop; bytes that arrive meanwhile wait in the socket.
     */
    @Override
    public void leave(Consumer<Boolean> done) {
        channel.config().setAutoRead(false);
        channel.deregister().addListener((ChannelFutureListener) f -> {
            boolean left = f.isSuccess() && channel.isOpen();
            if (!left && f.channel().isRegistered()) {
                channel.config().setAutoRead(true);
            }
            done.accept(left);
        });
    }

    @Override
    public boolean join(ShardExecutor executor) {
        ChannelFuture f = ((NettyShardExecutor) executor).loop().register(channel); // on that loop: done at once
        if (!f.isDone() || !f.isSuccess() || !channel.isActive()) {
            channel.close();
            return false;
        }
        channel.config().setAutoRead(true);
        return true;
    }

    @Override
    public String remoteAddress() {
        return format(channel.remoteAddress());
    }

    static String format(SocketAddress a) {
        if (a instanceof InetSocketAddress i) {
            return i.getAddress() != null ? i.getAddress().getHostAddress() + ":" + i.getPort() : i.toString();
        }
        return String.valueOf(a);
    }
}
