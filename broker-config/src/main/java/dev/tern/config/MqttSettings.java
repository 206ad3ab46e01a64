package dev.tern.config;

import java.time.Duration;

/**
 * `mqtt { ... }`: protocol limits and behaviour. Every field is documented in reference.conf.
 *
 * @param maxPacketSize     bytes, the largest packet accepted from a client (also announced in CONNACK)
 * @param retryInterval     MQTT 3.1.1 only: in-session re-send of unacknowledged messages; ZERO = off
 * @param maxKeepalive      seconds; a client asking for more (or for 0 when allowZeroKeepalive is false)
 *                          gets this as Server Keep Alive (v5)
 * @param serverKeepalive   seconds; 0 = do not override the client's keep alive
 * @param maxTopicAlias     the Topic Alias Maximum announced to clients (0 = none)
 * @param receiveMaximum    the Receive Maximum announced to clients (inbound QoS 1/2 window)
 * @param sharedSubscriptionStrategy how a {@code $share/} group picks the member for each message
 * @param validateUtf8Payload        refuse (0x99) a PUBLISH whose Payload Format Indicator is 1 but
 *                                   whose payload is not valid UTF-8
 */
public record MqttSettings(
        int maxPacketSize,
        int maxMqueueLen,
        int maxInflightWindow,
        Duration retryInterval,
        double keepaliveMultiplier,
        Duration connectTimeout,
        int maxKeepalive,
        int serverKeepalive,
        boolean allowZeroKeepalive,
        int maxTopicAlias,
        boolean outboundTopicAlias,
        boolean queueQos0,
        DropPolicy mqueueDropPolicy,
        int maxQos,
        boolean retainAvailable,
        boolean wildcardSubscriptionAvailable,
        boolean sharedSubscriptionAvailable,
        boolean subscriptionIdentifiersAvailable,
        int receiveMaximum,
        int maxClientIdLength,
        SharedSubscriptionStrategy sharedSubscriptionStrategy,
        boolean validateUtf8Payload) {
}
