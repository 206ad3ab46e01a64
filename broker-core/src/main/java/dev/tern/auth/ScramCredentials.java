package dev.tern.auth;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * What the broker stores for one user: the SCRAM-SHA-256 verifier of RFC 5802 section 3 / RFC 7677.
 * The password itself is never kept; the same entry checks a plain CONNECT password (by recomputing
 * StoredKey) and runs a SCRAM exchange.
 *
 * <pre>
 * SaltedPassword = PBKDF2-HMAC-SHA256(password, salt, iterations)
 * ClientKey      = HMAC(SaltedPassword, "Client Key")
 * StoredKey      = SHA256(ClientKey)
 * ServerKey      = HMAC(SaltedPassword, "Server Key")
 * </pre>
 */
public record ScramCredentials(int iterations, byte[] salt, byte[] storedKey, byte[] serverKey) {

    /** RFC 7677 section 4: at least 4096 iterations. */
    public static final int DEFAULT_ITERATIONS = 4096;
    static final String SCHEME = "$tern-pbkdf2-sha256$";
    private static final SecureRandom RANDOM = new SecureRandom();

    public ScramCredentials {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be positive");
        }
        salt = salt.clone();
        storedKey = storedKey.clone();
        serverKey = serverKey.clone();
    }

    /** Derives credentials for a new password with a random 16-byte salt. */
    public static ScramCredentials hash(char[] password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return derive(password, salt, DEFAULT_ITERATIONS);
    }

    public static ScramCredentials derive(char[] password, byte[] salt, int iterations) {
        byte[] salted = saltedPassword(password, salt, iterations);
        byte[] clientKey = hmac(salted, "Client Key");
        return new ScramCredentials(iterations, salt, sha256(clientKey), hmac(salted, "Server Key"));
    }

    /**
     * Whether the password is the one these credentials were made from: recomputes StoredKey and
     * compares in constant time. Costs one PBKDF2 run ({@link #iterations} HMACs).
     */
    public boolean matches(char[] password) {
        byte[] clientKey = hmac(saltedPassword(password, salt, iterations), "Client Key");
        return MessageDigest.isEqual(sha256(clientKey), storedKey);
    }

    /** {@code $tern-pbkdf2-sha256$<iterations>$<salt>$<storedKey>$<serverKey>}, Base64 with padding. */
    public String encode() {
        Base64.Encoder b64 = Base64.getEncoder();
        return SCHEME + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(storedKey)
                + "$" + b64.encodeToString(serverKey);
    }

    /** Parses {@link #encode()}'s form; the message of the exception says what is wrong. */
    public static ScramCredentials decode(String s) {
        if (!s.startsWith(SCHEME)) {
            throw new IllegalArgumentException("hash does not start with " + SCHEME);
        }
        String[] parts = s.substring(SCHEME.length()).split("\\$", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("expected " + SCHEME + "<iterations>$<salt>$<storedKey>$<serverKey>");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(parts[0]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("iterations '" + parts[0] + "' is not a number");
        }
        if (iterations < DEFAULT_ITERATIONS) {
            throw new IllegalArgumentException("iterations " + iterations + " below SCRAM's minimum " + DEFAULT_ITERATIONS);
        }
        byte[] salt = base64(parts[1], "salt");
        byte[] storedKey = base64(parts[2], "storedKey");
        byte[] serverKey = base64(parts[3], "serverKey");
        if (salt.length == 0 || storedKey.length != 32 || serverKey.length != 32) {
            throw new IllegalArgumentException("salt must be non-empty and both keys 32 bytes");
        }
        return new ScramCredentials(iterations, salt, storedKey, serverKey);
    }

    private static byte[] base64(String s, String what) {
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not valid Base64");
        }
    }

    static byte[] saltedPassword(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every Java 17 runtime", e);
        } finally {
            spec.clearPassword();
        }
    }

    static byte[] hmac(byte[] key, String data) {
        return hmac(key, data.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java 17 runtime", e);
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every Java 17 runtime", e);
        }
    }
}
