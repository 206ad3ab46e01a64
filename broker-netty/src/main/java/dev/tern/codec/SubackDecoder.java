package dev.tern.codec;

import dev.tern.packet.MqttPacket;
import dev.tern.packet.MqttVersion;
import dev.tern.packet.PacketType;
import dev.tern.packet.ReasonCode;
import dev.tern.packet.Suback;
import dev.tern.packet.Unsuback;
import java.util.ArrayList;
import java.util.List;

/** SUBACK and UNSUBACK (MQTT 5.0 sections 3.9, 3.11). Server to client, for Tern's own client. */
final class SubackDecoder {
    private SubackDecoder() {
    }

    static MqttPacket decode(PacketReader r, PacketType type, MqttVersion version) {
        int packetId = r.readPacketId();
        boolean suback = type == PacketType.SUBACK;
        DecodedProperties props = version.isV5()
                ? PropertiesDecoder.decode(r, suback ? PropertyScope.SUBACK : PropertyScope.UNSUBACK, true)
                : DecodedProperties.EMPTY;
        List<ReasonCode> codes = new ArrayList<>();
        if (version.isV5()) {
            while (r.hasRemaining()) {
                codes.add(ReasonCodes.read(r, type));
            }
        } else if (suback) {
            while (r.hasRemaining()) {
                codes.add(returnCode(r.readUnsignedByte("return code")));
            }
        }
        // 3.1.1 UNSUBACK is just the packet id (section 3.11).
        r.expectEnd(type.toString());
        return suback
                ? new Suback(packetId, codes, props.string(PropertyId.REASON_STRING), props.userProperties())
                : new Unsuback(packetId, codes, props.string(PropertyId.REASON_STRING), props.userProperties());
    }

    /** 3.1.1 SUBACK return codes (section 3.9.3): 0, 1, 2 or 0x80. */
    private static ReasonCode returnCode(int value) {
        return switch (value) {
            case 0x00 -> ReasonCode.SUCCESS;
            case 0x01 -> ReasonCode.GRANTED_QOS_1;
            case 0x02 -> ReasonCode.GRANTED_QOS_2;
            case 0x80 -> ReasonCode.UNSPECIFIED_ERROR;
            default -> throw DecodeException.malformed(String.format("SUBACK return code 0x%02X [MQTT-3.9.3-2]", value));
        };
    }
}
