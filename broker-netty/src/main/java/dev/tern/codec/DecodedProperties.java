package dev.tern.codec;

import dev.tern.packet.UserProperty;
import java.util.ArrayList;
import java.util.List;

/**
 * The properties of one MQTT 5 property block after validation. Values are boxed by data type:
 * Integer (byte, two byte, variable byte), Long (four byte), String, byte[].
 *
 * <p>Sized for what a block holds, not for every identifier there is: one bit per identifier seen
 * (all identifiers are below 64) answers {@link #has} and the duplicate check, and only the values
 * present are stored, in identifier order in a small array (the index of a value is the number of
 * lower identifiers present). A block with only User Properties stores no array at all; one or two
 * of them (the common case) become the final immutable list directly.
 */
final class DecodedProperties {
    static final DecodedProperties EMPTY = new DecodedProperties();

    /** Every identifier seen, User Property and Subscription Identifier included. */
    private long seen;
    /** The identifiers with a value in {@link #values}. */
    private long valued;
    private Object[] values;
    private UserProperty firstUser;
    private UserProperty secondUser;
    private List<UserProperty> moreUsers;
    private List<Integer> subscriptionIdentifiers = List.of();

    boolean has(PropertyId id) {
        return (seen & bit(id)) != 0;
    }

    void put(PropertyId id, Object value) {
        long bit = bit(id);
        seen |= bit;
        int at = Long.bitCount(valued & (bit - 1));
        if ((valued & bit) != 0) {
            values[at] = value; // a repeated Subscription Identifier: the last one, as before
            return;
        }
        int count = Long.bitCount(valued);
        if (values == null) {
            values = new Object[4];
        } else if (count == values.length) {
            Object[] grown = new Object[count * 2];
            System.arraycopy(values, 0, grown, 0, count);
            values = grown;
        }
        System.arraycopy(values, at, values, at + 1, count - at);
        values[at] = value;
        valued |= bit;
    }

    private Object get(PropertyId id) {
        long bit = bit(id);
        return (valued & bit) == 0 ? null : values[Long.bitCount(valued & (bit - 1))];
    }

    private static long bit(PropertyId id) {
        return 1L << id.id();
    }

    void addUserProperty(UserProperty p) {
        seen |= bit(PropertyId.USER_PROPERTY);
        if (firstUser == null) {
            firstUser = p;
        } else if (secondUser == null) {
            secondUser = p;
        } else {
            if (moreUsers == null) {
                moreUsers = new ArrayList<>();
                moreUsers.add(firstUser);
                moreUsers.add(secondUser);
            }
            moreUsers.add(p);
        }
    }

    void addSubscriptionIdentifier(int id) {
        if (subscriptionIdentifiers.isEmpty()) {
            subscriptionIdentifiers = new ArrayList<>();
        }
        subscriptionIdentifiers.add(id);
    }

    Integer integer(PropertyId id) {
        return (Integer) get(id);
    }

    int integer(PropertyId id, int absent) {
        Integer v = integer(id);
        return v == null ? absent : v;
    }

    Long fourByte(PropertyId id) {
        return (Long) get(id);
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
        return (String) get(id);
    }

    byte[] binary(PropertyId id) {
        return (byte[]) get(id);
    }

    /** Immutable, in the order received; the records that take it keep it as is (List.copyOf of it is free). */
    List<UserProperty> userProperties() {
        if (firstUser == null) {
            return List.of();
        }
        if (secondUser == null) {
            return List.of(firstUser);
        }
        return moreUsers == null ? List.of(firstUser, secondUser) : List.copyOf(moreUsers);
    }

    List<Integer> subscriptionIdentifiers() {
        return subscriptionIdentifiers;
    }
}
