package dev.tern.transport;

import dev.tern.codec.DecodeFailure;
import dev.tern.codec.MqttEncoder;
import dev.tern.config.MqttSettings;
import dev.tern.auth.EnhancedAuthMethod.Step;
import dev.tern.engine.Admission;
import dev.tern.engine.Connection;
import dev.tern.engine.Engine;
import dev.tern.engine.Shard;
import dev.tern.packet.Auth;
import dev.tern.packet.Connack;
import dev.tern.packet.Connect;
import dev.tern.packet.MqttPacket;
import dev.tern.packet.MqttVersion;
import dev.tern.packet.PacketType;
import dev.tern.packet.ReasonCode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Feeds one connection's decoded packets to the engine. Until CONNECT it owns the connection itself
 * (connect timeout, refusals); on CONNECT it moves the channel onto the event loop of the shard that
 * owns the client id, so that from then on every packet runs to completion on the session's own
 * thread (DESIGN.md: single-threaded-per-core engine).
 */
final class MqttConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(MqttConnectionHandler.class);

    private enum State {
        AWAIT_CONNECT,
        /** MQTT 5 enhanced authentication (section 4.12) between CONNECT and CONNACK. */
        AWAIT_AUTH,
        MOVING_TO_SHARD,
        CONNECTED,
        CLOSED
    }

    private final Engine engine;
    private final List<EventLoop> shardLoops;
    private final long connectTimeoutNanos;
    private State state = State.AWAIT_CONNECT;
    private ScheduledFuture<?> connectTimeout;
    private ArrayDeque<Object> heldWhileMoving;
    private Connection connection;
    private Connect pendingConnect;
    private Admission pendingAdmission;
    private String lastError;

    MqttConnectionHandler(Engine engine, List<EventLoop> shardLoops) {
        this.engine = engine;
        this.shardLoops = shardLoops;
        this.connectTimeoutNanos = engine.config().mqtt().connectTimeout().toNanos();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        armConnectTimeout(ctx, State.AWAIT_CONNECT, "no CONNECT");
        ctx.fireChannelActive();
    }

    /** Closes the connection if it is still in {@code phase} after mqtt.connect_timeout. */
    private void armConnectTimeout(ChannelHandlerContext ctx, State phase, String what) {
        connectTimeout = ctx.executor().schedule(() -> {
            if (state == phase) {
                log.info("connection from {} closed: {} within mqtt.connect_timeout ({} ms)",
                        remote(ctx), what, TimeUnit.NANOSECONDS.toMillis(connectTimeoutNanos));
                state = State.CLOSED;
                ctx.close();
            }
        }, connectTimeoutNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        switch (state) {
            case AWAIT_CONNECT -> onFirstPacket(ctx, msg);
            case AWAIT_AUTH -> onAuthPacket(ctx, msg);
            case MOVING_TO_SHARD -> heldWhileMoving.add(msg);
            case CONNECTED -> dispatch(msg);
            case CLOSED -> ReferenceCountUtil.release(msg);
        }
    }

    private void dispatch(Object msg) {
        if (msg instanceof MqttPacket p) {
            connection.onPacket(p);
        } else if (msg instanceof DecodeFailure f) {
            connection.onProtocolError(f.reason(), f.message());
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onFirstPacket(ChannelHandlerContext ctx, Object msg) {
        cancelConnectTimeout();
        if (msg instanceof Connect c) {
            onConnect(ctx, c);
        } else if (msg instanceof DecodeFailure f) {
            refuseMalformedConnect(ctx, f);
        } else {
            ReferenceCountUtil.release(msg);
            closeWithoutSession(ctx, "first packet was not CONNECT");
        }
    }

    private void onConnect(ChannelHandlerContext ctx, Connect c) {
        Admission a = engine.admit(c);
        if (!a.accepted()) {
            refuse(ctx, c, a.refusal(), a.detail());
        } else if (a.awaitingAuth()) {
            state = State.AWAIT_AUTH;
            pendingConnect = c;
            pendingAdmission = a;
            armConnectTimeout(ctx, State.AWAIT_AUTH, "authentication not completed");
            onAuthStep(ctx, a.exchange().step(c.authenticationData()));
        } else {
            admitted(ctx, c, a);
        }
    }

    /**
     * Enhanced authentication (MQTT 5.0 section 4.12): the client may only answer with AUTH 0x18 and
     * the same method [MQTT-4.12.0-3], [MQTT-4.12.0-5]; anything else ends the attempt.
     */
    private void onAuthPacket(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Auth auth && auth.reasonCode() == ReasonCode.CONTINUE_AUTHENTICATION
                && pendingAdmission.authMethod().equals(auth.authenticationMethod())) {
            onAuthStep(ctx, pendingAdmission.exchange().step(auth.authenticationData()));
            return;
        }
        ReferenceCountUtil.release(msg);
        String what = msg instanceof MqttPacket p ? p.type() + (msg instanceof Auth a ? " " + a.reasonCode()
                + " method '" + a.authenticationMethod() + "'" : "") : "malformed packet";
        refuse(ctx, pendingConnect, ReasonCode.PROTOCOL_ERROR,
                "expected AUTH 0x18 (Continue authentication) during authentication, got " + what);
    }

    private void onAuthStep(ChannelHandlerContext ctx, Step step) {
        Connect c = pendingConnect;
        if (step instanceof Step.Continue more) {
            ctx.writeAndFlush(MqttEncoder.INSTANCE.encode(ctx.alloc(), new Auth(ReasonCode.CONTINUE_AUTHENTICATION,
                    pendingAdmission.authMethod(), more.serverData(), null, List.of()), c.version(), 0)); // [MQTT-4.12.0-2]
        } else if (step instanceof Step.Failure f) {
            refuse(ctx, c, f.reason(), f.detail()); // [MQTT-4.12.0-4]
        } else if (step instanceof Step.Success ok) {
            cancelConnectTimeout();
            Admission a = engine.authenticated(c, pendingAdmission, ok);
            pendingConnect = null;
            pendingAdmission = null;
            if (!a.accepted()) {
                refuse(ctx, c, a.refusal(), a.detail());
            } else {
                admitted(ctx, c, a);
            }
        }
    }

    private void refuse(ChannelHandlerContext ctx, Connect c, ReasonCode code, String detail) {
        engine.metrics().connectsRejected.increment();
        log.info("client={} from {} refused: {} ({} 0x{})", c.clientId().isEmpty() ? "<empty>" : c.clientId(),
                remote(ctx), detail, code, Integer.toHexString(code.value()));
        sendConnackAndClose(ctx, c.version(), code);
    }

    /** Admission complete: move to the shard that owns the client id and attach the session. */
    private void admitted(ChannelHandlerContext ctx, Connect c, Admission a) {
        Shard shard = engine.shardFor(a.clientId());
        if (ctx.channel().eventLoop() == shardLoops.get(shard.index()) && !engine.arriving(a.clientId())) {
            attach(ctx, c, a, shard); // the owner checks and attaches on its own thread: nothing can move meanwhile
            return;
        }
        // Move the channel to the shard's loop. Packets the decoder still produces from bytes
        // already read are held and replayed, in order, once the session is attached.
        state = State.MOVING_TO_SHARD;
        heldWhileMoving = new ArrayDeque<>();
        ctx.channel().config().setAutoRead(false);
        moveTo(ctx, c, a, shard);
    }

    private void moveTo(ChannelHandlerContext ctx, Connect c, Admission a, Shard shard) {
        EventLoop target = shardLoops.get(shard.index());
        Channel ch = ctx.channel();
        if (ch.eventLoop() == target) {
            arrive(ctx, c, a, shard);
            return;
        }
        ch.deregister().addListener((ChannelFutureListener) dereg -> {
            if (!dereg.isSuccess()) {
                fail(ch, "could not leave its accept loop", dereg.cause());
                return;
            }
            target.register(ch).addListener((ChannelFutureListener) reg -> {
                if (!reg.isSuccess()) {
                    fail(ch, "could not join its shard loop", reg.cause());
                    return;
                }
                arrive(ctx, c, a, shard);
            });
        });
    }

    /**
     * On the shard's loop. The session of this client id may have moved to another shard meanwhile
     * (publisher affinity): then the connection follows it; if it is on its way here, the connection
     * waits behind its adoption.
     */
    private void arrive(ChannelHandlerContext ctx, Connect c, Admission a, Shard shard) {
        Channel ch = ctx.channel();
        if (!ch.isActive()) {
            state = State.CLOSED;
            drop(heldWhileMoving);
            return;
        }
        Shard owner = engine.shardFor(a.clientId());
        if (owner != shard) {
            moveTo(ctx, c, a, owner);
            return;
        }
        if (engine.arriving(a.clientId())) {
            ch.eventLoop().execute(() -> arrive(ctx, c, a, shard));
            return;
        }
        attach(ctx, c, a, shard);
        ArrayDeque<Object> held = heldWhileMoving;
        heldWhileMoving = null;
        Object m;
        while ((m = held.poll()) != null) {
            if (state == State.CONNECTED) {
                dispatch(m);
            } else {
                ReferenceCountUtil.release(m);
            }
        }
        ch.config().setAutoRead(true);
    }

    private void attach(ChannelHandlerContext ctx, Connect c, Admission a, Shard shard) {
        state = State.CONNECTED;
        MqttSettings m = engine.config().mqtt();
        int topicAliases = m.outboundTopicAlias() ? Math.min(c.topicAliasMaximum(), m.maxTopicAlias()) : 0;
        NettyClientChannel client = new NettyClientChannel(ctx.channel(), c.version(), c.maximumPacketSize(),
                topicAliases);
        connection = shard.connect(client, c, a);
    }

    private void fail(Channel ch, String what, Throwable cause) {
        log.warn("connection from {} closed: {}: {}", NettyClientChannel.format(ch.remoteAddress()), what,
                cause == null ? "unknown" : cause.toString());
        state = State.CLOSED;
        ch.close();
    }

    private static void drop(ArrayDeque<Object> held) {
        if (held != null) {
            held.forEach(ReferenceCountUtil::release);
            held.clear();
        }
    }

    /**
     * A CONNECT the decoder refused: answer with a CONNACK where the protocol allows one
     * ([MQTT-3.1.2-2] unsupported version; MQTT 5 malformed/protocol error [MQTT-4.13.1-1]), then close.
     */
    private void refuseMalformedConnect(ChannelHandlerContext ctx, DecodeFailure f) {
        engine.metrics().connectsRejected.increment();
        log.info("connection from {} refused: {} {}: {}", remote(ctx), f.reason(),
                String.format("0x%02X", f.reason().value()), f.message());
        if (f.reason() == ReasonCode.UNSUPPORTED_PROTOCOL_VERSION) {
            // 3.1.1 clients understand return code 0x01; MQTT 5 ones get 0x84.
            sendConnackAndClose(ctx, f.protocolLevel() == 5 ? MqttVersion.V5 : MqttVersion.V3_1_1, f.reason());
        } else if (f.protocolLevel() == 5 && (f.packetType() == null || f.packetType() == PacketType.CONNECT)
                && f.reason().validFor(PacketType.CONNACK)) {
            sendConnackAndClose(ctx, MqttVersion.V5, f.reason());
        } else {
            closeWithoutSession(ctx, null);
        }
    }

    private void sendConnackAndClose(ChannelHandlerContext ctx, MqttVersion version, ReasonCode code) {
        state = State.CLOSED;
        ByteBuf buf = MqttEncoder.INSTANCE.encode(ctx.alloc(), Connack.of(false, code), version, 0);
        ctx.writeAndFlush(buf).addListener(ChannelFutureListener.CLOSE);
    }

    private void closeWithoutSession(ChannelHandlerContext ctx, String why) {
        if (why != null) {
            log.info("connection from {} closed: {}", remote(ctx), why);
        }
        state = State.CLOSED;
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelConnectTimeout();
        if (state == State.CONNECTED && connection != null) {
            connection.onChannelClosed(lastError);
        }
        if (state != State.MOVING_TO_SHARD) {
            state = State.CLOSED;
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (state == State.CONNECTED && ctx.channel().isWritable()) {
            connection.onWritable();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent e && !e.isSuccess()) {
            log.info("connection from {} closed: TLS handshake failed: {}", remote(ctx),
                    e.cause() == null ? "unknown" : e.cause().getMessage());
            state = State.CLOSED;
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        lastError = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
        log.debug("connection from {}: {}", remote(ctx), lastError, cause);
        ctx.close();
    }

    private void cancelConnectTimeout() {
        if (connectTimeout != null) {
            connectTimeout.cancel(false);
            connectTimeout = null;
        }
    }

    private static String remote(ChannelHandlerContext ctx) {
        return NettyClientChannel.format(ctx.channel().remoteAddress());
    }
}
