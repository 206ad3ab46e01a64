package dev.tern.cli.bench;

import dev.tern.codec.DecodeFailure;
import dev.tern.codec.MqttEncoder;
import dev.tern.packet.Connack;
import dev.tern.packet.Connect;
import dev.tern.packet.MqttPacket;
import dev.tern.packet.MqttVersion;
import dev.tern.packet.Pingreq;
import dev.tern.packet.Puback;
import dev.tern.packet.Pubcomp;
import dev.tern.packet.Publish;
import dev.tern.packet.Pubrec;
import dev.tern.packet.Pubrel;
import dev.tern.packet.Qos;
import dev.tern.packet.ReasonCode;
import dev.tern.packet.Suback;
import dev.tern.packet.Subscribe;
import dev.tern.packet.SubscriptionOptions;
import dev.tern.packet.TopicSubscription;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.List;

/**
 * One MQTT connection of the bench, on the bench's single event loop. It sends CONNECT when the socket
 * is up, answers the QoS 1/2 handshakes of what it receives, and reports everything else to its
 * {@link Listener}. Writes are not flushed here: the scenario writes many and flushes once per
 * event-loop turn; acks written while reading are flushed at the end of the read batch.
 */
final class BenchClient extends ChannelInboundHandlerAdapter {

    /** What a scenario hears from a client; all calls happen on the event loop. */
    interface Listener {
        default void onConnected(BenchClient client, Connack connack) {
        }

        default void onRefused(BenchClient client, String why) {
        }

        default void onSubscribed(BenchClient client) {
        }

        default void onPublish(BenchClient client, Publish publish, long receivedNanos) {
        }

        /** PUBACK (QoS 1) or PUBCOMP (QoS 2) for a PUBLISH this client sent. */
        default void onAcked(BenchClient client, int packetId) {
        }

        default void onReadComplete(BenchClient client) {
        }

        default void onWritable(BenchClient client) {
        }

        default void onClosed(BenchClient client) {
        }
    }

    final int index;
    private final Connect connect;
    private final Listener listener;
    private Channel channel;
    private boolean connected;
    private long lastSentNanos;

    BenchClient(int index, Connect connect, Listener listener) {
        this.index = index;
        this.connect = connect;
        this.listener = listener;
    }

    MqttVersion version() {
        return connect.version();
    }

    Channel channel() {
        return channel;
    }

    /** CONNACK received and, inside {@link Listener#onClosed}, whether it had been. */
    boolean connected() {
        return connected;
    }

    /**
     * When this client last wrote a packet, System.nanoTime taken just before the write: never later than
     * the broker's receipt, so a lateness measured from it includes the transit and cannot come out early.
     */
    long lastSentNanos() {
        return lastSentNanos;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        lastSentNanos = System.nanoTime();
        channel.writeAndFlush(encode(connect));
        ctx.fireChannelActive();
    }

    void subscribe(String filter, Qos qos) {
        Subscribe s = new Subscribe(1, List.of(new TopicSubscription(filter, SubscriptionOptions.of(qos))), 0, null);
        channel.writeAndFlush(encode(s));
    }

    void ping() {
        if (connected && channel.isActive()) {
            channel.writeAndFlush(encode(Pingreq.INSTANCE));
        }
    }

    /** Writes without flushing. */
    void write(ByteBuf encoded) {
        channel.write(encoded, channel.voidPromise());
    }

    void flush() {
        channel.flush();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Publish p) {
            long now = System.nanoTime();
            if (p.qos() == Qos.AT_LEAST_ONCE) {
                write(encode(Puback.of(p.packetId())));
            } else if (p.qos() == Qos.EXACTLY_ONCE) {
                write(encode(Pubrec.of(p.packetId())));
            }
            listener.onPublish(this, p, now);
        } else if (msg instanceof Puback a) {
            listener.onAcked(this, a.packetId());
        } else if (msg instanceof Pubrec r) {
            write(encode(Pubrel.of(r.packetId())));
        } else if (msg instanceof Pubrel r) {
            write(encode(Pubcomp.of(r.packetId())));
        } else if (msg instanceof Pubcomp c) {
            listener.onAcked(this, c.packetId());
        } else if (msg instanceof Connack c) {
            if (c.reasonCode() == ReasonCode.SUCCESS) {
                connected = true;
                listener.onConnected(this, c);
            } else {
                listener.onRefused(this, "CONNACK " + c.reasonCode());
                ctx.close();
            }
        } else if (msg instanceof Suback) {
            listener.onSubscribed(this);
        } else if (msg instanceof DecodeFailure f) {
            listener.onRefused(this, "malformed packet from the broker: " + f);
            ctx.close();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        listener.onReadComplete(this);
        ctx.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            listener.onWritable(this);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        listener.onClosed(this);
        connected = false;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        listener.onRefused(this, cause.toString());
        ctx.close();
    }

    private ByteBuf encode(MqttPacket packet) {
        return MqttEncoder.INSTANCE.encode(channel.alloc(), packet, connect.version(), 0);
    }
}
