package dev.tern.codec;

import dev.tern.packet.Connack;
import dev.tern.packet.MqttVersion;
import dev.tern.packet.PacketType;
import dev.tern.packet.ReasonCode;

/** CONNACK (MQTT 5.0 section 3.2; 3.1.1 section 3.2). Server to client, for Tern's own client. */
final class ConnackDecoder {
    private ConnackDecoder() {
    }

    static Connack decode(PacketReader r, MqttVersion version) {
        int flags = r.readUnsignedByte("connect acknowledge flags");
        if ((flags & 0xFE) != 0) {
            throw DecodeException.malformed("reserved connect acknowledge flags set [MQTT-3.2.2-1]");
        }
        boolean sessionPresent = flags == 1;
        ReasonCode code = version.isV5() ? ReasonCodes.read(r, PacketType.CONNACK)
                : returnCode(r.readUnsignedByte("connect return code"));
        if (sessionPresent && code != ReasonCode.SUCCESS) {
            // 5.0 [MQTT-3.2.2-6], 3.1.1 [MQTT-3.2.2-4]
            throw DecodeException.protocolError("session present with a non-zero reason code [MQTT-3.2.2-6]");
        }
        if (!version.isV5()) {
            r.expectEnd("CONNACK");
            return Connack.of(sessionPresent, code);
        }
        DecodedProperties p = PropertiesDecoder.decode(r, PropertyScope.CONNACK, true);
        r.expectEnd("CONNACK");
        return new Connack(sessionPresent, code,
                p.fourByte(PropertyId.SESSION_EXPIRY_INTERVAL),
                p.integer(PropertyId.RECEIVE_MAXIMUM),
                p.integer(PropertyId.MAXIMUM_QOS),
                p.flag(PropertyId.RETAIN_AVAILABLE),
                p.fourByte(PropertyId.MAXIMUM_PACKET_SIZE),
                p.string(PropertyId.ASSIGNED_CLIENT_IDENTIFIER),
                p.integer(PropertyId.TOPIC_ALIAS_MAXIMUM),
                p.string(PropertyId.REASON_STRING),
                p.userProperties(),
                p.flag(PropertyId.WILDCARD_SUBSCRIPTION_AVAILABLE),
                p.flag(PropertyId.SUBSCRIPTION_IDENTIFIER_AVAILABLE),
                p.flag(PropertyId.SHARED_SUBSCRIPTION_AVAILABLE),
                p.integer(PropertyId.SERVER_KEEP_ALIVE),
                p.string(PropertyId.RESPONSE_INFORMATION),
                p.string(PropertyId.SERVER_REFERENCE),
                p.string(PropertyId.AUTHENTICATION_METHOD),
                p.binary(PropertyId.AUTHENTICATION_DATA));
    }

    /** 3.1.1 return codes (section 3.2.2.3) as the reason codes the engine speaks. */
    private static ReasonCode returnCode(int value) {
        return switch (value) {
            case 0 -> ReasonCode.SUCCESS;
            case 1 -> ReasonCode.UNSUPPORTED_PROTOCOL_VERSION;
            case 2 -> ReasonCode.CLIENT_IDENTIFIER_NOT_VALID;
            case 3 -> ReasonCode.SERVER_UNAVAILABLE;
            case 4 -> ReasonCode.BAD_USER_NAME_OR_PASSWORD;
            case 5 -> ReasonCode.NOT_AUTHORIZED;
            default -> throw DecodeException.malformed("connect return code " + value);
        };
    }
}
