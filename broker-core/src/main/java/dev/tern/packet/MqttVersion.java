package dev.tern.packet;

/** Protocol versions Tern speaks, by the protocol level byte of CONNECT. */
public enum MqttVersion {
    V3_1(3, "MQIsdp"),
    V3_1_1(4, "MQTT"),
    V5(5, "MQTT");

    private final int level;
    private final String protocolName;

    MqttVersion(int level, String protocolName) {
        this.level = level;
        this.protocolName = protocolName;
    }

    public int level() {
        return level;
    }

    public String protocolName() {
        return protocolName;
    }

    public boolean isV5() {
        return this == V5;
    }

    /** @return the version for a protocol level, or null if Tern does not speak it */
    public static MqttVersion ofLevel(int level) {
        return switch (level) {
            case 3 -> V3_1;
            case 4 -> V3_1_1;
            case 5 -> V5;
            default -> null;
        };
    }

    @Override
    public String toString() {
        return switch (this) {
            case V3_1 -> "3.1";
            case V3_1_1 -> "3.1.1";
            case V5 -> "5.0";
        };
    }
}
