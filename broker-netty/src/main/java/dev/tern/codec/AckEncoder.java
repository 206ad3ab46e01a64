package dev.tern.codec;

import dev.tern.packet.MqttVersion;
import dev.tern.packet.ReasonCode;
import dev.tern.packet.UserProperty;
import java.util.List;

/**
 * PUBACK, PUBREC, PUBREL, PUBCOMP (MQTT 5.0 sections 3.4-3.7). MQTT 5 uses the short forms: only the
 * packet id for Success without properties, packet id and reason code without properties.
 */
final class AckEncoder {
    /** The fields the four acks share. */
    record Ack(int packetId, ReasonCode reasonCode, String reasonString, List<UserProperty> userProperties) {
    }

    private AckEncoder() {
    }

    static void write(EncodeSink s, Ack a, MqttVersion v, boolean optional) {
        s.byte2(a.packetId());
        if (!v.isV5()) {
            return;
        }
        boolean noProperties = PropertiesWriter.isEmpty(s, AckEncoder::properties, a, optional);
        if (noProperties && a.reasonCode() == ReasonCode.SUCCESS) {
            return;
        }
        s.byte1(a.reasonCode().value());
        if (!noProperties) {
            PropertiesWriter.block(s, AckEncoder::properties, a, optional);
        }
    }

    private static void properties(EncodeSink s, Ack a, boolean optional) {
        PropertiesWriter.reasonAndUser(s, a.reasonString(), a.userProperties(), optional);
    }
}
