package dev.tern.engine;

import dev.tern.packet.ReasonCode;

/**
 * Why a connection ended. Kept as the session's last disconnect reason and logged once.
 *
 * @param code   the MQTT 5 reason code that describes it (sent in DISCONNECT where the server closes)
 * @param detail human-readable detail for the log, may be null
 */
public record CloseReason(Kind kind, ReasonCode code, String detail) {

    /** The kinds of close, each with whether it triggers the will ([MQTT-3.1.2-8], [MQTT-3.1.2-10]). */
    public enum Kind {
        /** DISCONNECT with reason 0x00: the will is discarded. */
        CLIENT_DISCONNECT(false, false),
        /** DISCONNECT 0x04 or any other reason code from the client: the will is published. */
        CLIENT_DISCONNECT_WITH_WILL(true, false),
        KEEPALIVE_TIMEOUT(true, true),
        PROTOCOL_ERROR(true, true),
        SESSION_TAKEN_OVER(true, true),
        SOCKET_CLOSED(true, false),
        SOCKET_ERROR(true, false),
        SERVER_SHUTDOWN(true, true),
        ADMINISTRATIVE_ACTION(true, true);

        private final boolean publishesWill;
        private final boolean serverInitiated;

        Kind(boolean publishesWill, boolean serverInitiated) {
            this.publishesWill = publishesWill;
            this.serverInitiated = serverInitiated;
        }
    }

    public boolean publishesWill() {
        return kind.publishesWill;
    }

    /** Whether the server closes the connection (and so may send DISCONNECT to an MQTT 5 client). */
    public boolean serverInitiated() {
        return kind.serverInitiated;
    }

    public static CloseReason clientDisconnect(ReasonCode code) {
        return new CloseReason(code == ReasonCode.SUCCESS ? Kind.CLIENT_DISCONNECT : Kind.CLIENT_DISCONNECT_WITH_WILL,
                code, null);
    }

    public static CloseReason keepaliveTimeout(String detail) {
        return new CloseReason(Kind.KEEPALIVE_TIMEOUT, ReasonCode.KEEP_ALIVE_TIMEOUT, detail);
    }

    public static CloseReason protocolError(ReasonCode code, String detail) {
        return new CloseReason(Kind.PROTOCOL_ERROR, code, detail);
    }

    public static CloseReason takenOver(String detail) {
        return new CloseReason(Kind.SESSION_TAKEN_OVER, ReasonCode.SESSION_TAKEN_OVER, detail);
    }

    public static CloseReason socketClosed() {
        return new CloseReason(Kind.SOCKET_CLOSED, ReasonCode.UNSPECIFIED_ERROR, null);
    }

    public static CloseReason socketError(String detail) {
        return new CloseReason(Kind.SOCKET_ERROR, ReasonCode.UNSPECIFIED_ERROR, detail);
    }

    public static CloseReason serverShutdown() {
        return new CloseReason(Kind.SERVER_SHUTDOWN, ReasonCode.SERVER_SHUTTING_DOWN, null);
    }

    public static CloseReason kicked(String detail) {
        return new CloseReason(Kind.ADMINISTRATIVE_ACTION, ReasonCode.ADMINISTRATIVE_ACTION, detail);
    }

    /** For logs, e.g. "keepalive timeout (no packet for 7.5 s)". */
    public String describe() {
        return describeTo(new StringBuilder(64)).toString();
    }

    /** Appends {@link #describe()}'s text to b (the close line is built in one buffer). */
    public StringBuilder describeTo(StringBuilder b) {
        switch (kind) {
            case CLIENT_DISCONNECT -> b.append("client sent DISCONNECT");
            case CLIENT_DISCONNECT_WITH_WILL -> b.append("client sent DISCONNECT ").append(hex(code))
                    .append(" (").append(code == ReasonCode.DISCONNECT_WITH_WILL ? "disconnect with will" : name(code)).append(')');
            case KEEPALIVE_TIMEOUT -> b.append("keepalive timeout");
            case PROTOCOL_ERROR -> b.append(name(code)).append(' ').append(hex(code));
            case SESSION_TAKEN_OVER -> b.append("session taken over");
            case SOCKET_CLOSED -> b.append("socket closed by peer without DISCONNECT");
            case SOCKET_ERROR -> b.append("socket error");
            case SERVER_SHUTDOWN -> b.append("server shutting down");
            case ADMINISTRATIVE_ACTION -> b.append("kicked by administrator");
        }
        return detail == null ? b : b.append(" (").append(detail).append(')');
    }

    @Override
    public String toString() {
        return describe();
    }

    private static String hex(ReasonCode c) {
        String h = Integer.toHexString(c.value()).toUpperCase(java.util.Locale.ROOT);
        return h.length() == 1 ? "0x0" + h : "0x" + h;
    }

    private static String name(ReasonCode c) {
        return c.name().toLowerCase().replace('_', ' ');
    }
}
