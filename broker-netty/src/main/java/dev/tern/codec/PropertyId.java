package dev.tern.codec;

import static dev.tern.codec.PropertyScope.AUTH;
import static dev.tern.codec.PropertyScope.CONNACK;
import static dev.tern.codec.PropertyScope.CONNECT;
import static dev.tern.codec.PropertyScope.DISCONNECT;
import static dev.tern.codec.PropertyScope.PUBACK;
import static dev.tern.codec.PropertyScope.PUBCOMP;
import static dev.tern.codec.PropertyScope.PUBLISH;
import static dev.tern.codec.PropertyScope.PUBREC;
import static dev.tern.codec.PropertyScope.PUBREL;
import static dev.tern.codec.PropertyScope.SUBACK;
import static dev.tern.codec.PropertyScope.SUBSCRIBE;
import static dev.tern.codec.PropertyScope.UNSUBACK;
import static dev.tern.codec.PropertyScope.WILL;

import java.util.EnumSet;
import java.util.Set;

/** MQTT 5 property identifiers with their data type and where they may appear (MQTT 5.0 section 2.2.2.2). */
enum PropertyId {
    PAYLOAD_FORMAT_INDICATOR(0x01, Type.BYTE, PUBLISH, WILL),
    MESSAGE_EXPIRY_INTERVAL(0x02, Type.FOUR_BYTE, PUBLISH, WILL),
    CONTENT_TYPE(0x03, Type.UTF8, PUBLISH, WILL),
    RESPONSE_TOPIC(0x08, Type.UTF8, PUBLISH, WILL),
    CORRELATION_DATA(0x09, Type.BINARY, PUBLISH, WILL),
    SUBSCRIPTION_IDENTIFIER(0x0B, Type.VARIABLE_BYTE, PUBLISH, SUBSCRIBE),
    SESSION_EXPIRY_INTERVAL(0x11, Type.FOUR_BYTE, CONNECT, CONNACK, DISCONNECT),
    ASSIGNED_CLIENT_IDENTIFIER(0x12, Type.UTF8, CONNACK),
    SERVER_KEEP_ALIVE(0x13, Type.TWO_BYTE, CONNACK),
    AUTHENTICATION_METHOD(0x15, Type.UTF8, CONNECT, CONNACK, AUTH),
    AUTHENTICATION_DATA(0x16, Type.BINARY, CONNECT, CONNACK, AUTH),
    REQUEST_PROBLEM_INFORMATION(0x17, Type.BYTE, CONNECT),
    WILL_DELAY_INTERVAL(0x18, Type.FOUR_BYTE, WILL),
    REQUEST_RESPONSE_INFORMATION(0x19, Type.BYTE, CONNECT),
    RESPONSE_INFORMATION(0x1A, Type.UTF8, CONNACK),
    SERVER_REFERENCE(0x1C, Type.UTF8, CONNACK, DISCONNECT),
    REASON_STRING(0x1F, Type.UTF8, CONNACK, PUBACK, PUBREC, PUBREL, PUBCOMP, SUBACK, UNSUBACK, DISCONNECT, AUTH),
    RECEIVE_MAXIMUM(0x21, Type.TWO_BYTE, CONNECT, CONNACK),
    TOPIC_ALIAS_MAXIMUM(0x22, Type.TWO_BYTE, CONNECT, CONNACK),
    TOPIC_ALIAS(0x23, Type.TWO_BYTE, PUBLISH),
    MAXIMUM_QOS(0x24, Type.BYTE, CONNACK),
    RETAIN_AVAILABLE(0x25, Type.BYTE, CONNACK),
    USER_PROPERTY(0x26, Type.UTF8_PAIR, PropertyScope.values()),
    MAXIMUM_PACKET_SIZE(0x27, Type.FOUR_BYTE, CONNECT, CONNACK),
    WILDCARD_SUBSCRIPTION_AVAILABLE(0x28, Type.BYTE, CONNACK),
    SUBSCRIPTION_IDENTIFIER_AVAILABLE(0x29, Type.BYTE, CONNACK),
    SHARED_SUBSCRIPTION_AVAILABLE(0x2A, Type.BYTE, CONNACK);

    enum Type { BYTE, TWO_BYTE, FOUR_BYTE, VARIABLE_BYTE, UTF8, BINARY, UTF8_PAIR }

    private static final PropertyId[] BY_ID = new PropertyId[64];

    static {
        for (PropertyId p : values()) {
            BY_ID[p.id] = p;
        }
    }

    private final int id;
    private final Type type;
    private final Set<PropertyScope> scopes;

    PropertyId(int id, Type type, PropertyScope... scopes) {
        this.id = id;
        this.type = type;
        this.scopes = EnumSet.of(scopes[0], scopes);
    }

    int id() {
        return id;
    }

    Type type() {
        return type;
    }

    boolean allowedIn(PropertyScope scope) {
        return scopes.contains(scope);
    }

    /** @return the property for an identifier, or null if MQTT 5.0 defines none */
    static PropertyId of(int id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    }
}
