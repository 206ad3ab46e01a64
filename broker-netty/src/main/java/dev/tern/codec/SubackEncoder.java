package dev.tern.codec;

import dev.tern.packet.MqttVersion;
import dev.tern.packet.ReasonCode;
import dev.tern.packet.Suback;
import dev.tern.packet.Unsuback;

/** SUBACK and UNSUBACK (MQTT 5.0 sections 3.9, 3.11; 3.1.1 return codes and an UNSUBACK without payload). */
final class SubackEncoder {
    private SubackEncoder() {
    }

    static void write(EncodeSink s, Suback p, MqttVersion v, boolean optional) {
        s.byte2(p.packetId());
        if (v.isV5()) {
            PropertiesWriter.block(s, (sink, a, opt) ->
                    PropertiesWriter.reasonAndUser(sink, a.reasonString(), a.userProperties(), opt), p, optional);
        }
        for (ReasonCode code : p.reasonCodes()) {
            s.byte1(v.isV5() ? code.value() : returnCode(code));
        }
    }

    static void write(EncodeSink s, Unsuback p, MqttVersion v, boolean optional) {
        s.byte2(p.packetId());
        if (!v.isV5()) {
            return;
        }
        PropertiesWriter.block(s, (sink, a, opt) ->
                PropertiesWriter.reasonAndUser(sink, a.reasonString(), a.userProperties(), opt), p, optional);
        for (ReasonCode code : p.reasonCodes()) {
            s.byte1(code.value());
        }
    }

    /** 3.1.1 SUBACK return codes (section 3.9.3): the granted QoS, or 0x80 for any failure. */
    private static int returnCode(ReasonCode code) {
        return switch (code) {
            case SUCCESS -> 0x00;
            case GRANTED_QOS_1 -> 0x01;
            case GRANTED_QOS_2 -> 0x02;
            default -> 0x80;
        };
    }
}
