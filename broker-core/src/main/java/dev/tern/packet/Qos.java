package dev.tern.packet;

/** Quality of service levels (MQTT 5.0 section 4.3). */
public enum Qos {
    AT_MOST_ONCE,
    AT_LEAST_ONCE,
    EXACTLY_ONCE;

    private static final Qos[] VALUES = values();

    public int value() {
        return ordinal();
    }

    /** @throws IllegalArgumentException for a value other than 0, 1, 2 */
    public static Qos of(int value) {
        if (value < 0 || value > 2) {
            throw new IllegalArgumentException("invalid QoS " + value);
        }
        return VALUES[value];
    }

    public static Qos min(Qos a, Qos b) {
        return a.ordinal() <= b.ordinal() ? a : b;
    }
}
