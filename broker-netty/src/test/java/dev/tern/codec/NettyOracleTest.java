package dev.tern.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.packet.Connack;
import dev.tern.packet.Connect;
import dev.tern.packet.MqttVersion;
import dev.tern.packet.Publish;
import dev.tern.packet.PublishProperties;
import dev.tern.packet.Qos;
import dev.tern.packet.ReasonCode;
import dev.tern.packet.Suback;
import dev.tern.packet.Subscribe;
import dev.tern.packet.SubscriptionOptions;
import dev.tern.packet.TopicSubscription;
import dev.tern.packet.UserProperty;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Netty's codec-mqtt as an independent oracle: its decoder reads what our encoder writes, and our
 * decoder reads what its encoder writes (3.1.1 and 5).
 */
class NettyOracleTest {

    private static MqttMessage nettyDecode(byte[] bytes, boolean afterConnect) {
        EmbeddedChannel ch = new EmbeddedChannel(new io.netty.handler.codec.mqtt.MqttDecoder());
        if (afterConnect) {
            // Netty's decoder learns MQTT 5 from a CONNECT it has decoded, so feed one first.
            ch.writeInbound(Unpooled.wrappedBuffer(RoundTripTest.encode(Connect.of(MqttVersion.V5, "c", true, 0),
                    MqttVersion.V5)));
            ch.readInbound();
        }
        ch.writeInbound(Unpooled.wrappedBuffer(bytes));
        MqttMessage m = ch.readInbound();
        ch.finishAndReleaseAll();
        assertThat(m.decoderResult().isSuccess()).as(String.valueOf(m.decoderResult().cause())).isTrue();
        return m;
    }

    private static byte[] nettyEncode(MqttMessage m) {
        EmbeddedChannel ch = new EmbeddedChannel(io.netty.handler.codec.mqtt.MqttEncoder.INSTANCE);
        ch.writeOutbound(m);
        ByteBuf buf = ch.readOutbound();
        byte[] bytes = ByteBufUtil.getBytes(buf);
        buf.release();
        ch.finishAndReleaseAll();
        return bytes;
    }

    @Test
    void netty_reads_our_3_1_1_connect() {
        Connect c = Connect.of(MqttVersion.V3_1_1, "cid", true, 30).withCredentials("u", new byte[] {'p'});
        MqttConnectMessage m = (MqttConnectMessage) nettyDecode(RoundTripTest.encode(c, MqttVersion.V3_1_1), false);
        assertThat(m.variableHeader().version()).isEqualTo(4);
        assertThat(m.payload().clientIdentifier()).isEqualTo("cid");
        assertThat(m.payload().userName()).isEqualTo("u");
        assertThat(m.variableHeader().keepAliveTimeSeconds()).isEqualTo(30);
    }

    @Test
    void netty_reads_our_5_connect_with_properties() {
        Connect c = Connect.of(MqttVersion.V5, "cid", false, 30).withSessionExpiryInterval(99).withReceiveMaximum(5);
        MqttConnectMessage m = (MqttConnectMessage) nettyDecode(RoundTripTest.encode(c, MqttVersion.V5), false);
        MqttProperties p = m.variableHeader().properties();
        assertThat(p.getProperty(0x11).value()).isEqualTo(99);
        assertThat(p.getProperty(0x21).value()).isEqualTo(5);
    }

