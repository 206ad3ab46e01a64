package dev.tern.codec;

import static dev.tern.codec.PropertiesWriter.binaryProp;
import static dev.tern.codec.PropertiesWriter.byteProp;
import static dev.tern.codec.PropertiesWriter.fourByteProp;
import static dev.tern.codec.PropertiesWriter.stringProp;
import static dev.tern.codec.PropertiesWriter.userProps;

import dev.tern.packet.MqttVersion;
import dev.tern.packet.Publish;
import dev.tern.packet.PublishProperties;
import dev.tern.packet.Qos;
import java.util.List;

/** PUBLISH (MQTT 5.0 section 3.3), both directions. */
final class PublishEncoder {
    private PublishEncoder() {
    }

    static int firstByte(Publish p) {
        return 0x30 | (p.dup() ? 0x08 : 0) | p.qos().value() << 1 | (p.retain() ? 0x01 : 0);
    }

    static void write(EncodeSink s, Publish p, MqttVersion v) {
        s.utf8(p.topic());
        if (p.qos() != Qos.AT_MOST_ONCE) {
            s.byte2(p.packetId());
        }
        if (v.isV5()) {
            PropertiesWriter.block(s, PublishEncoder::properties, p.properties(), true);
        }
        s.raw(p.payload());
    }

    /**
     * User Properties of a PUBLISH belong to the application message and are forwarded unaltered
     * [MQTT-3.3.2-17], so unlike the acks nothing here is dropped to fit a size limit.
     */
    private static void properties(EncodeSink s, PublishProperties p, boolean optional) {
        messageProperties(s, p);
        if (p.topicAlias() != 0) {
            s.byte1(PropertyId.TOPIC_ALIAS.id());
            s.byte2(p.topicAlias());
        }
        List<Integer> ids = p.subscriptionIdentifiers();
        for (int i = 0, n = ids.size(); i < n; i++) { // indexed: no Iterator per message
            PropertiesWriter.varIntProp(s, PropertyId.SUBSCRIPTION_IDENTIFIER, ids.get(i));
        }
    }

    /** The properties a PUBLISH shares with a will (MQTT 5.0 section 3.1.3.2). */
    static void messageProperties(EncodeSink s, PublishProperties p) {
        byteProp(s, PropertyId.PAYLOAD_FORMAT_INDICATOR, p.payloadFormatIndicator());
        fourByteProp(s, PropertyId.MESSAGE_EXPIRY_INTERVAL, p.hasMessageExpiry() ? p.messageExpiryInterval() : null);
        stringProp(s, PropertyId.CONTENT_TYPE, p.contentType());
        stringProp(s, PropertyId.RESPONSE_TOPIC, p.responseTopic());
        binaryProp(s, PropertyId.CORRELATION_DATA, p.correlationData());
        userProps(s, p.userProperties());
    }
}
