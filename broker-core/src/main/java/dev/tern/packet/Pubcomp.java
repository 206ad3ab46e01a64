package dev.tern.packet;

import java.util.List;
import java.util.Objects;

/** PUBCOMP (MQTT 5.0 section 3.7). Reason string null if absent. */
public record Pubcomp(int packetId, ReasonCode reasonCode, String reasonString, List<UserProperty> userProperties)
        implements MqttPacket {
    public Pubcomp {
        Objects.requireNonNull(reasonCode, "reasonCode");
        userProperties = userProperties == null ? List.of() : List.copyOf(userProperties);
    }

    public static Pubcomp of(int packetId) {
        return new Pubcomp(packetId, ReasonCode.SUCCESS, null, List.of());
    }

    public static Pubcomp of(int packetId, ReasonCode code) {
        return new Pubcomp(packetId, code, null, List.of());
    }

    @Override
    public PacketType type() {
        return PacketType.PUBCOMP;
    }
}
