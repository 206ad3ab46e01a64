package dev.tern.store;

import dev.tern.packet.PublishProperties;
import dev.tern.packet.Qos;
import dev.tern.packet.UserProperty;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Messages with every field set, and with every optional field absent. */
final class StoreFixtures {

    private StoreFixtures() {
    }

    static PublishProperties fullProperties() {
        return new PublishProperties(1, 3600, 0, "réponse/ⓣopic", new byte[] {0, 1, 2, (byte) 0xFF},
                List.of(new UserProperty("k", "v1"), new UserProperty("ключ", "值"), new UserProperty("k", "v0"),
                        new UserProperty("", "")),
                List.of(7, 268_435_455), "application/json; charset=ü");
    }

    static StoredMessage fullMessage(String topic) {
        return new StoredMessage(topic, "payload ☃".getBytes(StandardCharsets.UTF_8), Qos.EXACTLY_ONCE, true,
                fullProperties(), 1_700_000_000_123L, "sender-ß");
    }

    static StoredMessage bareMessage(String topic) {
        return new StoredMessage(topic, new byte[0], Qos.AT_MOST_ONCE, false, PublishProperties.NONE, Long.MAX_VALUE, null);
    }

    static StoredDelivery delivery(long sequence, StoredDelivery.State state, int packetId) {
        StoredMessage message = state == StoredDelivery.State.AWAIT_PUBCOMP ? null : fullMessage("d/" + sequence);
        Qos qos = state == StoredDelivery.State.AWAIT_PUBACK ? Qos.AT_LEAST_ONCE : Qos.EXACTLY_ONCE;
        return new StoredDelivery(sequence, state, packetId, qos, sequence % 2 == 0, List.of(1, (int) sequence + 2), message);
    }
}
