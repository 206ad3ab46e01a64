package dev.tern.packet;

/** PINGRESP: no variable header, no payload. */
public record Pingresp() implements MqttPacket {
    public static final Pingresp INSTANCE = new Pingresp();

    @Override
    public PacketType type() {
        return PacketType.PINGRESP;
    }
}