    @Test
    void netty_reads_our_5_publish_and_suback() {
        Publish pub = new Publish("a/b", Qos.AT_LEAST_ONCE, false, true, 3, new PublishProperties(1, 60, 0, null,
                null, List.of(new UserProperty("k", "v")), List.of(), "ct"), "hello".getBytes(StandardCharsets.UTF_8));
        MqttPublishMessage m = (MqttPublishMessage) nettyDecode(RoundTripTest.encode(pub, MqttVersion.V5), true);
        assertThat(m.variableHeader().topicName()).isEqualTo("a/b");
        assertThat(m.variableHeader().packetId()).isEqualTo(3);
        assertThat(m.fixedHeader().isRetain()).isTrue();
        assertThat(m.payload().toString(StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(m.variableHeader().properties().getProperty(0x03).value()).isEqualTo("ct");

        Suback s = new Suback(4, List.of(ReasonCode.GRANTED_QOS_1, ReasonCode.NOT_AUTHORIZED), "r", List.of());
        MqttSubAckMessage sm = (MqttSubAckMessage) nettyDecode(RoundTripTest.encode(s, MqttVersion.V5), true);
        assertThat(sm.payload().reasonCodes()).containsExactly(0x01, 0x87);
    }

    @Test
    void netty_reads_our_3_1_1_connack() {
        MqttConnAckMessage m = (MqttConnAckMessage) nettyDecode(
                RoundTripTest.encode(Connack.of(false, ReasonCode.BAD_USER_NAME_OR_PASSWORD), MqttVersion.V3_1_1),
                false);
        assertThat(m.variableHeader().connectReturnCode())
                .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD);
    }

    @Test
    void we_read_nettys_3_1_1_connect_and_subscribe() {
        MqttConnectMessage connect = MqttMessageBuilders.connect().clientId("netty")
                .protocolVersion(io.netty.handler.codec.mqtt.MqttVersion.MQTT_3_1_1).keepAlive(15).cleanSession(true)
                .willFlag(true).willTopic("w").willMessage(new byte[] {1}).willQoS(MqttQoS.AT_LEAST_ONCE).build();
        MqttSubscribeMessage subscribe = MqttMessageBuilders.subscribe().messageId(9)
                .addSubscription(MqttQoS.EXACTLY_ONCE, "x/#").build();
        List<Object> out = DecoderHarness.decode(DecoderHarness::server,
                DecoderHarness.concat(nettyEncode(connect), nettyEncode(subscribe)));
        Connect c = (Connect) out.get(0);
        assertThat(c.clientId()).isEqualTo("netty");
        assertThat(c.will().qos()).isEqualTo(Qos.AT_LEAST_ONCE);
        assertThat(out.get(1)).isEqualTo(new Subscribe(9, List.of(
                new TopicSubscription("x/#", SubscriptionOptions.of(Qos.EXACTLY_ONCE))), 0, List.of()));
    }

    @Test
    void we_read_nettys_5_connect_and_publish() {
        MqttProperties props = new MqttProperties();
        props.add(new MqttProperties.IntegerProperty(0x11, 300));
        props.add(new MqttProperties.UserProperty("k", "v"));
        MqttConnectMessage connect = MqttMessageBuilders.connect().clientId("n5")
                .protocolVersion(io.netty.handler.codec.mqtt.MqttVersion.MQTT_5).keepAlive(15).cleanSession(true)
                .properties(props).build();
        MqttProperties pubProps = new MqttProperties();
        pubProps.add(new MqttProperties.IntegerProperty(0x02, 10));
        MqttPublishMessage publish = MqttMessageBuilders.publish().topicName("t").qos(MqttQoS.EXACTLY_ONCE)
                .messageId(2).properties(pubProps).payload(Unpooled.wrappedBuffer(new byte[] {4, 5})).build();
        List<Object> out = DecoderHarness.decode(DecoderHarness::server,
                DecoderHarness.concat(nettyEncode(connect), nettyEncode5(publish)));
        Connect c = (Connect) out.get(0);
        assertThat(c.sessionExpiryInterval()).isEqualTo(300);
        assertThat(c.userProperties()).containsExactly(new UserProperty("k", "v"));
        Publish p = (Publish) out.get(1);
        assertThat(p.properties().messageExpiryInterval()).isEqualTo(10);
        assertThat(p.payload()).containsExactly(4, 5);
    }

    /** Netty's encoder writes MQTT 5 properties only once the channel's version attribute says 5. */
    private static byte[] nettyEncode5(MqttMessage m) {
        EmbeddedChannel ch = new EmbeddedChannel(io.netty.handler.codec.mqtt.MqttEncoder.INSTANCE);
        ch.attr(io.netty.util.AttributeKey.<io.netty.handler.codec.mqtt.MqttVersion>valueOf("NETTY_CODEC_MQTT_VERSION"))
                .set(io.netty.handler.codec.mqtt.MqttVersion.MQTT_5);
        ch.writeOutbound(m);
        ByteBuf buf = ch.readOutbound();
        byte[] bytes = ByteBufUtil.getBytes(buf);
        buf.release();
        ch.finishAndReleaseAll();
        return bytes;
    }
}
