package dev.tern.packet;

import java.util.List;

/** SUBACK (MQTT 5.0 section 3.9): one reason code per requested filter, in order. */
public record Suback(int packetId, List<ReasonCode> reasonCodes, String reasonString,
                     List<UserProperty> userProperties) implements MqttPacket {
    public Suback {
        reasonCodes = List.copyOf(reasonCodes);
        userProperties = userProperties == null ? List.of() : List.copyOf(userProperties);
    }

    @Override
    public PacketType type() {
        return PacketType.SUBACK;
    }
}
