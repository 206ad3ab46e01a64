package dev.tern.packet;

import java.util.List;

/** UNSUBSCRIBE (MQTT 5.0 section 3.10). */
public record Unsubscribe(int packetId, List<String> filters, List<UserProperty> userProperties)
        implements MqttPacket {
    public Unsubscribe {
        filters = List.copyOf(filters);
        userProperties = userProperties == null ? List.of() : List.copyOf(userProperties);
    }

    @Override
    public PacketType type() {
        return PacketType.UNSUBSCRIBE;
    }
}
