package dev.tern.transport;

import dev.tern.packet.Publish;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The broker-to-client topic aliases of one connection (MQTT 5.0 section 3.3.2.3.4): at most
 * {@code max} aliases, least recently used replaced first. A topic's first PUBLISH carries the topic
 * and its alias; later ones an empty topic and the alias. Aliases never exceed the
 * client's Topic Alias Maximum [MQTT-3.3.2-11], and the table dies with the connection
 * [MQTT-3.3.2-7]. Used on the connection's I/O thread only.
 *
 * <p>Two steps, so that a PUBLISH dropped for size changes nothing: {@link #apply} rewrites the
 * packet, {@link #commit} records a new mapping once the packet was actually written.
 */
final class OutboundTopicAliases {
    private final int max;
    /** topic -> alias, in access order: the eldest is the least recently used. */
    private final LinkedHashMap<String, Integer> aliases = new LinkedHashMap<>(16, 0.75f, true);
    private String pendingTopic;
    private int pendingAlias;

    OutboundTopicAliases(int max) {
        if (max < 1 || max > 65535) {
            throw new IllegalArgumentException("topic alias maximum must be 1..65535: " + max);
        }
        this.max = max;
    }

    /** The PUBLISH to send in place of {@code p}; call {@link #commit} after it was written. */
    Publish apply(Publish p) {
        pendingTopic = null;
        if (p.topic().isEmpty()) {
            return p;
        }
        Integer known = aliases.get(p.topic()); // also marks it most recently used
        if (known != null) {
            return new Publish("", p.qos(), p.dup(), p.retain(), p.packetId(),
                    p.properties().withTopicAlias(known), p.payload());
        }
        int alias;
        if (aliases.size() < max) {
            alias = aliases.size() + 1; // aliases are handed out 1..max and never removed, only replaced
        } else {
            Iterator<Map.Entry<String, Integer>> eldest = aliases.entrySet().iterator();
            alias = eldest.next().getValue();
        }
        pendingTopic = p.topic();
        pendingAlias = alias;
        return new Publish(p.topic(), p.qos(), p.dup(), p.retain(), p.packetId(),
                p.properties().withTopicAlias(alias), p.payload());
    }

    /** The packet from the last {@link #apply} went out: the client now knows its mapping. */
    void commit() {
        if (pendingTopic == null) {
            return;
        }
        if (aliases.size() >= max) {
            Iterator<Map.Entry<String, Integer>> eldest = aliases.entrySet().iterator();
            eldest.next();
            eldest.remove();
        }
        aliases.put(pendingTopic, pendingAlias);
        pendingTopic = null;
    }

    int size() {
        return aliases.size();
    }
}
