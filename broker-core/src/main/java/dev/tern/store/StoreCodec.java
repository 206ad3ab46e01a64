package dev.tern.store;

import dev.tern.packet.MqttVersion;
import dev.tern.packet.PublishProperties;
import dev.tern.packet.Qos;
import dev.tern.packet.SubscriptionOptions;
import dev.tern.packet.UserProperty;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The binary form of stored values. Every value starts with a format byte ({@link #FORMAT}) so a later
 * Tern can read old values, or refuse them clearly. Lengths and small integers are unsigned varints,
 * times are 8-byte big-endian, strings are length-prefixed UTF-8, nullable fields sit behind a presence
 * bit.
 *
 * <p>Hand-written rather than a library: the handful of records is small and stable, so a few hundred lines
 * beat a schema compiler in the build, and the hot path (one encode per QoS 1/2 delivery) stays free of
 * reflection and of a dependency that owns our on-disk format.
 */
final class StoreCodec {

    /** Value format written by this Tern; bump it (and keep a reader for the old one) on any layout change. */
    static final int FORMAT = 1;

    // Presence bits of a message / of PublishProperties.
    private static final int MSG_RETAIN = 1;
    private static final int MSG_PAYLOAD = 1 << 1;
    private static final int MSG_PROPERTIES = 1 << 2;
    private static final int MSG_SENDER = 1 << 3;

    private static final int P_FORMAT_INDICATOR = 1;
    private static final int P_EXPIRY = 1 << 1;
    private static final int P_RESPONSE_TOPIC = 1 << 2;
    private static final int P_CORRELATION = 1 << 3;
    private static final int P_CONTENT_TYPE = 1 << 4;
    private static final int P_USER_PROPERTIES = 1 << 5;
    private static final int P_SUBSCRIPTION_IDS = 1 << 6;

    private static final StoredDelivery.State[] STATES = StoredDelivery.State.values();

    private StoreCodec() {
    }

    /** The sessions column family value. */
    record SessionHeader(MqttVersion version, long expiryInterval, long disconnectedAtMillis) {
    }

    /** The wills column family value. */
    record PendingWill(StoredMessage message, long dueAtMillis) {
    }

    static byte[] encodeSession(MqttVersion version, long expiryInterval, long disconnectedAtMillis) {
        Out out = new Out(18);
        out.u8(version.level());
        out.i64(expiryInterval);
        out.i64(disconnectedAtMillis);
        return out.toArray();
    }

    static SessionHeader decodeSession(byte[] value) {
        In in = new In(value);
        int level = in.u8();
        MqttVersion version = MqttVersion.ofLevel(level);
        if (version == null) {
            throw new StoreException("stored session has unknown protocol level " + level);
        }
        return in.done(new SessionHeader(version, in.i64(), in.i64()));
    }

    /** Options in their MQTT 5 wire layout (section 3.8.3.1), then the subscription id. */
    /** A long as 8 bytes, big-endian (the sent mark). */
    static byte[] encodeLong(long v) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (v >>> (56 - 8 * i));
        }
        return b;
    }

    static long decodeLong(byte[] b) {
        if (b.length != 8) {
            throw new IllegalStateException("a stored mark has " + b.length + " bytes, not 8");
        }
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | (b[i] & 0xFF);
        }
        return v;
    }

    static byte[] encodeSubscription(StoredSession.StoredSubscription sub) {
        SubscriptionOptions o = sub.options();
        Out out = new Out(8);
        out.u8(o.maxQos().value() | (o.noLocal() ? 4 : 0) | (o.retainAsPublished() ? 8 : 0) | o.retainHandling() << 4);
        out.varint(sub.subscriptionId());
        return out.toArray();
    }

    static StoredSession.StoredSubscription decodeSubscription(byte[] value) {
        In in = new In(value);
        int b = in.u8();
        if ((b & 3) == 3 || (b >> 4 & 3) == 3) {
            throw new StoreException("stored subscription has invalid options " + b);
        }
        SubscriptionOptions options = new SubscriptionOptions(Qos.of(b & 3), (b & 4) != 0, (b & 8) != 0, b >> 4 & 3);
        return in.done(new StoredSession.StoredSubscription(options, in.varint()));
    }

    /** The sequence number is not repeated here: it is in the key. */
    static byte[] encodeDelivery(StoredDelivery d) {
        Out out = new Out(d.message() == null ? 16 : 64 + d.message().payload().length);
        out.u8(d.state().ordinal());
        out.varint(d.packetId());
        out.u8(d.qos().value() | (d.retain() ? 4 : 0) | (d.message() != null ? 8 : 0));
        out.intList(d.subscriptionIds());
        if (d.message() != null) {
            writeMessage(out, d.message());
        }
        return out.toArray();
    }

    static StoredDelivery decodeDelivery(long sequence, byte[] value) {
        In in = new In(value);
        int state = in.u8();
        if (state >= STATES.length) {
            throw new StoreException("stored delivery has unknown state " + state);
        }
        int packetId = in.varint();
        int flags = in.u8();
        List<Integer> subscriptionIds = in.intList();
        StoredMessage message = (flags & 8) != 0 ? readMessage(in) : null;
        return in.done(new StoredDelivery(sequence, STATES[state], packetId, qos(flags & 3), (flags & 4) != 0,
                subscriptionIds, message));
    }

    static byte[] encodeWill(StoredMessage will, long dueAtMillis) {
        Out out = new Out(64 + will.payload().length);
        out.i64(dueAtMillis);
        writeMessage(out, will);
        return out.toArray();
    }

    static PendingWill decodeWill(byte[] value) {
        In in = new In(value);
        long due = in.i64();
        return in.done(new PendingWill(readMessage(in), due));
    }

    static byte[] encodeMessage(StoredMessage message) {
        Out out = new Out(48 + (message.payload() == null ? 0 : message.payload().length));
        writeMessage(out, message);
        return out.toArray();
    }

    static StoredMessage decodeMessage(byte[] value) {
        In in = new In(value);
        return in.done(readMessage(in));
    }

    private static void writeMessage(Out out, StoredMessage m) {
        PublishProperties p = m.properties();
        out.u8(m.qos().value() << 4 | (m.retain() ? MSG_RETAIN : 0) | (m.payload() != null ? MSG_PAYLOAD : 0)
                | (p != null ? MSG_PROPERTIES : 0) | (m.senderId() != null ? MSG_SENDER : 0));
        out.string(m.topic());
        out.i64(m.expiresAtMillis());
        if (m.payload() != null) {
            out.bytes(m.payload());
        }
        if (m.senderId() != null) {
            out.string(m.senderId());
        }
        if (p != null) {
            writeProperties(out, p);
        }
    }

    private static StoredMessage readMessage(In in) {
        int flags = in.u8();
        Qos qos = qos(flags >> 4 & 3);
        String topic = in.string();
        long expiresAt = in.i64();
        byte[] payload = (flags & MSG_PAYLOAD) != 0 ? in.bytes() : null;
        String sender = (flags & MSG_SENDER) != 0 ? in.string() : null;
        PublishProperties properties = (flags & MSG_PROPERTIES) != 0 ? readProperties(in) : null;
        return new StoredMessage(topic, payload, qos, (flags & MSG_RETAIN) != 0, properties, expiresAt, sender);
    }

    /** Like {@link Qos#of} but reports a bad value as corruption of the store. */
    private static Qos qos(int value) {
        if (value > 2) {
            throw new StoreException("stored value has invalid QoS " + value);
        }
        return Qos.of(value);
    }

    /** The topic alias is not stored: it belongs to one network connection and means nothing after it. */
    private static void writeProperties(Out out, PublishProperties p) {
        int flags = (p.payloadFormatIndicator() != null ? P_FORMAT_INDICATOR : 0)
                | (p.hasMessageExpiry() ? P_EXPIRY : 0)
                | (p.responseTopic() != null ? P_RESPONSE_TOPIC : 0)
                | (p.correlationData() != null ? P_CORRELATION : 0)
                | (p.contentType() != null ? P_CONTENT_TYPE : 0)
                | (!p.userProperties().isEmpty() ? P_USER_PROPERTIES : 0)
                | (!p.subscriptionIdentifiers().isEmpty() ? P_SUBSCRIPTION_IDS : 0);
        out.u8(flags);
        if (p.payloadFormatIndicator() != null) {
            out.u8(p.payloadFormatIndicator());
        }
        if (p.hasMessageExpiry()) {
            out.varlong(p.messageExpiryInterval());
        }
        if (p.responseTopic() != null) {
            out.string(p.responseTopic());
        }
        if (p.correlationData() != null) {
            out.bytes(p.correlationData());
        }
        if (p.contentType() != null) {
            out.string(p.contentType());
        }
        if (!p.userProperties().isEmpty()) {
            out.varint(p.userProperties().size());
            for (UserProperty u : p.userProperties()) {
                out.string(u.name());
                out.string(u.value());
            }
        }
        if (!p.subscriptionIdentifiers().isEmpty()) {
            out.intList(p.subscriptionIdentifiers());
        }
    }

    private static PublishProperties readProperties(In in) {
        int flags = in.u8();
        Integer formatIndicator = (flags & P_FORMAT_INDICATOR) != 0 ? in.u8() : null;
        long expiry = (flags & P_EXPIRY) != 0 ? in.varlong() : -1;
        String responseTopic = (flags & P_RESPONSE_TOPIC) != 0 ? in.string() : null;
        byte[] correlation = (flags & P_CORRELATION) != 0 ? in.bytes() : null;
        String contentType = (flags & P_CONTENT_TYPE) != 0 ? in.string() : null;
        List<UserProperty> userProperties = List.of();
        if ((flags & P_USER_PROPERTIES) != 0) {
            int n = in.count();
            userProperties = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                userProperties.add(new UserProperty(in.string(), in.string()));
            }
        }
        List<Integer> subscriptionIds = (flags & P_SUBSCRIPTION_IDS) != 0 ? in.intList() : List.of();
        return new PublishProperties(formatIndicator, expiry, 0, responseTopic, correlation, userProperties,
                subscriptionIds, contentType);
    }

    /** A growable output buffer; starts every value with the format byte. */
    private static final class Out {
        private byte[] buf;
        private int pos;

        Out(int expectedSize) {
            buf = new byte[Math.max(16, expectedSize)];
            u8(FORMAT);
        }

        void u8(int v) {
            ensure(1);
            buf[pos++] = (byte) v;
        }

        void i64(long v) {
            ensure(8);
            for (int shift = 56; shift >= 0; shift -= 8) {
                buf[pos++] = (byte) (v >>> shift);
            }
        }

        void varint(int v) {
            if (v < 0) {
                throw new IllegalArgumentException("negative value " + v);
            }
            varlong(v);
        }

        void varlong(long v) {
            ensure(10);
            while ((v & ~0x7FL) != 0) {
                buf[pos++] = (byte) (v & 0x7F | 0x80);
                v >>>= 7;
            }
            buf[pos++] = (byte) v;
        }

        void bytes(byte[] b) {
            varint(b.length);
            ensure(b.length);
            System.arraycopy(b, 0, buf, pos, b.length);
            pos += b.length;
        }

        void string(String s) {
            bytes(s.getBytes(StandardCharsets.UTF_8));
        }

        void intList(List<Integer> list) {
            if (list == null) {
                varint(0);
                return;
            }
            varint(list.size());
            for (int v : list) {
                varint(v);
            }
        }

        private void ensure(int n) {
            if (pos + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
            }
        }

        byte[] toArray() {
            return pos == buf.length ? buf : Arrays.copyOf(buf, pos);
        }
    }

    /** Reads one value; any truncation or unknown format becomes a StoreException. */
    private static final class In {
        private final byte[] buf;
        private int pos;

        In(byte[] buf) {
            this.buf = buf;
            int format = u8();
            if (format != FORMAT) {
                throw new StoreException("stored value has format " + format + ", this Tern reads format " + FORMAT);
            }
        }

        /** Returns the decoded value after checking that nothing is left over (a sign of corruption). */
        <T> T done(T value) {
            if (pos != buf.length) {
                throw new StoreException("stored value has " + (buf.length - pos) + " unexpected trailing bytes");
            }
            return value;
        }

        int u8() {
            need(1);
            return buf[pos++] & 0xFF;
        }

        long i64() {
            need(8);
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = v << 8 | (buf[pos++] & 0xFF);
            }
            return v;
        }

        long varlong() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = u8();
                v |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return v;
                }
            }
            throw new StoreException("stored value has a malformed varint");
        }

        int varint() {
            long v = varlong();
            if (v > Integer.MAX_VALUE) {
                throw new StoreException("stored value has an out-of-range integer " + v);
            }
            return (int) v;
        }

        /** A count of following items, each at least one byte: bounded by what is left. */
        int count() {
            int n = varint();
            if (n > buf.length - pos) {
                throw new StoreException("stored value is truncated (count " + n + ")");
            }
            return n;
        }

        byte[] bytes() {
            int n = count();
            byte[] b = Arrays.copyOfRange(buf, pos, pos + n);
            pos += n;
            return b;
        }

        String string() {
            int n = count();
            String s = new String(buf, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }

        List<Integer> intList() {
            int n = count();
            if (n == 0) {
                return List.of();
            }
            Integer[] values = new Integer[n];
            for (int i = 0; i < n; i++) {
                values[i] = varint();
            }
            return List.of(values);
        }

        private void need(int n) {
            if (pos + n > buf.length) {
                throw new StoreException("stored value is truncated");
            }
        }
    }
}
