package dev.tern.codec;

import dev.tern.packet.PacketType;
import dev.tern.packet.ReasonCode;

/** Reads a reason code byte and checks that the packet type may carry it (MQTT 5.0 section 2.4). */
final class ReasonCodes {
    private ReasonCodes() {
    }

    static ReasonCode read(PacketReader r, PacketType type) {
        int value = r.readUnsignedByte("reason code");
        ReasonCode code = ReasonCode.of(value);
        if (code == null || !code.validFor(type)) {
            throw DecodeException.malformed(String.format("reason code 0x%02X is not valid for %s", value, type));
        }
        return code;
    }
}
