package dev.tern.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.packet.Auth;
import dev.tern.packet.Connack;
import dev.tern.packet.Connect;
import dev.tern.packet.Disconnect;
import dev.tern.packet.MqttPacket;
import dev.tern.packet.MqttVersion;
import dev.tern.packet.Pingreq;
import dev.tern.packet.Pingresp;
import dev.tern.packet.Puback;
import dev.tern.packet.Pubcomp;
import dev.tern.packet.Publish;
import dev.tern.packet.PublishProperties;
import dev.tern.packet.Pubrec;
import dev.tern.packet.Pubrel;
import dev.tern.packet.Qos;
import dev.tern.packet.ReasonCode;
import dev.tern.packet.Suback;
import dev.tern.packet.Subscribe;
import dev.tern.packet.SubscriptionOptions;
import dev.tern.packet.TopicSubscription;
import dev.tern.packet.Unsuback;
import dev.tern.packet.Unsubscribe;
import dev.tern.packet.UserProperty;
import dev.tern.packet.Will;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Encode with {@link MqttEncoder}, decode with {@link MqttDecoder}: every packet type, both directions. */
class RoundTripTest {
    private static final List<UserProperty> USER = List.of(new UserProperty("k", "v"), new UserProperty("k", "w"));
    private static final PublishProperties PUBLISH_PROPS = new PublishProperties(1, 30, 4, "resp",
            new byte[] {1, 2, 3}, USER, List.of(), "text/plain");

    static byte[] encode(MqttPacket p, MqttVersion v) {
        ByteBuf buf = MqttEncoder.INSTANCE.encode(UnpooledByteBufAllocator.DEFAULT, p, v, 0);
        assertThat(buf.readableBytes()).as("allocated exactly").isEqualTo(buf.capacity());
        byte[] bytes = ByteBufUtil.getBytes(buf);
        buf.release();
        return bytes;
    }

    static Stream<Arguments> clientToServer() {
        Connect full5 = new Connect(MqttVersion.V5, "client-1", false, 30, "user", new byte[] {'p', 'w'},
                new Will("will/t", new byte[] {9}, Qos.AT_LEAST_ONCE, true, 15, PUBLISH_PROPS.withTopicAlias(0)),
                3600, 100, 65_536, 8, true, false, USER, "SCRAM", new byte[] {7});
        Connect full3 = Connect.of(MqttVersion.V3_1_1, "c3", true, 0).withCredentials("u", new byte[] {1})
                .withWill(new Will("w", new byte[0], Qos.EXACTLY_ONCE, false, 0, null));
        return Stream.of(
                Arguments.of(MqttVersion.V5, full5),
                Arguments.of(MqttVersion.V3_1_1, full3),
                Arguments.of(MqttVersion.V3_1, Connect.of(MqttVersion.V3_1, "old", true, 10)),
                Arguments.of(MqttVersion.V5, new Publish("a/b", Qos.EXACTLY_ONCE, true, true, 65_535, PUBLISH_PROPS,
                        new byte[] {1, 2})),
                Arguments.of(MqttVersion.V3_1_1, Publish.of("a/b", Qos.AT_MOST_ONCE, false, 0, new byte[300])),
                Arguments.of(MqttVersion.V5, new Puback(1, ReasonCode.QUOTA_EXCEEDED, "full", USER)),
                Arguments.of(MqttVersion.V5, Puback.of(1)),
                Arguments.of(MqttVersion.V5, Pubrec.of(2, ReasonCode.NO_MATCHING_SUBSCRIBERS)),
                Arguments.of(MqttVersion.V5, new Pubrel(3, ReasonCode.SUCCESS, "r", List.of())),
                Arguments.of(MqttVersion.V5, Pubcomp.of(4, ReasonCode.PACKET_IDENTIFIER_NOT_FOUND)),
                Arguments.of(MqttVersion.V3_1_1, Puback.of(1)),
                Arguments.of(MqttVersion.V3_1_1, Pubrec.of(2)),
                Arguments.of(MqttVersion.V3_1_1, Pubrel.of(3)),
                Arguments.of(MqttVersion.V3_1_1, Pubcomp.of(4)),
                Arguments.of(MqttVersion.V5, new Subscribe(5, List.of(
                        new TopicSubscription("a/+", new SubscriptionOptions(Qos.EXACTLY_ONCE, true, true, 1)),
                        new TopicSubscription("$share/g/b", SubscriptionOptions.of(Qos.AT_MOST_ONCE))), 268_435_455,
                        USER)),
                Arguments.of(MqttVersion.V3_1_1, new Subscribe(5, List.of(
                        new TopicSubscription("#", SubscriptionOptions.of(Qos.AT_LEAST_ONCE))), 0, List.of())),
                Arguments.of(MqttVersion.V5, new Unsubscribe(6, List.of("a", "b/#"), USER)),
                Arguments.of(MqttVersion.V3_1_1, new Unsubscribe(6, List.of("a"), List.of())),
                Arguments.of(MqttVersion.V5, Pingreq.INSTANCE),
                Arguments.of(MqttVersion.V3_1_1, Pingreq.INSTANCE),
                Arguments.of(MqttVersion.V5, new Disconnect(ReasonCode.DISCONNECT_WITH_WILL, 0L, "bye", USER, null)),
                Arguments.of(MqttVersion.V5, Disconnect.NORMAL),
                Arguments.of(MqttVersion.V3_1_1, Disconnect.NORMAL),
                Arguments.of(MqttVersion.V5, new Auth(ReasonCode.RE_AUTHENTICATE, "SCRAM", new byte[] {1}, "again",
                        USER)),
                Arguments.of(MqttVersion.V5, new Auth(ReasonCode.SUCCESS, null, null, null, List.of())));
    }

