package dev.tern.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Key layouts of the RocksDB column families. Per-client keys are {@code clientId 0x00 suffix} in UTF-8.
 * A client id never contains U+0000 (the CONNECT decoder rejects it, MQTT-1.5.4-2) and UTF-8 encodes no
 * other character with a zero byte, so the first 0x00 ends the client id, and the range
 * [clientId 0x00, clientId 0x01) holds exactly one client's keys: "a" does not cover "ab".
 */
final class StoreKeys {

    private StoreKeys() {
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** First key of the client's range (inclusive). */
    static byte[] clientStart(String clientId) {
        return withSuffix(clientId, 0);
    }

    /** End of the client's range (exclusive). */
    static byte[] clientEnd(String clientId) {
        byte[] key = withSuffix(clientId, 0);
        key[key.length - 1] = 1;
        return key;
    }

    static byte[] subscription(String clientId, String filter) {
        byte[] f = utf8(filter);
        byte[] key = withSuffix(clientId, f.length);
        System.arraycopy(f, 0, key, key.length - f.length, f.length);
        return key;
    }

    /** Big-endian so that a client's deliveries iterate in sequence order; hence no negative sequences. */
    /**
     * Where a client's sent mark lives: the last key of its delivery range (no delivery reaches this
     * sequence), so that deleting the session's range removes it too.
     */
    static byte[] sentMark(String clientId) {
        return delivery(clientId, SENT_MARK);
    }

    /** The sequence of the sent-mark key in the deliveries column family. */
    static final long SENT_MARK = Long.MAX_VALUE;

    static byte[] delivery(String clientId, long sequence) {
        if (sequence < 0) {
            throw new IllegalArgumentException("negative delivery sequence " + sequence);
        }
        byte[] key = withSuffix(clientId, 8);
        for (int i = 0; i < 8; i++) {
            key[key.length - 8 + i] = (byte) (sequence >>> (56 - 8 * i));
        }
        return key;
    }

    static byte[] awaitingPubrel(String clientId, int packetId) {
        if (packetId < 1 || packetId > 0xFFFF) {
            throw new IllegalArgumentException("packet id " + packetId);
        }
        byte[] key = withSuffix(clientId, 2);
        key[key.length - 2] = (byte) (packetId >>> 8);
        key[key.length - 1] = (byte) packetId;
        return key;
    }

    /** Position of the separator, i.e. the length of the client id part. */
    static int separator(byte[] key) {
        for (int i = 0; i < key.length; i++) {
            if (key[i] == 0) {
                return i;
            }
        }
        throw new StoreException("stored key has no client id separator: " + Arrays.toString(key));
    }

    static String clientIdOf(byte[] key) {
        return new String(key, 0, separator(key), StandardCharsets.UTF_8);
    }

    static String filterOf(byte[] key) {
        int sep = separator(key);
        return new String(key, sep + 1, key.length - sep - 1, StandardCharsets.UTF_8);
    }

    static long sequenceOf(byte[] key) {
        int at = fixedSuffix(key, 8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | (key[at + i] & 0xFF);
        }
        return v;
    }

    static int packetIdOf(byte[] key) {
        int at = fixedSuffix(key, 2);
        return (key[at] & 0xFF) << 8 | (key[at + 1] & 0xFF);
    }

    private static int fixedSuffix(byte[] key, int length) {
        int at = separator(key) + 1;
        if (key.length - at != length) {
            throw new StoreException("stored key has a " + (key.length - at) + "-byte suffix, expected " + length);
        }
        return at;
    }

    private static byte[] withSuffix(String clientId, int suffixLength) {
        if (clientId.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("client id contains U+0000");
        }
        byte[] id = utf8(clientId);
        byte[] key = new byte[id.length + 1 + suffixLength];
        System.arraycopy(id, 0, key, 0, id.length);
        return key; // key[id.length] is already the 0x00 separator
    }
}
