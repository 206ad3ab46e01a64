package dev.tern.packet;

import java.util.Objects;

/**
 * The will of a CONNECT (MQTT 5.0 section 3.1.3.2, 3.1.1 section 3.1.3.2).
 *
 * @param delayInterval Will Delay Interval in seconds (0 if absent, always 0 for 3.1.1)
 */
public record Will(String topic, byte[] payload, Qos qos, boolean retain, long delayInterval,
                   PublishProperties properties) {
    public Will {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(qos, "qos");
        properties = properties == null ? PublishProperties.NONE : properties;
    }
}
