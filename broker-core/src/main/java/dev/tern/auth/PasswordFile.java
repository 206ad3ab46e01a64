package dev.tern.auth;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The users that may connect, as written by {@code tern passwd}: one
 * {@code username:$tern-pbkdf2-sha256$<iterations>$<salt>$<storedKey>$<serverKey>} line per user, blank
 * lines and {@code #} comments ignored. Each entry is a SCRAM-SHA-256 verifier ({@link ScramCredentials}),
 * so the same file serves plain CONNECT passwords and SCRAM. Immutable; loaded once at start.
 */
public final class PasswordFile {

    private final Map<String, ScramCredentials> users;
    /**
     * Per user, a keyed digest of the password that last passed the full PBKDF2 check. PBKDF2 with 4096
     * iterations costs milliseconds on the event loop that accepted the connection; devices reconnect
     * with the same password over and over, so later checks cost one HMAC. Bounded by the users in the
     * file; the key lives only in this process.
     */
    private final Map<String, byte[]> verified = new ConcurrentHashMap<>();
    private final byte[] cacheKey = new byte[32];

    private PasswordFile(Map<String, ScramCredentials> users) {
        this.users = Map.copyOf(users);
        new SecureRandom().nextBytes(cacheKey);
    }

    public static PasswordFile load(Path file) {
        try {
            return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new AuthFileException("cannot read password file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses the lines of a password file; {@code source} names it in error messages. */
    public static PasswordFile parse(List<String> lines, String source) {
        Map<String, ScramCredentials> users = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw AuthFileException.at(source, i + 1, "expected 'username:" + ScramCredentials.SCHEME + "...'");
            }
            String user = line.substring(0, colon);
            String problem = checkUsername(user);
            if (problem != null) {
                throw AuthFileException.at(source, i + 1, problem);
            }
            ScramCredentials creds;
            try {
                creds = ScramCredentials.decode(line.substring(colon + 1));
            } catch (IllegalArgumentException e) {
                throw AuthFileException.at(source, i + 1, "user '" + user + "': " + e.getMessage());
            }
            if (users.put(user, creds) != null) {
                throw AuthFileException.at(source, i + 1, "user '" + user + "' appears twice");
            }
        }
        return new PasswordFile(users);
    }

    /** Null if the name can be stored, else why not (':' separates the fields; spaces would be lost). */
    public static String checkUsername(String user) {
        if (user.isEmpty()) {
            return "empty user name";
        }
        for (int i = 0; i < user.length(); i++) {
            char ch = user.charAt(i);
            if (ch == ':' || Character.isWhitespace(ch) || Character.isISOControl(ch)) {
                return "user name '" + user + "' contains ':', a space or a control character";
            }
        }
        return user.startsWith("#") ? "user name may not start with '#'" : null;
    }

    /** The SCRAM verifier of a user, or null if there is no such user. */
    public ScramCredentials lookup(String user) {
        return users.get(user);
    }

    public int size() {
        return users.size();
    }

    /**
     * Whether the user exists and the password is right. The MQTT password is binary; it is compared as
     * UTF-8 text (what {@code tern passwd} stored), so bytes that are not UTF-8 never match.
     */
    public boolean verify(String user, byte[] password) {
        ScramCredentials creds = user == null ? null : users.get(user);
        if (creds == null || password == null || password.length == 0) {
            return false;
        }
        byte[] digest = ScramCredentials.hmac(cacheKey, password);
        byte[] known = verified.get(user);
        if (known != null) {
            // The file does not change while the broker runs: a different password is a wrong one.
            return MessageDigest.isEqual(known, digest);
        }
        char[] chars = utf8(password);
        try {
            boolean ok = chars != null && creds.matches(chars);
            if (ok) {
                verified.put(user, digest);
            }
            return ok;
        } finally {
            if (chars != null) {
                Arrays.fill(chars, '\0');
            }
        }
    }

    private static char[] utf8(byte[] bytes) {
        try {
            CharBuffer cb = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            char[] out = new char[cb.remaining()];
            cb.get(out);
            return out;
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** One line of the file for this user. */
    public static String line(String user, ScramCredentials creds) {
        return user + ":" + creds.encode();
    }

    /**
     * The file's lines with the user's line replaced (or appended when new); comments and other users
     * stay where they were. For {@code tern passwd}.
     */
    public static List<String> withUser(List<String> lines, String user, ScramCredentials creds) {
        List<String> out = new ArrayList<>(lines.size() + 1);
        boolean replaced = false;
        for (String l : lines) {
            if (isLineOf(l, user)) {
                if (!replaced) {
                    out.add(line(user, creds));
                    replaced = true;
                }
            } else {
                out.add(l);
            }
        }
        if (!replaced) {
            out.add(line(user, creds));
        }
        return out;
    }

    /** The file's lines without the user's line; the same list if the user is not there. */
    public static List<String> withoutUser(List<String> lines, String user) {
        List<String> out = new ArrayList<>(lines.size());
        for (String l : lines) {
            if (!isLineOf(l, user)) {
                out.add(l);
            }
        }
        return out;
    }

    private static boolean isLineOf(String line, String user) {
        return line.strip().startsWith(user + ":");
    }
}