    static Stream<Arguments> serverToClient() {
        Connack full = new Connack(false, ReasonCode.SUCCESS, 0xFFFF_FFFFL, 10, 0, false, 1_000_000L, "gen-1", 16,
                "welcome", USER, false, false, false, 120, "info", "other:1883", "SCRAM", new byte[] {1});
        return Stream.of(
                Arguments.of(MqttVersion.V5, full),
                Arguments.of(MqttVersion.V5, Connack.of(false, ReasonCode.BANNED)),
                Arguments.of(MqttVersion.V3_1_1, Connack.of(true, ReasonCode.SUCCESS)),
                Arguments.of(MqttVersion.V3_1_1, Connack.of(false, ReasonCode.NOT_AUTHORIZED)),
                Arguments.of(MqttVersion.V5, new Publish("a", Qos.AT_LEAST_ONCE, false, false, 9,
                        PUBLISH_PROPS.withSubscriptionIdentifiers(List.of(1, 200, 268_435_455)), new byte[0])),
                Arguments.of(MqttVersion.V3_1_1, Publish.of("a", Qos.EXACTLY_ONCE, true, 9, new byte[] {1})),
                Arguments.of(MqttVersion.V5, new Puback(1, ReasonCode.NOT_AUTHORIZED, "no", USER)),
                Arguments.of(MqttVersion.V5, new Pubrec(1, ReasonCode.SUCCESS, null, USER)),
                Arguments.of(MqttVersion.V5, Pubrel.of(1)),
                Arguments.of(MqttVersion.V5, Pubcomp.of(1)),
                Arguments.of(MqttVersion.V3_1_1, Pubrel.of(1)),
                Arguments.of(MqttVersion.V5, new Suback(2, List.of(ReasonCode.GRANTED_QOS_2, ReasonCode.NOT_AUTHORIZED),
                        "partly", USER)),
                Arguments.of(MqttVersion.V3_1_1, new Suback(2, List.of(ReasonCode.SUCCESS, ReasonCode.UNSPECIFIED_ERROR),
                        null, List.of())),
                Arguments.of(MqttVersion.V5, new Unsuback(3, List.of(ReasonCode.NO_SUBSCRIPTION_EXISTED), "r", USER)),
                Arguments.of(MqttVersion.V3_1_1, new Unsuback(3, List.of(), null, List.of())),
                Arguments.of(MqttVersion.V5, Pingresp.INSTANCE),
                Arguments.of(MqttVersion.V3_1_1, Pingresp.INSTANCE),
                Arguments.of(MqttVersion.V5, new Disconnect(ReasonCode.SERVER_MOVED, null, "moved", USER, "b:1883")),
                Arguments.of(MqttVersion.V5, Disconnect.of(ReasonCode.SESSION_TAKEN_OVER)),
                Arguments.of(MqttVersion.V5, new Auth(ReasonCode.CONTINUE_AUTHENTICATION, "SCRAM", new byte[] {2},
                        null, List.of())));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("clientToServer")
    void client_to_server_round_trip(MqttVersion version, MqttPacket packet) {
        List<Object> out;
        if (packet instanceof Connect) {
            out = DecoderHarness.decode(DecoderHarness::server, encode(packet, version));
        } else {
            Connect connect = Connect.of(version, "c", true, 60);
            out = DecoderHarness.decode(DecoderHarness::server,
                    DecoderHarness.concat(encode(connect, version), encode(packet, version)));
            out = out.subList(1, out.size());
        }
        assertThat(out).hasSize(1);
        assertThat(out.get(0)).usingRecursiveComparison().isEqualTo(packet);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("serverToClient")
    void server_to_client_round_trip(MqttVersion version, MqttPacket packet) {
        List<Object> out = DecoderHarness.decode(() -> DecoderHarness.client(version), encode(packet, version));
        assertThat(out).hasSize(1);
        assertThat(out.get(0)).usingRecursiveComparison().isEqualTo(packet);
    }
}
