package dev.tern.auth;

import dev.tern.packet.Connect;
import dev.tern.packet.ReasonCode;

/**
 * One MQTT 5 enhanced authentication method (MQTT 5.0 section 4.12), such as {@link ScramSha256}.
 * {@link #start} begins an exchange for one CONNECT; the transport then feeds it the CONNECT's
 * Authentication Data and each AUTH packet's data in turn.
 */
public interface EnhancedAuthMethod {

    /** The Authentication Method string, e.g. {@code SCRAM-SHA-256}. */
    String name();

    Exchange start(Connect c);

    /** The server side of one authentication conversation. Used by one thread at a time. */
    interface Exchange {
        /** Consumes the client's next message (null if the packet had no Authentication Data). */
        Step step(byte[] clientData);
    }

    /** What the server does next. */
    sealed interface Step {
        /** Send AUTH 0x18 (Continue authentication) with this data and wait for the client's AUTH. */
        record Continue(byte[] serverData) implements Step {
        }

        /** Authenticated: CONNACK 0x00 carries the method and this data (may be null) [MQTT-4.12.0-5]. */
        record Success(byte[] serverData, String username) implements Step {
        }

        /** Refuse with this CONNACK reason code and close. */
        record Failure(ReasonCode reason, String detail) implements Step {
        }
    }
}
