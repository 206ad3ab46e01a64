package dev.tern.engine;

import dev.tern.packet.MqttPacket;

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
}
