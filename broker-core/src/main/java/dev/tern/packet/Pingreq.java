package dev.tern.packet;

/** PINGREQ: no variable header, no payload. */
public record Pingreq() implements MqttPacket {
    public static final Pingreq INSTANCE = new Pingreq();

    @Override
    public PacketType type() {
        return PacketType.PINGREQ;
    }
}
