package dev.tern.packet;

/**
 * An MQTT control packet as an immutable value. The codec (broker-netty) turns bytes into these and
 * back; the engine sees nothing else. Absent MQTT 5 properties are null (or empty lists), so an
 * encoder writes exactly what is present. Byte arrays are never modified after construction: they
 * are shared across subscribers.
 */
public sealed interface MqttPacket
        permits Connect, Connack, Publish, Puback, Pubrec, Pubrel, Pubcomp, Subscribe, Suback,
        Unsubscribe, Unsuback, Pingreq, Pingresp, Disconnect, Auth {

    PacketType type();
}
