package dev.tern.cli.bench;

import dev.tern.codec.MqttDecoder;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * The bench's one event loop (epoll when available) and how its clients connect. Every client of a
 * run lives on this loop, so scenarios need no locks; the main thread only asks the loop for results.
 */
final class BenchLoop implements AutoCloseable {
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final SslContext ssl;
    private final BenchSettings settings;
    private final InetSocketAddress remote;

    BenchLoop(BenchSettings settings) throws SSLException {
        this.settings = settings;
        boolean epoll = Epoll.isAvailable();
        var threads = new DefaultThreadFactory("tern-bench");
        group = epoll ? new EpollEventLoopGroup(1, threads) : new NioEventLoopGroup(1, threads);
        ssl = settings.tls() ? clientSsl(settings) : null;
        // Resolved once: Bootstrap.connect(host, port) would run the resolver for every connection.
        remote = new InetSocketAddress(settings.host(), settings.port());
        if (remote.isUnresolved()) {
            throw new IllegalStateException("unknown host: " + settings.host());
        }
        bootstrap = new Bootstrap().group(group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000);
        if (epoll) {
            // With a source address: the port is chosen at connect(), per four-tuple, not at bind().
            bootstrap.option(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true);
        }
    }

    private static SslContext clientSsl(BenchSettings s) throws SSLException {
        SslContextBuilder b = SslContextBuilder.forClient().protocols("TLSv1.3", "TLSv1.2");
        if (s.cafile() != null) {
            b.trustManager(s.cafile().toFile());
        }
        return b.build();
    }

    EventLoop loop() {
        return group.next();
    }

    /** Opens the client's socket; the client sends CONNECT once it is up. */
    ChannelFuture connect(BenchClient client) {
        Bootstrap b = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                if (ssl != null) {
                    ch.pipeline().addLast(ssl.newHandler(ch.alloc(), settings.host(), settings.port()));
                }
                MqttDecoder decoder = new MqttDecoder(0, false);
                decoder.setVersion(client.version());
                ch.pipeline().addLast(decoder, client);
            }
        });
        List<InetAddress> sources = settings.sourceAddresses();
        return sources.isEmpty() ? b.connect(remote)
                : b.connect(remote, new InetSocketAddress(sources.get(Math.floorMod(client.index, sources.size())), 0));
    }

    /** Runs {@code task} on the loop and waits for its answer. */
    <T> T call(Callable<T> task) throws InterruptedException {
        try {
            return loop().submit(task).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    void run(Runnable task) throws InterruptedException {
        call(() -> {
            task.run();
            return null;
        });
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
