package dev.tern.engine;

import dev.tern.packet.MqttPacket;
import dev.tern.time.ShardExecutor;

import java.util.function.Consumer;

/**
 * The engine's port to one network connection, implemented by the transport (broker-netty). Called
 * only on the owning shard's thread, which is also the connection's I/O thread.
 */
public interface ClientChannel {

    /**
     * Encodes and writes the packet without flushing: the engine flushes once per turn, after the
     * turn's store writes are durable.
     *
     * @return false if the packet was not written because it exceeds the client's Maximum Packet Size
     */
    boolean send(MqttPacket packet);

    /** Whether the socket can take more without buffering beyond its high-water mark. */
    boolean isWritable();

    /** Sends what was written since the last flush. */
    void flush();

    /** Closes the socket at once; what was written and not flushed is dropped. Idempotent. */
    void close();

    /** For logs: "ip:port". */
    String remoteAddress();

    /**
     * Whether the connection's I/O could move to another shard's thread now: the socket is open and
     * everything written has been handed to it. Transports that cannot move a connection say no.
     */
    default boolean canMove() {
        return false;
    }

    /**
     * Stops reading and takes the connection off this shard's thread, then runs {@code done} on this
     * thread: with true once nothing more can happen on it here, with false if it could not leave (it
     * then stays, reading again, unless its socket closed).
     */
    default void leave(Consumer<Boolean> done) {
        done.accept(false);
    }

    /**
     * On the thread of the shard it moves to: takes the connection onto that thread and resumes reading.
     *
     * @return false if the socket is gone
     */
    default boolean join(ShardExecutor executor) {
        return false;
    }
}
