package dev.tern.packet;

import java.util.List;
import java.util.Objects;

/** PUBACK (MQTT 5.0 section 3.4). Reason string null if absent. */
public record Puback(int packetId, ReasonCode reasonCode, String reasonString, List<UserProperty> userProperties)
        implements MqttPacket {
    public Puback {
        Objects.requireNonNull(reasonCode, "reasonCode");
        userProperties = userProperties == null ? List.of() : List.copyOf(userProperties);
    }

    public static Puback of(int packetId) {
        return new Puback(packetId, ReasonCode.SUCCESS, null, List.of());
    }

    public static Puback of(int packetId, ReasonCode code) {
        return new Puback(packetId, code, null, List.of());
    }

    @Override
    public PacketType type() {
        return PacketType.PUBACK;
    }
}
