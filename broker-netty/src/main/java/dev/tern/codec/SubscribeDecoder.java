package dev.tern.codec;

import dev.tern.packet.MqttVersion;
import dev.tern.packet.Qos;
import dev.tern.packet.Subscribe;
import dev.tern.packet.SubscriptionOptions;
import dev.tern.packet.TopicSubscription;
import java.util.ArrayList;
import java.util.List;

/** SUBSCRIBE (MQTT 5.0 section 3.8; 3.1.1 section 3.8). Client to server. */
final class SubscribeDecoder {
    private static final String SHARE_PREFIX = "$share/";

    private SubscribeDecoder() {
    }

    static Subscribe decode(PacketReader r, MqttVersion version) {
        int packetId = r.readPacketId();
        DecodedProperties props = version.isV5()
                ? PropertiesDecoder.decode(r, PropertyScope.SUBSCRIBE, false) : DecodedProperties.EMPTY;
        List<TopicSubscription> subscriptions = new ArrayList<>();
        while (r.hasRemaining()) {
            String filter = r.readUtf8("topic filter");
            int options = r.readUnsignedByte("subscription options");
            subscriptions.add(new TopicSubscription(filter, options(options, filter, version)));
        }
        if (subscriptions.isEmpty()) {
            throw DecodeException.protocolError("SUBSCRIBE without a topic filter [MQTT-3.8.3-3]");
        }
        return new Subscribe(packetId, subscriptions, props.integer(PropertyId.SUBSCRIPTION_IDENTIFIER, 0),
                props.userProperties());
    }

    private static SubscriptionOptions options(int options, String filter, MqttVersion version) {
        Qos qos = PacketReader.qos(options & 0x03, "subscription");
        if (!version.isV5()) {
            if ((options & 0xFC) != 0) {
                // 3.1.1 [MQTT-3-8.3-4]: only the QoS bits exist.
                throw DecodeException.malformed("reserved bits set in the requested QoS byte [MQTT-3-8.3-4]");
            }
            return SubscriptionOptions.of(qos);
        }
        if ((options & 0xC0) != 0) {
            throw DecodeException.malformed("reserved subscription option bits set [MQTT-3.8.3-5]");
        }
        boolean noLocal = (options & 0x04) != 0;
        int retainHandling = (options >>> 4) & 0x03;
        if (retainHandling == 3) {
            throw DecodeException.protocolError("Retain Handling 3 [MQTT 5.0 3.8.3.1]");
        }
        if (noLocal && filter.startsWith(SHARE_PREFIX)) {
            throw DecodeException.protocolError("No Local on a shared subscription [MQTT-3.8.3-4]");
        }
        return new SubscriptionOptions(qos, noLocal, (options & 0x08) != 0, retainHandling);
    }
}
