package dev.tern.engine;

import dev.tern.auth.EnhancedAuthMethod;
import dev.tern.packet.ReasonCode;

/**
 * The outcome of checking a CONNECT before its session is touched: either the effective client id
 * (assigned by the server when the client sent none and the protocol allows it) or a reason to refuse.
 *
 * @param username   the authenticated identity for ACL rules; null for an anonymous client
 * @param exchange   non-null while MQTT 5 enhanced authentication is still to run (the transport drives
 *                   it, then calls {@link Engine#authenticated})
 * @param authMethod the CONNECT's Authentication Method, echoed in the CONNACK [MQTT-4.12.0-5]
 * @param authData   the final server data of the enhanced authentication, for the CONNACK
 */
public record Admission(String clientId, boolean assigned, ReasonCode refusal, String detail,
                        String username, EnhancedAuthMethod.Exchange exchange, String authMethod, byte[] authData) {

    public static Admission accept(String clientId, boolean assigned) {
        return new Admission(clientId, assigned, null, null, null, null, null, null);
    }

    public static Admission refuse(ReasonCode code, String detail) {
        return new Admission(null, false, code, detail, null, null, null, null);
    }

    Admission withUser(String user) {
        return new Admission(clientId, assigned, refusal, detail, user, null, authMethod, authData);
    }

    Admission awaitingAuth(String method, EnhancedAuthMethod.Exchange ex) {
        return new Admission(clientId, assigned, refusal, detail, username, ex, method, null);
    }

    Admission authenticatedAs(String user, byte[] finalServerData) {
        return new Admission(clientId, assigned, refusal, detail, user, null, authMethod, finalServerData);
    }

    public boolean accepted() {
        return refusal == null;
    }

    /** Whether an enhanced authentication exchange must complete before the session is attached. */
    public boolean awaitingAuth() {
        return accepted() && exchange != null;
    }
}
