package dev.tern.codec;

import dev.tern.packet.Auth;
import dev.tern.packet.Disconnect;
import dev.tern.packet.MqttVersion;
import dev.tern.packet.ReasonCode;

/**
 * DISCONNECT and AUTH (MQTT 5.0 sections 3.14, 3.15). Both are empty for Success (Normal
 * disconnection) without properties; a 3.1.1 DISCONNECT is always empty.
 */
final class DisconnectEncoder {
    private DisconnectEncoder() {
    }

    static void write(EncodeSink s, Disconnect d, MqttVersion v, boolean optional) {
        if (!v.isV5()) {
            return;
        }
        boolean noProperties = PropertiesWriter.isEmpty(s, DisconnectEncoder::disconnectProperties, d, optional);
        if (noProperties && d.reasonCode() == ReasonCode.SUCCESS) {
            return;
        }
        s.byte1(d.reasonCode().value());
        if (!noProperties) {
            PropertiesWriter.block(s, DisconnectEncoder::disconnectProperties, d, optional);
        }
    }

    static void write(EncodeSink s, Auth a, MqttVersion v, boolean optional) {
        if (!v.isV5()) {
            throw new IllegalArgumentException("AUTH does not exist in MQTT " + v);
        }
        boolean noProperties = PropertiesWriter.isEmpty(s, DisconnectEncoder::authProperties, a, optional);
        if (noProperties && a.reasonCode() == ReasonCode.SUCCESS) {
            return;
        }
        s.byte1(a.reasonCode().value());
        PropertiesWriter.block(s, DisconnectEncoder::authProperties, a, optional);
    }

    private static void disconnectProperties(EncodeSink s, Disconnect d, boolean optional) {
        PropertiesWriter.fourByteProp(s, PropertyId.SESSION_EXPIRY_INTERVAL, d.sessionExpiryInterval());
        PropertiesWriter.reasonAndUser(s, d.reasonString(), d.userProperties(), optional);
        PropertiesWriter.stringProp(s, PropertyId.SERVER_REFERENCE, d.serverReference());
    }

    private static void authProperties(EncodeSink s, Auth a, boolean optional) {
        PropertiesWriter.stringProp(s, PropertyId.AUTHENTICATION_METHOD, a.authenticationMethod());
        PropertiesWriter.binaryProp(s, PropertyId.AUTHENTICATION_DATA, a.authenticationData());
        PropertiesWriter.reasonAndUser(s, a.reasonString(), a.userProperties(), optional);
    }
}
