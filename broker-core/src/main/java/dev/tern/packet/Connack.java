package dev.tern.packet;

import java.util.List;
import java.util.Objects;

/**
 * CONNACK (MQTT 5.0 section 3.2). Every boxed property is null when absent; the encoder writes only
 * what is present, and writes none of them for 3.1.1 (where the reason code maps to a return code).
 */
public record Connack(
        boolean sessionPresent,
        ReasonCode reasonCode,
        Long sessionExpiryInterval,
        Integer receiveMaximum,
        Integer maximumQos,
        Boolean retainAvailable,
        Long maximumPacketSize,
        String assignedClientIdentifier,
        Integer topicAliasMaximum,
        String reasonString,
        List<UserProperty> userProperties,
        Boolean wildcardSubscriptionAvailable,
        Boolean subscriptionIdentifiersAvailable,
        Boolean sharedSubscriptionAvailable,
        Integer serverKeepAlive,
        String responseInformation,
        String serverReference,
        String authenticationMethod,
        byte[] authenticationData) implements MqttPacket {

    public Connack {
        Objects.requireNonNull(reasonCode, "reasonCode");
        userProperties = userProperties == null ? List.of() : List.copyOf(userProperties);
    }

    /** A CONNACK with no properties. */
    public static Connack of(boolean sessionPresent, ReasonCode code) {
        return new Connack(sessionPresent, code, null, null, null, null, null, null, null, null, List.of(),
                null, null, null, null, null, null, null, null);
    }

    @Override
    public PacketType type() {
        return PacketType.CONNACK;
    }
}
