package dev.tern.engine;

import dev.tern.packet.MqttPacket;

/**
 * The engine's port to one network connection, implemented by the transport (broker-netty). Called
 * only on the owning shard's thread, which is also the connection's I/O thread.
 */
public interface ClientChannel {

    /**
     * Encodes and writes the packet (flushes are batched by the transport).
     *
     * @return false if the packet was not written because it exceeds the client's Maximum Packet Size
     */
    boolean send(MqttPacket packet);

    /** Whether the socket can take more without buffering beyond its high-water mark. */
    boolean isWritable();

    /** Flushes what was written, then closes the socket. Idempotent. */
    void close();

    /** For logs: "ip:port". */
    String remoteAddress();
}
