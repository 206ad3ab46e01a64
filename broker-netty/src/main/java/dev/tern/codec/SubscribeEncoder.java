package dev.tern.codec;

import dev.tern.packet.MqttVersion;
import dev.tern.packet.Subscribe;
import dev.tern.packet.SubscriptionOptions;
import dev.tern.packet.TopicSubscription;
import dev.tern.packet.Unsubscribe;

/** SUBSCRIBE and UNSUBSCRIBE (MQTT 5.0 sections 3.8, 3.10), for Tern's own client. */
final class SubscribeEncoder {
    private SubscribeEncoder() {
    }

    static void write(EncodeSink s, Subscribe p, MqttVersion v) {
        s.byte2(p.packetId());
        if (v.isV5()) {
            PropertiesWriter.block(s, SubscribeEncoder::properties, p, true);
        }
        for (TopicSubscription t : p.subscriptions()) {
            s.utf8(t.filter());
            s.byte1(options(t.options(), v));
        }
    }

    static void write(EncodeSink s, Unsubscribe p, MqttVersion v) {
        s.byte2(p.packetId());
        if (v.isV5()) {
            PropertiesWriter.block(s, (sink, u, optional) -> PropertiesWriter.userProps(sink, u.userProperties()),
                    p, true);
        }
        for (String filter : p.filters()) {
            s.utf8(filter);
        }
    }

    /** Section 3.8.3.1; 3.1.1 has only the QoS bits. */
    private static int options(SubscriptionOptions o, MqttVersion v) {
        int b = o.maxQos().value();
        if (v.isV5()) {
            b |= (o.noLocal() ? 0x04 : 0) | (o.retainAsPublished() ? 0x08 : 0) | o.retainHandling() << 4;
        }
        return b;
    }

    private static void properties(EncodeSink s, Subscribe p, boolean optional) {
        if (p.subscriptionIdentifier() != 0) {
            PropertiesWriter.varIntProp(s, PropertyId.SUBSCRIPTION_IDENTIFIER, p.subscriptionIdentifier());
        }
        PropertiesWriter.userProps(s, p.userProperties());
    }
}
