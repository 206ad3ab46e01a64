package dev.tern.codec;

import dev.tern.packet.ReasonCode;
import dev.tern.packet.UserProperty;

/**
 * Decodes an MQTT 5 property block (MQTT 5.0 section 2.2.2): the Property Length, then properties.
 * Rejects identifiers not allowed in the block's packet (malformed, section 2.2.2.2), properties that
 * occur more than once (protocol error; only User Property may repeat, and Subscription Identifier in
 * a server-to-client PUBLISH), and values out of range (protocol error, per each property's section).
 */
final class PropertiesDecoder {
    private PropertiesDecoder() {
    }

    /**
     * @param serverToClient whether the packet travels from server to client (decides whether a
     *                       Subscription Identifier may repeat in PUBLISH, section 3.3.4)
     */
    static DecodedProperties decode(PacketReader reader, PropertyScope scope, boolean serverToClient) {
        int length = reader.readVariableByteInteger("property length");
        if (length == 0) {
            return DecodedProperties.EMPTY;
        }
        PacketReader r = reader;
        int outer = r.limit(length, "properties");
        DecodedProperties props = new DecodedProperties();
        while (r.hasRemaining()) {
            int rawId = r.readVariableByteInteger("property identifier");
            PropertyId id = PropertyId.of(rawId);
            if (id == null || !id.allowedIn(scope)) {
                throw DecodeException.malformed(String.format(
                        "property 0x%02X is not allowed in %s [MQTT 5.0 2.2.2.2]", rawId, scope));
            }
            if (props.has(id) && !repeatable(id, scope, serverToClient)) {
                throw DecodeException.protocolError(id + " included more than once in " + scope);
            }
            read(r, id, props);
        }
        r.restoreLimit(outer);
        return props;
    }

    private static boolean repeatable(PropertyId id, PropertyScope scope, boolean serverToClient) {
        return id == PropertyId.USER_PROPERTY
                || id == PropertyId.SUBSCRIPTION_IDENTIFIER && scope == PropertyScope.PUBLISH && serverToClient;
    }

    private static void read(PacketReader r, PropertyId id, DecodedProperties props) {
        String what = id.toString();
        switch (id.type()) {
            case BYTE -> {
                int v = r.readUnsignedByte(what);
                // Every byte property is a 0/1 flag except Maximum QoS, which is 0 or 1 as well
                // (a server never sends Maximum QoS 2, section 3.2.2.3.4).
                if (v > 1) {
                    throw DecodeException.protocolError(what + " must be 0 or 1, was " + v);
                }
                props.put(id, v);
            }
            case TWO_BYTE -> {
                int v = r.readUnsignedShort(what);
                if (v == 0 && id == PropertyId.RECEIVE_MAXIMUM) {
                    throw DecodeException.protocolError("Receive Maximum 0 [MQTT 5.0 3.1.2.11.3]");
                }
                if (v == 0 && id == PropertyId.TOPIC_ALIAS) {
                    throw new DecodeException(ReasonCode.TOPIC_ALIAS_INVALID, "Topic Alias 0 [MQTT-3.3.2-8]");
                }
                props.put(id, v);
            }
            case FOUR_BYTE -> {
                long v = r.readUnsignedInt(what);
                if (v == 0 && id == PropertyId.MAXIMUM_PACKET_SIZE) {
                    throw DecodeException.protocolError("Maximum Packet Size 0 [MQTT 5.0 3.1.2.11.4]");
                }
                props.put(id, v);
            }
            case VARIABLE_BYTE -> {
                int v = r.readVariableByteInteger(what);
                if (v == 0) {
                    throw DecodeException.protocolError("Subscription Identifier 0 [MQTT 5.0 3.8.2.1.2]");
                }
                props.put(id, v);
                props.addSubscriptionIdentifier(v);
            }
            case UTF8 -> props.put(id, r.readUtf8(what));
            case BINARY -> props.put(id, r.readBinary(what));
            case UTF8_PAIR -> props.addUserProperty(new UserProperty(r.readUtf8(what), r.readUtf8(what)));
            default -> throw new IllegalStateException(id.type().toString());
        }
    }
}
