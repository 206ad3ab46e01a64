package dev.tern.packet;

import java.util.List;
import java.util.Objects;

/** PUBREC (MQTT 5.0 section 3.5). Reason string null if absent. */
public record Pubrec(int packetId, ReasonCode reasonCode, String reasonString, List<UserProperty> userProperties)
        implements MqttPacket {
    public Pubrec {
        Objects.requireNonNull(reasonCode, "reasonCode");
        userProperties = userProperties == null ? List.of() : List.copyOf(userProperties);
    }

    public static Pubrec of(int packetId) {
        return new Pubrec(packetId, ReasonCode.SUCCESS, null, List.of());
    }

    public static Pubrec of(int packetId, ReasonCode code) {
        return new Pubrec(packetId, code, null, List.of());
    }

    @Override
    public PacketType type() {
        return PacketType.PUBREC;
    }
}
