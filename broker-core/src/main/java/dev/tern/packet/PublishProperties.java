package dev.tern.packet;

import java.util.List;

/**
 * The MQTT 5 properties of a PUBLISH (section 3.3.2.3), also used for the will properties of CONNECT
 * (where topicAlias and subscriptionIdentifiers are always absent).
 *
 * @param payloadFormatIndicator  null if absent, else 0 (bytes) or 1 (UTF-8)
 * @param messageExpiryInterval   seconds, or -1 if absent
 * @param topicAlias              0 if absent
 * @param subscriptionIdentifiers empty if absent (server to client only)
 */
public record PublishProperties(
        Integer payloadFormatIndicator,
        long messageExpiryInterval,
        int topicAlias,
        String responseTopic,
        byte[] correlationData,
        List<UserProperty> userProperties,
        List<Integer> subscriptionIdentifiers,
        String contentType) {

    public static final PublishProperties NONE =
            new PublishProperties(null, -1, 0, null, null, List.of(), List.of(), null);

    public PublishProperties {
        userProperties = userProperties == null ? List.of() : List.copyOf(userProperties);
        subscriptionIdentifiers = subscriptionIdentifiers == null ? List.of() : List.copyOf(subscriptionIdentifiers);
    }

    public boolean hasMessageExpiry() {
        return messageExpiryInterval >= 0;
    }

    public PublishProperties withTopicAlias(int alias) {
        return new PublishProperties(payloadFormatIndicator, messageExpiryInterval, alias, responseTopic,
                correlationData, userProperties, subscriptionIdentifiers, contentType);
    }

    public PublishProperties withMessageExpiryInterval(long seconds) {
        return new PublishProperties(payloadFormatIndicator, seconds, topicAlias, responseTopic,
                correlationData, userProperties, subscriptionIdentifiers, contentType);
    }

    public PublishProperties withSubscriptionIdentifiers(List<Integer> ids) {
        return new PublishProperties(payloadFormatIndicator, messageExpiryInterval, topicAlias, responseTopic,
                correlationData, userProperties, ids, contentType);
    }
}
