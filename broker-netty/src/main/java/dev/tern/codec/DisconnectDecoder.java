package dev.tern.codec;

import dev.tern.packet.Auth;
import dev.tern.packet.Disconnect;
import dev.tern.packet.MqttVersion;
import dev.tern.packet.PacketType;
import dev.tern.packet.ReasonCode;

/**
 * DISCONNECT and AUTH (MQTT 5.0 sections 3.14, 3.15): both may omit the reason code (meaning Success /
 * Normal disconnection) and the properties. A 3.1.1 DISCONNECT has no variable header.
 */
final class DisconnectDecoder {
    private DisconnectDecoder() {
    }

    static Disconnect decodeDisconnect(PacketReader r, MqttVersion version, boolean serverToClient) {
        if (!version.isV5()) {
            r.expectEnd("DISCONNECT");
            return Disconnect.NORMAL;
        }
        ReasonCode code = r.hasRemaining() ? ReasonCodes.read(r, PacketType.DISCONNECT) : ReasonCode.SUCCESS;
        DecodedProperties p = r.hasRemaining()
                ? PropertiesDecoder.decode(r, PropertyScope.DISCONNECT, serverToClient) : DecodedProperties.EMPTY;
        r.expectEnd("DISCONNECT");
        if (serverToClient && p.has(PropertyId.SESSION_EXPIRY_INTERVAL)) {
            throw DecodeException.protocolError("Session Expiry Interval in a DISCONNECT from the server [MQTT-3.14.2-2]");
        }
        return new Disconnect(code, p.fourByte(PropertyId.SESSION_EXPIRY_INTERVAL), p.string(PropertyId.REASON_STRING),
                p.userProperties(), p.string(PropertyId.SERVER_REFERENCE));
    }

    static Auth decodeAuth(PacketReader r, boolean serverToClient) {
        ReasonCode code = r.hasRemaining() ? ReasonCodes.read(r, PacketType.AUTH) : ReasonCode.SUCCESS;
        DecodedProperties p = r.hasRemaining()
                ? PropertiesDecoder.decode(r, PropertyScope.AUTH, serverToClient) : DecodedProperties.EMPTY;
        r.expectEnd("AUTH");
        return new Auth(code, p.string(PropertyId.AUTHENTICATION_METHOD), p.binary(PropertyId.AUTHENTICATION_DATA),
                p.string(PropertyId.REASON_STRING), p.userProperties());
    }
}
