package dev.tern.routing;

/**
 * How a shared subscription group picks the one member that receives a message
 * (MQTT 5.0 section 4.8.2: each message goes to only one session of the group; the choice is the
 * server's).
 */
public enum SharedStrategy {
    /** Members in turn, per group; spreads load evenly. */
    ROUND_ROBIN,
    /** A uniformly random member per message. */
    RANDOM,
    /** The longest-standing member until it leaves the group; keeps ordering on one consumer. */
    STICKY,
    /** A member chosen by the publisher's client id, so one publisher's messages stay in order on one member. */
    HASH_CLIENTID
}
