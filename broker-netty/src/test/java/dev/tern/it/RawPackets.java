package dev.tern.it;

import dev.tern.it.RawMqtt.Bytes;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Packet builders and parsers for the raw-socket conformance tests: every field is written here by
 * hand (as in {@link RawMqtt}), so a test can build exactly the bytes a conformance suite sends,
 * including the invalid ones, and read back exactly what the broker answered.
 */
final class RawPackets {
    static final int CONNECT = 1;
    static final int CONNACK = 2;
    static final int PUBLISH = 3;
    static final int PUBACK = 4;
    static final int PUBREC = 5;
    static final int PUBREL = 6;
    static final int PUBCOMP = 7;
    static final int SUBSCRIBE = 8;
    static final int SUBACK = 9;
    static final int UNSUBSCRIBE = 10;
    static final int UNSUBACK = 11;
    static final int PINGREQ = 12;
    static final int PINGRESP = 13;
    static final int DISCONNECT = 14;

    private RawPackets() {
    }

    /** CONNECT with every field a test may want to vary. */
    static final class ConnectBuilder {
        int level = 5;
        String clientId = "";
        boolean clean = true;
        int keepAlive = 60;
        Bytes properties = new Bytes();
        String willTopic;
        byte[] willPayload;
        int willQos;
        boolean willRetain;
        Bytes willProperties = new Bytes();
        String username;
        byte[] password;

        ConnectBuilder(int level, String clientId) {
            this.level = level;
            this.clientId = clientId;
        }

        ConnectBuilder clean(boolean v) {
            clean = v;
            return this;
        }

        ConnectBuilder keepAlive(int v) {
            keepAlive = v;
            return this;
        }

        ConnectBuilder properties(Bytes v) {
            properties = v;
            return this;
        }

        ConnectBuilder will(String topic, byte[] payload, int qos, boolean retain) {
            willTopic = topic;
            willPayload = payload;
            willQos = qos;
            willRetain = retain;
            return this;
        }

        ConnectBuilder willProperties(Bytes v) {
            willProperties = v;
            return this;
        }

        byte[] build() {
            Bytes vh = new Bytes();
            vh.string("MQTT");
            vh.u8(level);
            int flags = (clean ? 0x02 : 0);
            if (willTopic != null) {
                flags |= 0x04 | (willQos << 3) | (willRetain ? 0x20 : 0);
            }
            if (username != null) {
                flags |= 0x80;
            }
            if (password != null) {
                flags |= 0x40;
            }
            vh.u8(flags);
            vh.u16(keepAlive);
            if (level == 5) {
                props(vh, properties);
            }
            vh.string(clientId);
            if (willTopic != null) {
                if (level == 5) {
                    props(vh, willProperties);
                }
                vh.string(willTopic);
                vh.u16(willPayload.length);
                vh.raw(willPayload);
            }
            if (username != null) {
                vh.string(username);
            }
            if (password != null) {
                vh.u16(password.length);
                vh.raw(password);
            }
            return RawMqtt.packet(0x10, vh);
        }
    }

    static ConnectBuilder connect(int level, String clientId) {
        return new ConnectBuilder(level, clientId);
    }

    /** Writes a property block: its length, then the properties. */
    static void props(Bytes target, Bytes properties) {
        byte[] p = properties.toByteArray();
        target.vbi(p.length);
        target.raw(p);
    }

    static byte[] publish(int level, String topic, int qos, boolean retain, boolean dup, int packetId,
                          Bytes properties, byte[] payload) {
        Bytes b = new Bytes();
        b.string(topic);
        if (qos > 0) {
            b.u16(packetId);
        }
        if (level == 5) {
            props(b, properties == null ? new Bytes() : properties);
        }
        b.raw(payload);
        int header = 0x30 | (dup ? 0x08 : 0) | (qos << 1) | (retain ? 0x01 : 0);
        return RawMqtt.packet(header, b);
    }

    static byte[] publish(int level, String topic, int qos, boolean retain, int packetId, String payload) {
        return publish(level, topic, qos, retain, false, packetId, null, utf8(payload));
    }

    /** SUBSCRIBE: filters and their option bytes in pairs ("a/b", 1, "c/#", 0x02). */
    static byte[] subscribe(int level, int packetId, Bytes properties, Object... filtersAndOptions) {
        Bytes b = new Bytes();
        b.u16(packetId);
        if (level == 5) {
            props(b, properties == null ? new Bytes() : properties);
        }
        for (int i = 0; i < filtersAndOptions.length; i += 2) {
            b.string((String) filtersAndOptions[i]);
            b.u8((Integer) filtersAndOptions[i + 1]);
        }
        return RawMqtt.packet(0x82, b);
    }

    static byte[] unsubscribe(int level, int packetId, String... filters) {
        Bytes b = new Bytes();
        b.u16(packetId);
        if (level == 5) {
            b.vbi(0);
        }
        for (String f : filters) {
            b.string(f);
        }
        return RawMqtt.packet(0xA2, b);
    }

    /** PUBACK / PUBREC / PUBREL / PUBCOMP with only a packet identifier (reason code 0x00 implied). */
    static byte[] ack(int type, int packetId) {
        return RawMqtt.packet((type << 4) | (type == PUBREL ? 0x02 : 0), new Bytes().u16(packetId));
    }

