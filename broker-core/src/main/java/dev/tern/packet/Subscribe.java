package dev.tern.packet;

import java.util.List;

/**
 * SUBSCRIBE (MQTT 5.0 section 3.8).
 *
 * @param subscriptionIdentifier 0 if absent (1..268,435,455 otherwise)
 */
public record Subscribe(int packetId, List<TopicSubscription> subscriptions, int subscriptionIdentifier,
                        List<UserProperty> userProperties) implements MqttPacket {
    public Subscribe {
        subscriptions = List.copyOf(subscriptions);
        userProperties = userProperties == null ? List.of() : List.copyOf(userProperties);
    }

    @Override
    public PacketType type() {
        return PacketType.SUBSCRIBE;
    }
}
