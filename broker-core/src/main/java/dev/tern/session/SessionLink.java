package dev.tern.session;

import dev.tern.packet.MqttPacket;
import dev.tern.packet.MqttVersion;

/** The network connection a session is attached to, as the session sees it. */
public interface SessionLink {

    /** Writes the packet; false if it was not sent because it exceeds the client's Maximum Packet Size. */
    boolean send(MqttPacket packet);

    /** Whether the socket can take more without buffering beyond its high-water mark. */
    boolean isWritable();

    MqttVersion version();

    /** How many QoS 1/2 PUBLISH may be unacknowledged at once: min(client Receive Maximum, broker window). */
    int sendWindow();
}