    static byte[] ack(int type, int packetId, int reasonCode) {
        return RawMqtt.packet((type << 4) | (type == PUBREL ? 0x02 : 0), new Bytes().u16(packetId).u8(reasonCode).vbi(0));
    }

    static byte[] pingreq() {
        return new byte[] {(byte) 0xC0, 0x00};
    }

    static byte[] disconnect() {
        return new byte[] {(byte) 0xE0, 0x00};
    }

    static byte[] disconnectV5(int reason, Bytes properties) {
        Bytes b = new Bytes().u8(reason);
        props(b, properties == null ? new Bytes() : properties);
        return RawMqtt.packet(0xE0, b);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ---- property writers -------------------------------------------------------------------

    static Bytes propU8(Bytes b, int id, int v) {
        return b.u8(id).u8(v);
    }

    static Bytes propU16(Bytes b, int id, int v) {
        return b.u8(id).u16(v);
    }

    static Bytes propU32(Bytes b, int id, long v) {
        return b.u8(id).u16((int) (v >>> 16)).u16((int) (v & 0xFFFF));
    }

    static Bytes propString(Bytes b, int id, String v) {
        return b.u8(id).string(v);
    }

    static Bytes propBinary(Bytes b, int id, byte[] v) {
        b.u8(id).u16(v.length);
        return b.raw(v);
    }

    static Bytes propVbi(Bytes b, int id, int v) {
        return b.u8(id).vbi(v);
    }

    // ---- parsing what the broker sends ------------------------------------------------------

    /** Reads a packet body field by field. */
    static final class Reader {
        final byte[] b;
        int pos;

        Reader(byte[] b) {
            this.b = b;
        }

        int u8() {
            return b[pos++] & 0xFF;
        }

        int u16() {
            return (u8() << 8) | u8();
        }

        long u32() {
            return ((long) u16() << 16) | u16();
        }

        int vbi() {
            int v = 0;
            for (int shift = 0; ; shift += 7) {
                int d = u8();
                v |= (d & 0x7F) << shift;
                if ((d & 0x80) == 0) {
                    return v;
                }
            }
        }

        byte[] bytes(int n) {
            byte[] out = java.util.Arrays.copyOfRange(b, pos, pos + n);
            pos += n;
            return out;
        }

        String string() {
            return new String(bytes(u16()), StandardCharsets.UTF_8);
        }

        boolean hasMore() {
            return pos < b.length;
        }

        /** An MQTT 5 property block: id to the list of its values (Long, Integer, String, byte[], String[]). */
        Map<Integer, List<Object>> properties() {
            int len = vbi();
            int end = pos + len;
            Map<Integer, List<Object>> props = new LinkedHashMap<>();
            while (pos < end) {
                int id = vbi();
                Object v = switch (id) {
                    case 0x01, 0x17, 0x19, 0x24, 0x25, 0x28, 0x29, 0x2A -> u8();
                    case 0x13, 0x21, 0x22, 0x23 -> u16();
                    case 0x02, 0x11, 0x18, 0x27 -> u32();
                    case 0x0B -> vbi();
                    case 0x03, 0x08, 0x12, 0x15, 0x1A, 0x1C, 0x1F -> string();
                    case 0x09, 0x16 -> bytes(u16());
                    case 0x26 -> new String[] {string(), string()};
                    default -> throw new AssertionError("unknown property id 0x" + Integer.toHexString(id));
                };
                props.computeIfAbsent(id, k -> new ArrayList<>()).add(v);
            }
            return props;
        }
    }

    /** A PUBLISH as received. */
    record Pub(int qos, boolean dup, boolean retain, String topic, int packetId,
               Map<Integer, List<Object>> properties, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        Object property(int id) {
            List<Object> v = properties.get(id);
            return v == null ? null : v.get(0);
        }
    }

    static Pub parsePublish(RawMqtt.Packet p, int level) {
        if (p.type() != PUBLISH) {
            throw new AssertionError("expected PUBLISH, got packet type " + p.type());
        }
        int flags = p.header() & 0x0F;
        int qos = (flags >>> 1) & 0x03;
        Reader r = new Reader(p.body());
        String topic = r.string();
        int pid = qos > 0 ? r.u16() : 0;
        Map<Integer, List<Object>> props = level == 5 ? r.properties() : Map.of();
        byte[] payload = r.bytes(p.body().length - r.pos);
        return new Pub(qos, (flags & 0x08) != 0, (flags & 0x01) != 0, topic, pid, props, payload);
    }

    /** Reason / return codes of a SUBACK or UNSUBACK (after the packet id and, in v5, the properties). */
    static int[] ackCodes(RawMqtt.Packet p, int level) {
        Reader r = new Reader(p.body());
        r.u16();
        if (level == 5) {
            r.properties();
        }
        int[] codes = new int[p.body().length - r.pos];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = r.u8();
        }
        return codes;
    }

    static int packetId(RawMqtt.Packet p) {
        return ((p.body()[0] & 0xFF) << 8) | (p.body()[1] & 0xFF);
    }

    /** The properties of an MQTT 5 CONNACK. */
    static Map<Integer, List<Object>> connackProperties(RawMqtt.Packet p) {
        Reader r = new Reader(p.body());
        r.u8();
        r.u8();
        return r.properties();
    }
}
