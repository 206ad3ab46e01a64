package dev.tern.auth;

import dev.tern.config.AuthSettings;

import java.util.Objects;

/**
 * Authentication and authorization as the engine sees them: who a client is ({@link Authenticator})
 * and what it may do ({@link Acl}).
 */
public record Auth(Authenticator authenticator, Acl acl) {

    public Auth {
        Objects.requireNonNull(authenticator, "authenticator");
        Objects.requireNonNull(acl, "acl");
    }

    /**
     * The built-in setup from {@code auth { ... }}: reads the password and ACL files now.
     *
     * @throws AuthFileException naming the file and line when one of them cannot be used
     */
    public static Auth fromSettings(AuthSettings s) {
        PasswordFile passwords = s.passwordFile() == null ? null : PasswordFile.load(s.passwordFile());
        Acl acl = s.aclFile() == null ? Acl.ALLOW_ALL : Acl.load(s.aclFile());
        return new Auth(new PasswordAuthenticator(s.allowAnonymous(), passwords), acl);
    }
}
