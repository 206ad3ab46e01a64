package dev.tern.packet;

import java.util.List;
import java.util.Objects;

/** AUTH (MQTT 5.0 section 3.15). */
public record Auth(ReasonCode reasonCode, String authenticationMethod, byte[] authenticationData,
                   String reasonString, List<UserProperty> userProperties) implements MqttPacket {
    public Auth {
        Objects.requireNonNull(reasonCode, "reasonCode");
        userProperties = userProperties == null ? List.of() : List.copyOf(userProperties);
    }

    @Override
    public PacketType type() {
        return PacketType.AUTH;
    }
}
