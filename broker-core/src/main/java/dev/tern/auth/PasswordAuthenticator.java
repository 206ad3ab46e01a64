package dev.tern.auth;

import dev.tern.packet.Connect;
import dev.tern.packet.ReasonCode;

/**
 * Tern's built-in {@link Authenticator}: users from the password file (if one is configured), anonymous
 * clients by {@code auth.allow_anonymous}, and SCRAM-SHA-256 as the one enhanced method (only with a
 * password file, which holds its verifiers).
 */
public final class PasswordAuthenticator implements Authenticator {

    private final boolean allowAnonymous;
    private final PasswordFile passwords;
    private final ScramSha256 scram;

    /** @param passwords null when no password file is configured */
    public PasswordAuthenticator(boolean allowAnonymous, PasswordFile passwords) {
        this.allowAnonymous = allowAnonymous;
        this.passwords = passwords;
        this.scram = passwords == null ? null : new ScramSha256(passwords);
    }

    @Override
    public AuthResult authenticate(Connect c) {
        if (c.username() == null) {
            return allowAnonymous ? AuthResult.success(null)
                    : AuthResult.failure(ReasonCode.NOT_AUTHORIZED, "anonymous access is disabled (auth.allow_anonymous)");
        }
        if (passwords == null) {
            // No password file: a user name is an identity for ACL rules, not a credential.
            return AuthResult.success(c.username());
        }
        if (!passwords.verify(c.username(), c.password())) {
            return AuthResult.failure(ReasonCode.BAD_USER_NAME_OR_PASSWORD,
                    "bad user name or password (user '" + c.username() + "')");
        }
        return AuthResult.success(c.username());
    }

    @Override
    public EnhancedAuthMethod enhanced(String methodName) {
        return scram != null && ScramSha256.NAME.equals(methodName) ? scram : null;
    }
}
