package dev.tern.config;

import java.time.Duration;

/**
 * `session { ... }`.
 *
 * @param maxExpiryInterval seconds; caps the MQTT 5 Session Expiry Interval (4294967295 = no cap)
 * @param ttl               how long an MQTT 3.1.1 clean-session=0 session is kept after its connection closes
 */
public record SessionSettings(long maxExpiryInterval, Duration ttl) {
}
