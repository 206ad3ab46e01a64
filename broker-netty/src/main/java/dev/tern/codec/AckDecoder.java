package dev.tern.codec;

import dev.tern.packet.MqttPacket;
import dev.tern.packet.MqttVersion;
import dev.tern.packet.PacketType;
import dev.tern.packet.Puback;
import dev.tern.packet.Pubcomp;
import dev.tern.packet.Pubrec;
import dev.tern.packet.Pubrel;
import dev.tern.packet.ReasonCode;
import dev.tern.packet.UserProperty;
import java.util.List;

/**
 * PUBACK, PUBREC, PUBREL, PUBCOMP (MQTT 5.0 sections 3.4-3.7): a packet id, then in MQTT 5 an
 * optional reason code and optional properties. Remaining Length 2 means Success with no properties;
 * 3 means a reason code with no properties (sections 3.4.2.1, 3.4.2.2.1).
 */
final class AckDecoder {
    private AckDecoder() {
    }

    static MqttPacket decode(PacketReader r, PacketType type, MqttVersion version) {
        int packetId = r.readPacketId();
        ReasonCode code = ReasonCode.SUCCESS;
        DecodedProperties props = DecodedProperties.EMPTY;
        if (version.isV5()) {
            if (r.hasRemaining()) {
                code = ReasonCodes.read(r, type);
            }
            if (r.hasRemaining()) {
                props = PropertiesDecoder.decode(r, scope(type), false);
            }
        }
        r.expectEnd(type.toString());
        String reasonString = props.string(PropertyId.REASON_STRING);
        List<UserProperty> user = props.userProperties();
        return switch (type) {
            case PUBACK -> Puback.of(packetId, code, reasonString, user); // the plain success is shared
            case PUBREC -> new Pubrec(packetId, code, reasonString, user);
            case PUBREL -> new Pubrel(packetId, code, reasonString, user);
            case PUBCOMP -> new Pubcomp(packetId, code, reasonString, user);
            default -> throw new IllegalArgumentException(type.toString());
        };
    }

    private static PropertyScope scope(PacketType type) {
        return switch (type) {
            case PUBACK -> PropertyScope.PUBACK;
            case PUBREC -> PropertyScope.PUBREC;
            case PUBREL -> PropertyScope.PUBREL;
            default -> PropertyScope.PUBCOMP;
        };
    }
}
