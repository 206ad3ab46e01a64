package dev.tern.auth;

import dev.tern.packet.ReasonCode;

/**
 * The outcome of checking a CONNECT's credentials.
 *
 * @param username the identity that ACL rules see ({@code user <name>}, {@code %u}); null when anonymous
 * @param refusal  null on success, else the CONNACK reason code (mapped to a 3.1.1 return code by the encoder)
 * @param detail   why, for the log; never contains the password
 */
public record AuthResult(String username, ReasonCode refusal, String detail) {

    public static AuthResult success(String username) {
        return new AuthResult(username, null, null);
    }

    public static AuthResult failure(ReasonCode code, String detail) {
        return new AuthResult(null, code, detail);
    }

    public boolean succeeded() {
        return refusal == null;
    }
}
