package dev.tern.transport;

import dev.tern.auth.Auth;
import dev.tern.config.ListenerSettings;
import dev.tern.config.PersistenceSettings;
import dev.tern.store.MemoryStore;
import dev.tern.store.RocksStore;
import dev.tern.store.SessionStore;
import dev.tern.store.StoreException;
import dev.tern.config.TernConfig;
import dev.tern.engine.Engine;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A running broker: the engine, its shard event loops and its listeners. The one place where Tern
 * is wired together, by hand (CONVENTIONS.md: wiring by hand).
 */
public final class TernServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TernServer.class);
    /**
     * Read-buffer sizing, Netty's adaptive policy, one instance for all connections: it holds only its
     * limits (each channel keeps its own sizing state in a handle), where Netty's default is an instance
     * per channel, 40 bytes of every idle connection's heap. Up to 16 reads per socket per loop turn, as
     * Netty's per-channel default gets from the socket channels' metadata (a bare instance allows 1).
     */
    private static final RecvByteBufAllocator READ_SIZES = new AdaptiveRecvByteBufAllocator().maxMessagesPerRead(16);

    private final Engine engine;
    private final EventLoopGroup acceptGroup;
    private final EventLoopGroup shardGroup;
    private final List<Channel> listeners = new ArrayList<>();
    private InetSocketAddress tcpAddress;
    private InetSocketAddress sslAddress;
    private InetSocketAddress wsAddress;
    private volatile boolean closed;

    private TernServer(TernConfig config) {
        // Password and ACL files first: a bad line stops start-up before any thread exists.
        Auth auth = Auth.fromSettings(config.auth());
        // Then the store: one that cannot be opened stops start-up with its reason.
        this.store = openStore(config.persistence());
        boolean epoll = Epoll.isAvailable();
        int threads = Math.max(1, config.engine().threads());
        this.acceptGroup = epoll ? new EpollEventLoopGroup(1, new DefaultThreadFactory("tern-accept"))
                : new NioEventLoopGroup(1, new DefaultThreadFactory("tern-accept"));
        this.shardGroup = epoll ? new EpollEventLoopGroup(threads, new DefaultThreadFactory("tern-shard"))
                : new NioEventLoopGroup(threads, new DefaultThreadFactory("tern-shard"));
        List<EventLoop> loops = new ArrayList<>(threads);
        List<NettyShardExecutor> executors = new ArrayList<>(threads);
        for (EventExecutor e : shardGroup) {
            loops.add((EventLoop) e);
            executors.add(new NettyShardExecutor((EventLoop) e));
        }
        this.engine = new Engine(config, executors, auth, store);
        log.info("engine: {} shard(s), {} transport{}", threads, epoll ? "epoll" : "nio",
                threads > 1 && config.engine().publisherAffinity() ? ", publisher affinity on" : "");
        this.loops = List.copyOf(loops);
        this.serverChannelClass = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    private final List<EventLoop> loops;
    private final Class<? extends ServerChannel> serverChannelClass;
    private final SessionStore store;

    private static SessionStore openStore(PersistenceSettings p) {
        if (p.type() == PersistenceSettings.Type.MEMORY) {
            log.info("persistence: memory (sessions and retained messages do not survive a restart)");
            return new MemoryStore();
        }
        try {
            SessionStore s = RocksStore.open(p.dir(), false);
            log.info("persistence: rocksdb at {}", p.dir().toAbsolutePath());
            return s;
        } catch (StoreException e) {
            throw new IllegalStateException("persistence: " + e.getMessage(), e);
        }
    }

    /** Restores what the store holds, before any listener accepts a connection. */
    private void recover() {
        if (!store.durable()) {
            return;
        }
        long start = System.nanoTime();
        try {
            String summary = engine.recover();
            log.info("persistence: {} in {} ms", summary, (System.nanoTime() - start) / 1_000_000L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while recovering the store", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("persistence: recovery failed: " + e.getCause(), e.getCause());
        }
    }

    /**
     * Builds the engine and binds every enabled listener.
     *
     * @throws IllegalStateException naming the listener and address when a bind fails (nothing stays bound)
     */
    public static TernServer start(TernConfig config) {
        TernServer s = new TernServer(config);
        try {
            s.recover();
            ListenerSettings l = config.listeners();
            if (l.tcp().enabled()) {
                s.tcpAddress = s.bind("listeners.tcp", l.tcp().host(), l.tcp().port(), null, null);
            }
            if (l.ssl().enabled()) {
                s.sslAddress = s.bind("listeners.ssl", l.ssl().host(), l.ssl().port(), TlsContexts.server(l.ssl()), null);
            }
            if (l.ws().enabled()) {
                s.wsAddress = s.bind("listeners.ws", l.ws().host(), l.ws().port(), null, l.ws().path());
            }
            if (s.listeners.isEmpty()) {
                throw new IllegalStateException("no listener is enabled (listeners.tcp.enable, listeners.ssl.enable, listeners.ws.enable)");
            }
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    private InetSocketAddress bind(String key, String host, int port, SslContext tls, String webSocketPath) {
        ServerBootstrap b = new ServerBootstrap()
                .group(acceptGroup, shardGroup)
                .channel(serverChannelClass)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 64 * 1024))
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, READ_SIZES)
                .childHandler(new MqttChannelInitializer(engine, loops, tls, webSocketPath));
        try {
            Channel ch = b.bind(host, port).syncUninterruptibly().channel();
            listeners.add(ch);
            InetSocketAddress a = (InetSocketAddress) ch.localAddress();
            log.info("{} listening on {}:{}{}{}", key, host, a.getPort(), tls != null ? " (TLS)" : "",
                    webSocketPath != null ? " (WebSocket at " + webSocketPath + ")" : "");
            return a;
        } catch (Exception e) {
            throw new IllegalStateException(key + ".bind = \"" + host + ":" + port + "\": cannot bind: " + e.getMessage(), e);
        }
    }

    public Engine engine() {
        return engine;
    }

    /** The bound address of the TCP listener (port resolved when configured as 0), or null if disabled. */
    public InetSocketAddress tcpAddress() {
        return tcpAddress;
    }

    /** The bound address of the TLS listener, or null if disabled. */
    public InetSocketAddress sslAddress() {
        return sslAddress;
    }

    /** The bound address of the WebSocket listener, or null if disabled. */
    public InetSocketAddress wsAddress() {
        return wsAddress;
    }

    /** Every bound listener address, for the start-up log line. */
    public List<InetSocketAddress> boundAddresses() {
        List<InetSocketAddress> all = new ArrayList<>();
        if (tcpAddress != null) {
            all.add(tcpAddress);
        }
        if (sslAddress != null) {
            all.add(sslAddress);
        }
        if (wsAddress != null) {
            all.add(wsAddress);
        }
        return all;
    }

    /** Closes the listeners, then every client connection (DISCONNECT 0x8B to MQTT 5 clients), then the loops. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Channel ch : listeners) {
            ch.close().syncUninterruptibly();
        }
        try {
            engine.shutdown().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("engine shutdown did not complete: {}", e.toString());
        }
        shardGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        acceptGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        store.close();
        log.info("stopped");
    }
}
