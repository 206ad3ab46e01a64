package dev.tern.codec;

import dev.tern.packet.UserProperty;
import java.util.ArrayList;
import java.util.List;

/**
 * The properties of one MQTT 5 property block after validation, indexed by identifier. Values are
 * boxed by data type: Integer (byte, two byte, variable byte), Long (four byte), String, byte[].
 */
final class DecodedProperties {
    static final DecodedProperties EMPTY = new DecodedProperties();

    private final Object[] values = new Object[64];
    private List<UserProperty> userProperties = List.of();
    private List<Integer> subscriptionIdentifiers = List.of();

    void put(PropertyId id, Object value) {
        values[id.id()] = value;
    }

    boolean has(PropertyId id) {
        return values[id.id()] != null;
    }

    void addUserProperty(UserProperty p) {
        if (userProperties.isEmpty()) {
            userProperties = new ArrayList<>();
        }
        userProperties.add(p);
    }

    void addSubscriptionIdentifier(int id) {
        if (subscriptionIdentifiers.isEmpty()) {
            subscriptionIdentifiers = new ArrayList<>();
        }
        subscriptionIdentifiers.add(id);
    }

    Integer integer(PropertyId id) {
        return (Integer) values[id.id()];
    }

    int integer(PropertyId id, int absent) {
        Integer v = integer(id);
        return v == null ? absent : v;
    }

    Long fourByte(PropertyId id) {
        return (Long) values[id.id()];
    }

    long fourByte(PropertyId id, long absent) {
        Long v = fourByte(id);
        return v == null ? absent : v;
    }

    Boolean flag(PropertyId id) {
        Integer v = integer(id);
        return v == null ? null : v == 1;
    }

    String string(PropertyId id) {
        return (String) values[id.id()];
    }

    byte[] binary(PropertyId id) {
        return (byte[]) values[id.id()];
    }

    List<UserProperty> userProperties() {
        return userProperties;
    }

    List<Integer> subscriptionIdentifiers() {
        return subscriptionIdentifiers;
    }
}
