package dev.tern.packet;

import java.util.Objects;

/**
 * PUBLISH (MQTT 5.0 section 3.3).
 *
 * @param topic    may be empty in MQTT 5 when a topic alias stands for it
 * @param packetId 0 for QoS 0
 * @param payload  shared, never modified
 */
public record Publish(String topic, Qos qos, boolean dup, boolean retain, int packetId,
                      PublishProperties properties, byte[] payload) implements MqttPacket {
    public Publish {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(qos, "qos");
        Objects.requireNonNull(payload, "payload");
        properties = properties == null ? PublishProperties.NONE : properties;
    }

    public static Publish of(String topic, Qos qos, boolean retain, int packetId, byte[] payload) {
        return new Publish(topic, qos, false, retain, packetId, PublishProperties.NONE, payload);
    }

    @Override
    public PacketType type() {
        return PacketType.PUBLISH;
    }
}
