package dev.tern.codec;

import dev.tern.packet.MqttVersion;
import dev.tern.packet.Publish;
import dev.tern.packet.PublishProperties;
import dev.tern.packet.Qos;
import dev.tern.packet.ReasonCode;

/** PUBLISH (MQTT 5.0 section 3.3). Both directions; the fixed-header flags were checked by the framer. */
final class PublishDecoder {
    private PublishDecoder() {
    }

    static Publish decode(PacketReader r, int flags, MqttVersion version, boolean serverToClient) {
        return decode(r, flags, version, serverToClient, null);
    }

    /** @param previousTopic the connection's last topic name, returned again when the bytes are the same; or null */
    static Publish decode(PacketReader r, int flags, MqttVersion version, boolean serverToClient, String previousTopic) {
        boolean dup = (flags & 0x08) != 0;
        Qos qos = Qos.of((flags >>> 1) & 0x03);
        boolean retain = (flags & 0x01) != 0;
        String topic = r.readTopic(previousTopic);
        checkTopicName(topic, version.isV5());
        int packetId = qos == Qos.AT_MOST_ONCE ? 0 : r.readPacketId();
        PublishProperties properties = PublishProperties.NONE;
        if (version.isV5()) {
            DecodedProperties props = PropertiesDecoder.decode(r, PropertyScope.PUBLISH, serverToClient);
            if (!serverToClient && !props.subscriptionIdentifiers().isEmpty()) {
                throw DecodeException.protocolError("Subscription Identifier in a PUBLISH from a client [MQTT-3.3.4-6]");
            }
            int topicAlias = props.integer(PropertyId.TOPIC_ALIAS, 0);
            if (topic.isEmpty() && topicAlias == 0) {
                throw DecodeException.protocolError("empty topic name without a topic alias [MQTT 5.0 3.3.2.1]");
            }
            // No property at all (the common case): the shared NONE, equal to what would be built.
            properties = props == DecodedProperties.EMPTY ? PublishProperties.NONE : new PublishProperties(
                    props.integer(PropertyId.PAYLOAD_FORMAT_INDICATOR),
                    props.fourByte(PropertyId.MESSAGE_EXPIRY_INTERVAL, -1),
                    topicAlias,
                    checkResponseTopic(props.string(PropertyId.RESPONSE_TOPIC)),
                    props.binary(PropertyId.CORRELATION_DATA),
                    props.userProperties(),
                    props.subscriptionIdentifiers(),
                    props.string(PropertyId.CONTENT_TYPE));
        }
        // The payload is whatever is left; copied once, then shared read-only by the engine.
        return new Publish(topic, qos, dup, retain, packetId, properties, r.readRest());
    }

    /**
     * A Topic Name has no wildcards [MQTT-3.3.2-2]; it is not empty except in MQTT 5 where a Topic
     * Alias may stand for it (checked once the properties are read).
     */
    static void checkTopicName(String topic, boolean emptyAllowed) {
        if (topic.isEmpty() && !emptyAllowed) {
            throw DecodeException.protocolError("empty topic name [MQTT-4.7.3-1]");
        }
        if (hasWildcard(topic)) {
            throw new DecodeException(ReasonCode.TOPIC_NAME_INVALID, "topic name contains a wildcard [MQTT-3.3.2-2]");
        }
    }

    /** The Response Topic is a topic name, so no wildcards either [MQTT-3.3.2-14]. */
    static String checkResponseTopic(String topic) {
        if (topic != null && hasWildcard(topic)) {
            throw DecodeException.protocolError("Response Topic contains a wildcard [MQTT-3.3.2-14]");
        }
        return topic;
    }

    private static boolean hasWildcard(String topic) {
        return topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0;
    }
}
