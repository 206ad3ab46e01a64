package dev.tern.it;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A byte-level MQTT client over a plain socket, for what real clients cannot do: send malformed
 * packets, go silent, close without DISCONNECT. Packets are hand-written here, field by field, so a
 * test shows exactly which bytes go on the wire.
 */
final class RawMqtt implements AutoCloseable {
    /** A packet read from the broker: the first byte of its fixed header and its body. */
    record Packet(int header, byte[] body) {
        int type() {
            return header >>> 4;
        }

        /** The reason code of an MQTT 5 DISCONNECT (0x00 when the body is empty). */
        int disconnectReason() {
            return body.length == 0 ? 0 : body[0] & 0xFF;
        }

        /** The return / reason code of a CONNACK (byte 2 of the variable header). */
        int connackCode() {
            return body[1] & 0xFF;
        }
    }

    static final int CONNACK = 2;
    static final int PUBLISH = 3;
    static final int DISCONNECT = 14;

    private final Socket socket;
    private final InputStream in;
    /** Packets read ahead (e.g. a PUBLISH that overtook the PUBACK a test waited for), served first. */
    private final java.util.ArrayDeque<Packet> readAhead = new java.util.ArrayDeque<>();

    RawMqtt(String host, int port) throws IOException {
        socket = new Socket(host, port);
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
    }

    RawMqtt(TestBroker broker) throws IOException {
        this(broker.host(), broker.port());
    }

    void send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /** Reads one packet, waiting at most {@code timeout}; null when the broker closed the connection. */
    Packet read(Duration timeout) throws IOException {
        if (!readAhead.isEmpty()) {
            return readAhead.poll();
        }
        return readSocket(timeout);
    }

    private Packet readSocket(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        try {
            int header = in.read();
            if (header < 0) {
                return null;
            }
            int length = 0;
            for (int shift = 0; ; shift += 7) {
                int b = in.read();
                if (b < 0) {
                    return null;
                }
                length |= (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    break;
                }
            }
            byte[] body = in.readNBytes(length);
            if (body.length < length) {
                throw new EOFException("connection closed inside a packet");
            }
            return new Packet(header, body);
        } catch (SocketException e) {
            return null; // reset by the broker: as closed as EOF
        }
    }

    /** Puts a packet back to be returned, in the order given, by the next reads. */
    void unread(Packet p) {
        readAhead.add(p);
    }

    /**
     * Reads until a packet of the given type arrives, keeping the others (in order) for later reads:
     * the broker may forward a PUBLISH before it acknowledges the one the test sent.
     */
    Packet expectType(int type, Duration timeout) throws IOException {
        for (java.util.Iterator<Packet> it = readAhead.iterator(); it.hasNext(); ) {
            Packet p = it.next();
            if (p.type() == type) {
                it.remove();
                return p;
            }
        }
        while (true) {
            Packet p = readSocket(timeout);
            if (p == null) {
                throw new AssertionError("connection closed before a packet of type " + type + " arrived");
            }
            if (p.type() == type) {
                return p;
            }
            readAhead.add(p);
        }
    }

    /** Reads one packet and fails when none arrives in time or the connection closes first. */
    Packet expect(Duration timeout) throws IOException {
        Packet p = read(timeout);
        if (p == null) {
            throw new AssertionError("connection closed before a packet arrived");
        }
        return p;
    }

    /**
     * Waits until the broker closes the connection, discarding whatever it sends meanwhile.
     *
     * @return true when closed within {@code timeout}
     */
    boolean awaitClosed(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                if (read(Duration.ofMillis(Math.max(1, left / 1_000_000))) == null) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                return false;
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    // ---- packet builders ------------------------------------------------------------------

    /** A will for {@link #connect}: topic, payload and QoS 0, not retained. */
    record Will(String topic, byte[] payload) {
    }

    /**
     * CONNECT with clean session / clean start = 1.
     *
     * @param level 4 = MQTT 3.1.1, 5 = MQTT 5 (empty CONNECT and will properties)
     */
    static byte[] connect(int level, String clientId, int keepAliveSeconds, Will will) {
        Bytes vh = new Bytes();
        vh.string("MQTT");                      // protocol name
        vh.u8(level);                           // protocol level
        vh.u8(0x02 | (will != null ? 0x04 : 0)); // flags: clean start, will flag (will QoS 0, no retain)
        vh.u16(keepAliveSeconds);               // keep alive
        if (level == 5) {
            vh.vbi(0);                          // CONNECT properties: none
        }
        vh.string(clientId);                    // payload: client identifier
        if (will != null) {
            if (level == 5) {
                vh.vbi(0);                      // will properties: none
            }
            vh.string(will.topic());            // will topic
            vh.u16(will.payload().length);      // will payload
            vh.raw(will.payload());
        }
        return packet(0x10, vh);
    }

    /** PUBLISH at QoS 0 (MQTT 5: empty properties) with the topic bytes given as they are. */
    static byte[] publishQos0(int level, byte[] topicUtf8, byte[] payload) {
        Bytes b = new Bytes();
        b.u16(topicUtf8.length);
        b.raw(topicUtf8);
        if (level == 5) {
            b.vbi(0);
        }
        b.raw(payload);
        return packet(0x30, b);
    }

    static byte[] publishQos0(int level, String topic, byte[] payload) {
        return publishQos0(level, topic.getBytes(StandardCharsets.UTF_8), payload);
    }

    static byte[] packet(int header, Bytes body) {
        Bytes p = new Bytes();
        p.u8(header);
        p.vbi(body.size());
        p.raw(body.toByteArray());
        return p.toByteArray();
    }

    /** A growable byte buffer with the MQTT encodings. */
    static final class Bytes extends ByteArrayOutputStream {
        Bytes u8(int v) {
            write(v);
            return this;
        }

        Bytes u16(int v) {
            write(v >>> 8);
            write(v & 0xFF);
            return this;
        }

        Bytes vbi(int v) {
            do {
                int digit = v & 0x7F;
                v >>>= 7;
                write(v > 0 ? digit | 0x80 : digit);
            } while (v > 0);
            return this;
        }

        Bytes string(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            u16(b.length);
            return raw(b);
        }

        Bytes raw(byte[] b) {
            write(b, 0, b.length);
            return this;
        }
    }
}
