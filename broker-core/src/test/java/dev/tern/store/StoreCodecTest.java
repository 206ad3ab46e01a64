package dev.tern.store;

import static dev.tern.store.StoreFixtures.bareMessage;
import static dev.tern.store.StoreFixtures.fullMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.packet.MqttVersion;
import dev.tern.packet.PublishProperties;
import dev.tern.packet.Qos;
import dev.tern.packet.SubscriptionOptions;
import dev.tern.packet.UserProperty;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every field of every stored value survives encode and decode. */
class StoreCodecTest {

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void session_round_trip(MqttVersion version) {
        byte[] bytes = StoreCodec.encodeSession(version, 0xFFFF_FFFFL, 1_700_000_000_000L);
        assertThat(bytes[0]).isEqualTo((byte) StoreCodec.FORMAT);
        assertThat(StoreCodec.decodeSession(bytes))
                .isEqualTo(new StoreCodec.SessionHeader(version, 0xFFFF_FFFFL, 1_700_000_000_000L));
    }

    @Test
    void subscription_round_trip_with_every_option() {
        for (Qos qos : Qos.values()) {
            for (int rh = 0; rh <= 2; rh++) {
                for (int bits = 0; bits < 4; bits++) {
                    var sub = new StoredSession.StoredSubscription(
                            new SubscriptionOptions(qos, (bits & 1) != 0, (bits & 2) != 0, rh), rh * 1000 + bits);
                    assertThat(StoreCodec.decodeSubscription(StoreCodec.encodeSubscription(sub))).isEqualTo(sub);
                }
            }
        }
        var maxId = new StoredSession.StoredSubscription(SubscriptionOptions.of(Qos.AT_MOST_ONCE), 268_435_455);
        assertThat(StoreCodec.decodeSubscription(StoreCodec.encodeSubscription(maxId))).isEqualTo(maxId);
    }

    @ParameterizedTest
    @EnumSource(StoredDelivery.State.class)
    void delivery_round_trip_in_every_state(StoredDelivery.State state) {
        int packetId = state == StoredDelivery.State.QUEUED ? 0 : 65535;
        StoredDelivery d = StoreFixtures.delivery(42, state, packetId);
        assertThat(StoreCodec.decodeDelivery(42, StoreCodec.encodeDelivery(d))).usingRecursiveComparison().isEqualTo(d);
    }

    @Test
    void delivery_without_subscription_ids_or_message() {
        var d = new StoredDelivery(Long.MAX_VALUE, StoredDelivery.State.AWAIT_PUBCOMP, 1, Qos.EXACTLY_ONCE, false,
                List.of(), null);
        assertThat(StoreCodec.decodeDelivery(Long.MAX_VALUE, StoreCodec.encodeDelivery(d))).isEqualTo(d);
    }

    @Test
    void message_with_every_field_round_trips_with_user_property_order() {
        StoredMessage m = fullMessage("tëst/主题/🐦");
        StoredMessage back = StoreCodec.decodeMessage(StoreCodec.encodeMessage(m));
        assertThat(back).usingRecursiveComparison().isEqualTo(m);
        assertThat(back.properties().userProperties()).containsExactly(
                new UserProperty("k", "v1"), new UserProperty("ключ", "值"), new UserProperty("k", "v0"),
                new UserProperty("", ""));
        assertThat(back.properties().subscriptionIdentifiers()).containsExactly(7, 268_435_455);
    }

    @Test
    void message_with_every_optional_field_absent() {
        StoredMessage m = bareMessage("");
        StoredMessage back = StoreCodec.decodeMessage(StoreCodec.encodeMessage(m));
        assertThat(back).usingRecursiveComparison().isEqualTo(m);
        assertThat(back.senderId()).isNull();
        assertThat(back.properties().payloadFormatIndicator()).isNull();
        assertThat(back.properties().messageExpiryInterval()).isEqualTo(-1);
        assertThat(back.properties().responseTopic()).isNull();
        assertThat(back.properties().correlationData()).isNull();
        assertThat(back.properties().contentType()).isNull();
    }

    @Test
    void null_payload_and_null_properties_stay_null() {
        var m = new StoredMessage("t", null, Qos.AT_LEAST_ONCE, false, null, 0, "");
        assertThat(StoreCodec.decodeMessage(StoreCodec.encodeMessage(m))).usingRecursiveComparison().isEqualTo(m);
    }

    @Test
    void empty_strings_and_empty_correlation_data_are_kept_distinct_from_absent() {
        var p = new PublishProperties(0, 0, 0, "", new byte[0], List.of(), List.of(), "");
        var m = new StoredMessage("t", new byte[0], Qos.AT_MOST_ONCE, false, p, 5, "");
        StoredMessage back = StoreCodec.decodeMessage(StoreCodec.encodeMessage(m));
        assertThat(back).usingRecursiveComparison().isEqualTo(m);
        assertThat(back.properties().correlationData()).isEmpty();
        assertThat(back.properties().responseTopic()).isEmpty();
        assertThat(back.properties().payloadFormatIndicator()).isZero();
        assertThat(back.properties().messageExpiryInterval()).isZero();
    }

    @Test
    void topic_alias_is_not_stored_because_it_belongs_to_one_connection() {
        var m = new StoredMessage("t", new byte[] {1}, Qos.AT_LEAST_ONCE, false,
                PublishProperties.NONE.withTopicAlias(9), 5, null);
        assertThat(StoreCodec.decodeMessage(StoreCodec.encodeMessage(m)).properties().topicAlias()).isZero();
    }

    @Test
    void will_round_trip() {
        StoredMessage will = fullMessage("will/topic");
        StoreCodec.PendingWill back = StoreCodec.decodeWill(StoreCodec.encodeWill(will, 1_800_000_000_000L));
        assertThat(back.dueAtMillis()).isEqualTo(1_800_000_000_000L);
        assertThat(back.message()).usingRecursiveComparison().isEqualTo(will);
    }

    @Test
    void large_payload_round_trips() {
        byte[] payload = new byte[1 << 20];
        Arrays.fill(payload, (byte) 7);
        var m = new StoredMessage("big", payload, Qos.AT_LEAST_ONCE, false, PublishProperties.NONE, 1, null);
        assertThat(StoreCodec.decodeMessage(StoreCodec.encodeMessage(m)).payload()).isEqualTo(payload);
    }

    @Test
    void an_unknown_value_format_is_refused() {
        byte[] bytes = StoreCodec.encodeMessage(bareMessage("t"));
        bytes[0] = 2;
        assertThatThrownBy(() -> StoreCodec.decodeMessage(bytes))
                .isInstanceOf(StoreException.class).hasMessageContaining("format 2");
    }

    @Test
    void a_truncated_or_padded_value_is_refused() {
        byte[] bytes = StoreCodec.encodeMessage(fullMessage("t"));
        for (int len = 0; len < bytes.length; len++) {
            byte[] cut = Arrays.copyOf(bytes, len);
            assertThatThrownBy(() -> StoreCodec.decodeMessage(cut)).isInstanceOf(StoreException.class);
        }
        byte[] padded = Arrays.copyOf(bytes, bytes.length + 1);
        assertThatThrownBy(() -> StoreCodec.decodeMessage(padded))
                .isInstanceOf(StoreException.class).hasMessageContaining("trailing");
    }
}
