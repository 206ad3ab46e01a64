package dev.tern.codec;

import dev.tern.packet.MqttVersion;
import dev.tern.packet.Unsubscribe;
import java.util.ArrayList;
import java.util.List;

/** UNSUBSCRIBE (MQTT 5.0 section 3.10). Client to server. */
final class UnsubscribeDecoder {
    private UnsubscribeDecoder() {
    }

    static Unsubscribe decode(PacketReader r, MqttVersion version) {
        int packetId = r.readPacketId();
        DecodedProperties props = version.isV5()
                ? PropertiesDecoder.decode(r, PropertyScope.UNSUBSCRIBE, false) : DecodedProperties.EMPTY;
        List<String> filters = new ArrayList<>();
        while (r.hasRemaining()) {
            filters.add(r.readUtf8("topic filter"));
        }
        if (filters.isEmpty()) {
            throw DecodeException.protocolError("UNSUBSCRIBE without a topic filter [MQTT-3.10.3-2]");
        }
        return new Unsubscribe(packetId, filters, props.userProperties());
    }
}
