package dev.tern.codec;

/** Where a property block sits: a packet type, or the will properties of CONNECT (MQTT 5.0 section 2.2.2.2). */
enum PropertyScope {
    CONNECT, CONNACK, PUBLISH, WILL, PUBACK, PUBREC, PUBREL, PUBCOMP, SUBSCRIBE, SUBACK, UNSUBSCRIBE, UNSUBACK,
    DISCONNECT, AUTH
}
