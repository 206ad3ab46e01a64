package dev.tern.auth;

import dev.tern.packet.Connect;
import dev.tern.packet.ReasonCode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The server side of SCRAM-SHA-256 (RFC 5802, RFC 7677) as an MQTT 5 enhanced authentication method:
 *
 * <pre>
 * CONNECT Authentication Data  client-first   n,,n=user,r=cnonce
 * AUTH 0x18 from the server    server-first   r=cnonce+snonce,s=salt,i=iterations
 * AUTH 0x18 from the client    client-final   c=biws,r=cnonce+snonce,p=proof
 * CONNACK 0x00                 server-final   v=serverSignature
 * </pre>
 *
 * Channel binding and authorization identities are not supported (the client must send {@code n,,}).
 * User names are compared as sent (no SASLprep). An unknown user gets a made-up salt that is stable per
 * name, so the exchange looks the same as for a real user until the proof fails (RFC 5802 section 5.1).
 */
public final class ScramSha256 implements EnhancedAuthMethod {

    public static final String NAME = "SCRAM-SHA-256";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PasswordFile users;
    private final Supplier<String> serverNonce;
    private final byte[] fakeSaltKey = randomBytes(32);

    public ScramSha256(PasswordFile users) {
        this(users, () -> Base64.getEncoder().withoutPadding().encodeToString(randomBytes(18)));
    }

    /** With a fixed nonce source: for tests against the RFC 7677 example. */
    public ScramSha256(PasswordFile users, Supplier<String> serverNonce) {
        this.users = Objects.requireNonNull(users, "users");
        this.serverNonce = Objects.requireNonNull(serverNonce, "serverNonce");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Exchange start(Connect c) {
        return new ScramExchange(c.username());
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private final class ScramExchange implements Exchange {
        private final String connectUsername;
        private String username;
        private ScramCredentials creds;
        private boolean knownUser;
        private String gs2Header;
        private String clientFirstBare;
        private String serverFirst;
        private String nonce;
        private boolean done;

        ScramExchange(String connectUsername) {
            this.connectUsername = connectUsername;
        }

        @Override
        public Step step(byte[] clientData) {
            if (done) {
                return failure(ReasonCode.PROTOCOL_ERROR, "the SCRAM exchange is already over");
            }
            if (clientData == null) {
                done = true;
                return failure(ReasonCode.NOT_AUTHORIZED, "no Authentication Data");
            }
            String msg = new String(clientData, StandardCharsets.UTF_8);
            try {
                return serverFirst == null ? clientFirst(msg) : clientFinal(msg);
            } catch (IllegalArgumentException e) {
                done = true;
                return failure(ReasonCode.NOT_AUTHORIZED, "malformed SCRAM message: " + e.getMessage());
            }
        }

        private Step clientFirst(String msg) {
            // gs2-header = cbind-flag "," [authzid] ","
            if (msg.startsWith("p=")) {
                throw new IllegalArgumentException("channel binding is not supported");
            }
            if (!msg.startsWith("n,,") && !msg.startsWith("y,,")) {
                throw new IllegalArgumentException("expected a gs2 header 'n,,' (no authorization identity)");
            }
            gs2Header = msg.substring(0, 3);
            clientFirstBare = msg.substring(3);
            String[] attrs = clientFirstBare.split(",", -1);
            if (attrs.length < 2 || !attrs[0].startsWith("n=") || !attrs[1].startsWith("r=")) {
                throw new IllegalArgumentException("expected n=<user>,r=<nonce> (no mandatory extensions)");
            }
            username = decodeSaslName(attrs[0].substring(2));
            String clientNonce = attrs[1].substring(2);
            if (clientNonce.isEmpty()) {
                throw new IllegalArgumentException("empty client nonce");
            }
            if (connectUsername != null && !connectUsername.equals(username)) {
                done = true;
                return failure(ReasonCode.NOT_AUTHORIZED, "CONNECT user name '" + connectUsername
                        + "' differs from the SCRAM user '" + username + "'");
            }
            creds = users.lookup(username);
            knownUser = creds != null;
            if (!knownUser) {
                creds = new ScramCredentials(ScramCredentials.DEFAULT_ITERATIONS,
                        Arrays.copyOf(ScramCredentials.hmac(fakeSaltKey, username), 16),
                        randomBytes(32), randomBytes(32));
            }
            nonce = clientNonce + serverNonce.get();
            serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(creds.salt())
                    + ",i=" + creds.iterations();
            return new Step.Continue(serverFirst.getBytes(StandardCharsets.UTF_8));
        }

        private Step clientFinal(String msg) {
            done = true;
            int p = msg.lastIndexOf(",p=");
            if (!msg.startsWith("c=") || p < 0) {
                throw new IllegalArgumentException("expected c=<binding>,r=<nonce>,...,p=<proof>");
            }
            String withoutProof = msg.substring(0, p);
            String[] attrs = withoutProof.split(",", -1);
            if (attrs.length < 2 || !attrs[1].startsWith("r=")) {
                throw new IllegalArgumentException("expected c=<binding>,r=<nonce>");
            }
            byte[] binding = Base64.getDecoder().decode(attrs[0].substring(2));
            if (!gs2Header.equals(new String(binding, StandardCharsets.UTF_8))) {
                return failure(ReasonCode.NOT_AUTHORIZED, "channel binding data differs from the gs2 header");
            }
            if (!nonce.equals(attrs[1].substring(2))) {
                return failure(ReasonCode.NOT_AUTHORIZED, "nonce differs from the one the server sent");
            }
            byte[] proof = Base64.getDecoder().decode(msg.substring(p + 3));
            byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
            byte[] clientSignature = ScramCredentials.hmac(creds.storedKey(), authMessage);
            if (proof.length != clientSignature.length) {
                return failure(ReasonCode.BAD_USER_NAME_OR_PASSWORD, "proof has the wrong length");
            }
            byte[] clientKey = new byte[proof.length];
            for (int i = 0; i < proof.length; i++) {
                clientKey[i] = (byte) (proof[i] ^ clientSignature[i]);
            }
            if (!MessageDigest.isEqual(ScramCredentials.sha256(clientKey), creds.storedKey()) || !knownUser) {
                return failure(ReasonCode.BAD_USER_NAME_OR_PASSWORD,
                        knownUser ? "wrong password (user '" + username + "')" : "unknown user '" + username + "'");
            }
            byte[] serverSignature = ScramCredentials.hmac(creds.serverKey(), authMessage);
            String serverFinal = "v=" + Base64.getEncoder().encodeToString(serverSignature);
            return new Step.Success(serverFinal.getBytes(StandardCharsets.UTF_8), username);
        }

        private Step failure(ReasonCode code, String detail) {
            return new Step.Failure(code, "SCRAM-SHA-256: " + detail);
        }
    }

    /** RFC 5802 saslname: ',' and '=' arrive as =2C and =3D; any other '=' is an error. */
    static String decodeSaslName(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch != '=') {
                out.append(ch);
            } else if (s.startsWith("=2C", i)) {
                out.append(',');
                i += 2;
            } else if (s.startsWith("=3D", i)) {
                out.append('=');
                i += 2;
            } else {
                throw new IllegalArgumentException("bad escape in user name");
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("empty user name");
        }
        return out.toString();
    }
}
