package dev.tern.codec;

import dev.tern.packet.Connect;
import dev.tern.packet.MqttVersion;
import dev.tern.packet.PublishProperties;
import dev.tern.packet.Qos;
import dev.tern.packet.ReasonCode;
import dev.tern.packet.Will;
import io.netty.buffer.ByteBuf;
import java.util.List;

/** CONNECT (MQTT 5.0 section 3.1; 3.1.1 section 3.1; 3.1 "MQIsdp"). Client to server only. */
final class ConnectDecoder {
    private static final int RESERVED = 0x01;
    private static final int CLEAN_START = 0x02;
    private static final int WILL_FLAG = 0x04;
    private static final int WILL_RETAIN = 0x20;
    private static final int PASSWORD = 0x40;
    private static final int USERNAME = 0x80;

    private ConnectDecoder() {
    }

    static Connect decode(PacketReader r) {
        String name = r.readUtf8("protocol name");
        int level = r.readUnsignedByte("protocol level");
        MqttVersion version = MqttVersion.ofLevel(level);
        if (version == null) {
            // [MQTT-3.1.2-2]: answer CONNACK 0x84 (3.1.1: return code 1) and close.
            throw new DecodeException(ReasonCode.UNSUPPORTED_PROTOCOL_VERSION, "unsupported protocol level " + level);
        }
        if (!version.protocolName().equals(name)) {
            // [MQTT-3.1.2-1]: a wrong name is not the protocol we speak.
            throw new DecodeException(ReasonCode.UNSUPPORTED_PROTOCOL_VERSION,
                    "protocol name '" + name + "' does not match level " + level);
        }
        int flags = r.readUnsignedByte("connect flags");
        if ((flags & RESERVED) != 0) {
            throw DecodeException.malformed("reserved connect flag is set [MQTT-3.1.2-3]");
        }
        boolean willFlag = (flags & WILL_FLAG) != 0;
        int willQos = (flags >>> 3) & 0x03;
        boolean willRetain = (flags & WILL_RETAIN) != 0;
        if (willQos == 3) {
            // 5.0 [MQTT-3.1.2-12], 3.1.1 [MQTT-3.1.2-14]
            throw DecodeException.malformed("will QoS 3 [MQTT-3.1.2-12]");
        }
        if (!willFlag && (willQos != 0 || willRetain)) {
            // 5.0 [MQTT-3.1.2-11] and [MQTT-3.1.2-13]; 3.1.1 [MQTT-3.1.2-13] and [MQTT-3.1.2-15]
            throw DecodeException.malformed("will QoS or will retain set without will flag [MQTT-3.1.2-11]");
        }
        boolean hasPassword = (flags & PASSWORD) != 0;
        boolean hasUsername = (flags & USERNAME) != 0;
        if (!version.isV5() && hasPassword && !hasUsername) {
            // 3.1.1 only; MQTT 5 allows a password without a user name (section 3.1.2.9).
            throw DecodeException.malformed("password flag without user name flag [MQTT-3.1.2-22]");
        }
        int keepAlive = r.readUnsignedShort("keep alive");
        DecodedProperties props = version.isV5()
                ? PropertiesDecoder.decode(r, PropertyScope.CONNECT, false) : DecodedProperties.EMPTY;
        if (props.has(PropertyId.AUTHENTICATION_DATA) && !props.has(PropertyId.AUTHENTICATION_METHOD)) {
            throw DecodeException.protocolError("Authentication Data without Authentication Method [MQTT 5.0 3.1.2.11.10]");
        }
        String clientId = r.readUtf8("client identifier");
        Will will = willFlag ? readWill(r, version, Qos.of(willQos), willRetain) : null;
        String username = hasUsername ? r.readUtf8("user name") : null;
        byte[] password = hasPassword ? r.readBinary("password") : null;
        r.expectEnd("CONNECT");
        return new Connect(version, clientId, (flags & CLEAN_START) != 0, keepAlive, username, password, will,
                props.fourByte(PropertyId.SESSION_EXPIRY_INTERVAL, 0),
                props.integer(PropertyId.RECEIVE_MAXIMUM, 65_535),
                props.fourByte(PropertyId.MAXIMUM_PACKET_SIZE, 0),
                props.integer(PropertyId.TOPIC_ALIAS_MAXIMUM, 0),
                props.integer(PropertyId.REQUEST_RESPONSE_INFORMATION, 0) == 1,
                props.integer(PropertyId.REQUEST_PROBLEM_INFORMATION, 1) == 1,
                props.userProperties(),
                props.string(PropertyId.AUTHENTICATION_METHOD),
                props.binary(PropertyId.AUTHENTICATION_DATA));
    }

    private static Will readWill(PacketReader r, MqttVersion version, Qos qos, boolean retain) {
        DecodedProperties props = version.isV5()
                ? PropertiesDecoder.decode(r, PropertyScope.WILL, false) : DecodedProperties.EMPTY;
        String topic = r.readUtf8("will topic");
        PublishDecoder.checkTopicName(topic, false);
        byte[] payload = r.readBinary("will payload");
        PublishProperties wp = new PublishProperties(
                props.integer(PropertyId.PAYLOAD_FORMAT_INDICATOR),
                props.fourByte(PropertyId.MESSAGE_EXPIRY_INTERVAL, -1),
                0,
                PublishDecoder.checkResponseTopic(props.string(PropertyId.RESPONSE_TOPIC)),
                props.binary(PropertyId.CORRELATION_DATA),
                props.userProperties(),
                List.of(),
                props.string(PropertyId.CONTENT_TYPE));
        return new Will(topic, payload, qos, retain, props.fourByte(PropertyId.WILL_DELAY_INTERVAL, 0), wp);
    }

    /**
     * The protocol level of a CONNECT body without decoding it, so a failure later in the packet
     * can still say which version the client speaks (to pick the CONNACK format).
     *
     * @return the level byte, or 0 if the body is too short to hold one
     */
    static int peekProtocolLevel(ByteBuf body) {
        int start = body.readerIndex();
        if (body.readableBytes() < 2) {
            return 0;
        }
        int levelIndex = start + 2 + body.getUnsignedShort(start);
        return levelIndex < body.writerIndex() ? body.getUnsignedByte(levelIndex) : 0;
    }
}
