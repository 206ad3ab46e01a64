package dev.tern.packet;

import java.util.List;
import java.util.Objects;

/** PUBREL (MQTT 5.0 section 3.6). Reason string null if absent. */
public record Pubrel(int packetId, ReasonCode reasonCode, String reasonString, List<UserProperty> userProperties)
        implements MqttPacket {
    public Pubrel {
        Objects.requireNonNull(reasonCode, "reasonCode");
        userProperties = userProperties == null ? List.of() : List.copyOf(userProperties);
    }

    public static Pubrel of(int packetId) {
        return new Pubrel(packetId, ReasonCode.SUCCESS, null, List.of());
    }

    public static Pubrel of(int packetId, ReasonCode code) {
        return new Pubrel(packetId, code, null, List.of());
    }

    @Override
    public PacketType type() {
        return PacketType.PUBREL;
    }
}
