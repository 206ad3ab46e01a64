package dev.tern.codec;

import static dev.tern.codec.PropertiesWriter.binaryProp;
import static dev.tern.codec.PropertiesWriter.byteProp;
import static dev.tern.codec.PropertiesWriter.flagProp;
import static dev.tern.codec.PropertiesWriter.fourByteProp;
import static dev.tern.codec.PropertiesWriter.stringProp;
import static dev.tern.codec.PropertiesWriter.twoByteProp;

import dev.tern.packet.Connack;
import dev.tern.packet.MqttVersion;
import dev.tern.packet.ReasonCode;

/** CONNACK (MQTT 5.0 section 3.2; 3.1.1 section 3.2 with return codes). */
final class ConnackEncoder {
    private ConnackEncoder() {
    }

    static void write(EncodeSink s, Connack c, MqttVersion v, boolean optional) {
        // MQTT 3.1 has no Session Present flag: the byte is reserved.
        s.byte1(c.sessionPresent() && v != MqttVersion.V3_1 ? 1 : 0);
        if (!v.isV5()) {
            s.byte1(returnCode(c.reasonCode()));
            return;
        }
        s.byte1(c.reasonCode().value());
        PropertiesWriter.block(s, ConnackEncoder::properties, c, optional);
    }

    /** 3.1.1 return codes (section 3.2.2.3); anything without its own code is "server unavailable". */
    static int returnCode(ReasonCode code) {
        return switch (code) {
            case SUCCESS -> 0;
            case UNSUPPORTED_PROTOCOL_VERSION -> 1;
            case CLIENT_IDENTIFIER_NOT_VALID -> 2;
            case BAD_USER_NAME_OR_PASSWORD -> 4;
            case NOT_AUTHORIZED -> 5;
            default -> 3;
        };
    }

    private static void properties(EncodeSink s, Connack c, boolean optional) {
        fourByteProp(s, PropertyId.SESSION_EXPIRY_INTERVAL, c.sessionExpiryInterval());
        twoByteProp(s, PropertyId.RECEIVE_MAXIMUM, c.receiveMaximum());
        byteProp(s, PropertyId.MAXIMUM_QOS, c.maximumQos());
        flagProp(s, PropertyId.RETAIN_AVAILABLE, c.retainAvailable());
        fourByteProp(s, PropertyId.MAXIMUM_PACKET_SIZE, c.maximumPacketSize());
        stringProp(s, PropertyId.ASSIGNED_CLIENT_IDENTIFIER, c.assignedClientIdentifier());
        twoByteProp(s, PropertyId.TOPIC_ALIAS_MAXIMUM, c.topicAliasMaximum());
        PropertiesWriter.reasonAndUser(s, c.reasonString(), c.userProperties(), optional);
        flagProp(s, PropertyId.WILDCARD_SUBSCRIPTION_AVAILABLE, c.wildcardSubscriptionAvailable());
        flagProp(s, PropertyId.SUBSCRIPTION_IDENTIFIER_AVAILABLE, c.subscriptionIdentifiersAvailable());
        flagProp(s, PropertyId.SHARED_SUBSCRIPTION_AVAILABLE, c.sharedSubscriptionAvailable());
        twoByteProp(s, PropertyId.SERVER_KEEP_ALIVE, c.serverKeepAlive());
        stringProp(s, PropertyId.RESPONSE_INFORMATION, c.responseInformation());
        stringProp(s, PropertyId.SERVER_REFERENCE, c.serverReference());
        stringProp(s, PropertyId.AUTHENTICATION_METHOD, c.authenticationMethod());
        binaryProp(s, PropertyId.AUTHENTICATION_DATA, c.authenticationData());
    }
}
