package dev.tern.engine;

import dev.tern.packet.ReasonCode;

/**
 * The outcome of checking a CONNECT before its session is touched: either the effective client id
 * (assigned by the server when the client sent none and the protocol allows it) or a reason to refuse.
 */
public record Admission(String clientId, boolean assigned, ReasonCode refusal, String detail) {

    public static Admission accept(String clientId, boolean assigned) {
        return new Admission(clientId, assigned, null, null);
    }

    public static Admission refuse(ReasonCode code, String detail) {
        return new Admission(null, false, code, detail);
    }

    public boolean accepted() {
        return refusal == null;
    }
}
