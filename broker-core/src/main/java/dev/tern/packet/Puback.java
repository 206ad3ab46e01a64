package dev.tern.packet;

import java.util.List;
import java.util.Objects;

/**
 * PUBACK (MQTT 5.0 section 3.4). Reason string null if absent. The plain successful PUBACK of each packet
 * id is made once and shared ({@link #of(int)}): one goes out and one comes in for every QoS 1 message,
 * and a record with final fields is safe to hand between threads even through a racy cache.
 */
public record Puback(int packetId, ReasonCode reasonCode, String reasonString, List<UserProperty> userProperties)
        implements MqttPacket {
    /** At most 65,535 entries of 32 bytes, filled as ids are used; a race only makes one twice. */
    private static final Puback[] SUCCESS = new Puback[PacketIds.MAX + 1];

    public Puback {
        Objects.requireNonNull(reasonCode, "reasonCode");
        userProperties = userProperties == null ? List.of() : List.copyOf(userProperties);
    }

    public static Puback of(int packetId) {
        if (packetId < 1 || packetId > PacketIds.MAX) {
            return new Puback(packetId, ReasonCode.SUCCESS, null, List.of()); // not a packet id: not cached
        }
        Puback p = SUCCESS[packetId];
        if (p == null) {
            p = new Puback(packetId, ReasonCode.SUCCESS, null, List.of());
            SUCCESS[packetId] = p;
        }
        return p;
    }

    public static Puback of(int packetId, ReasonCode code) {
        return new Puback(packetId, code, null, List.of());
    }

    /** Any PUBACK, the shared one of {@link #of(int)} when it is the plain success (what a decoder reads). */
    public static Puback of(int packetId, ReasonCode code, String reasonString, List<UserProperty> userProperties) {
        return code == ReasonCode.SUCCESS && reasonString == null && (userProperties == null || userProperties.isEmpty())
                ? of(packetId)
                : new Puback(packetId, code, reasonString, userProperties);
    }

    @Override
    public PacketType type() {
        return PacketType.PUBACK;
    }
}
