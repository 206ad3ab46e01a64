package dev.tern.packet;

import java.util.List;

/** UNSUBACK (MQTT 5.0 section 3.11). The reason codes are not sent to 3.1.1 clients. */
public record Unsuback(int packetId, List<ReasonCode> reasonCodes, String reasonString,
                       List<UserProperty> userProperties) implements MqttPacket {
    public Unsuback {
        reasonCodes = List.copyOf(reasonCodes);
        userProperties = userProperties == null ? List.of() : List.copyOf(userProperties);
    }

    @Override
    public PacketType type() {
        return PacketType.UNSUBACK;
    }
}
