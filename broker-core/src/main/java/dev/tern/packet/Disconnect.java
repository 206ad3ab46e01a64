package dev.tern.packet;

import java.util.List;
import java.util.Objects;

/**
 * DISCONNECT (MQTT 5.0 section 3.14).
 *
 * @param sessionExpiryInterval null if absent
 */
public record Disconnect(ReasonCode reasonCode, Long sessionExpiryInterval, String reasonString,
                         List<UserProperty> userProperties, String serverReference) implements MqttPacket {
    public static final Disconnect NORMAL = new Disconnect(ReasonCode.SUCCESS, null, null, List.of(), null);

    public Disconnect {
        Objects.requireNonNull(reasonCode, "reasonCode");
        userProperties = userProperties == null ? List.of() : List.copyOf(userProperties);
    }

    public static Disconnect of(ReasonCode code) {
        return new Disconnect(code, null, null, List.of(), null);
    }

    public static Disconnect of(ReasonCode code, String reasonString) {
        return new Disconnect(code, null, reasonString, List.of(), null);
    }

    @Override
    public PacketType type() {
        return PacketType.DISCONNECT;
    }
}
