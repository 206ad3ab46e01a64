package dev.tern.auth;

import dev.tern.packet.Connect;

/**
 * The authentication extension point: decides who a CONNECT is. Plain username/password through
 * {@link #authenticate}, MQTT 5 enhanced authentication (section 4.12) through {@link #enhanced}.
 * Implementations are thread-safe: they are called on whichever event loop accepted the connection.
 */
public interface Authenticator {

    /** Checks a CONNECT without an Authentication Method. */
    AuthResult authenticate(Connect c);

    /** The method for an Authentication Method name, or null if it is not supported (CONNACK 0x8C). */
    EnhancedAuthMethod enhanced(String methodName);
}
