package dev.tern.codec;

import static dev.tern.codec.PropertiesWriter.binaryProp;
import static dev.tern.codec.PropertiesWriter.byteProp;
import static dev.tern.codec.PropertiesWriter.fourByteProp;
import static dev.tern.codec.PropertiesWriter.stringProp;
import static dev.tern.codec.PropertiesWriter.twoByteProp;
import static dev.tern.codec.PropertiesWriter.userProps;

import dev.tern.packet.Connect;
import dev.tern.packet.MqttVersion;
import dev.tern.packet.Will;

/** CONNECT (MQTT 5.0 section 3.1), for Tern's own client. Properties equal to their default are left out. */
final class ConnectEncoder {
    private ConnectEncoder() {
    }

    static void write(EncodeSink s, Connect c, MqttVersion v) {
        s.utf8(v.protocolName());
        s.byte1(v.level());
        Will will = c.will();
        int flags = (c.username() != null ? 0x80 : 0) | (c.password() != null ? 0x40 : 0)
                | (c.cleanStart() ? 0x02 : 0);
        if (will != null) {
            flags |= 0x04 | will.qos().value() << 3 | (will.retain() ? 0x20 : 0);
        }
        s.byte1(flags);
        s.byte2(c.keepAlive());
        if (v.isV5()) {
            PropertiesWriter.block(s, ConnectEncoder::properties, c, true);
        }
        s.utf8(c.clientId());
        if (will != null) {
            if (v.isV5()) {
                PropertiesWriter.block(s, ConnectEncoder::willProperties, will, true);
            }
            s.utf8(will.topic());
            s.binary(will.payload());
        }
        if (c.username() != null) {
            s.utf8(c.username());
        }
        if (c.password() != null) {
            s.binary(c.password());
        }
    }

    private static void properties(EncodeSink s, Connect c, boolean optional) {
        fourByteProp(s, PropertyId.SESSION_EXPIRY_INTERVAL, c.sessionExpiryInterval() != 0 ? c.sessionExpiryInterval() : null);
        twoByteProp(s, PropertyId.RECEIVE_MAXIMUM, c.receiveMaximum() != 65_535 ? c.receiveMaximum() : null);
        fourByteProp(s, PropertyId.MAXIMUM_PACKET_SIZE, c.maximumPacketSize() != 0 ? c.maximumPacketSize() : null);
        twoByteProp(s, PropertyId.TOPIC_ALIAS_MAXIMUM, c.topicAliasMaximum() != 0 ? c.topicAliasMaximum() : null);
        byteProp(s, PropertyId.REQUEST_RESPONSE_INFORMATION, c.requestResponseInformation() ? 1 : null);
        byteProp(s, PropertyId.REQUEST_PROBLEM_INFORMATION, c.requestProblemInformation() ? null : 0);
        // User properties of CONNECT are not droppable: only acks may lose them to the size limit.
        userProps(s, c.userProperties());
        stringProp(s, PropertyId.AUTHENTICATION_METHOD, c.authenticationMethod());
        binaryProp(s, PropertyId.AUTHENTICATION_DATA, c.authenticationData());
    }

    private static void willProperties(EncodeSink s, Will w, boolean optional) {
        fourByteProp(s, PropertyId.WILL_DELAY_INTERVAL, w.delayInterval() != 0 ? w.delayInterval() : null);
        PublishEncoder.messageProperties(s, w.properties());
    }

}
