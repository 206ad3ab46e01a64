package dev.tern.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.packet.MqttVersion;
import dev.tern.packet.Publish;
import dev.tern.packet.Qos;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Broker-to-client topic aliases (MQTT 5.0 section 3.3.2.3.4). */
class OutboundTopicAliasesTest {

    private static Publish publish(String topic) {
        return Publish.of(topic, Qos.AT_MOST_ONCE, false, 0, new byte[] {'x'});
    }

    @Test
    void aliases_never_exceed_the_clients_topic_alias_maximum_MQTT_3_1_2_26() {
        OutboundTopicAliases aliases = new OutboundTopicAliases(2);
        List<Integer> used = new ArrayList<>();
        for (String topic : List.of("a", "b", "c", "a", "d", "b", "c")) {
            Publish sent = aliases.apply(publish(topic));
            aliases.commit();
            used.add(sent.properties().topicAlias());
        }
        assertThat(used).allSatisfy(alias -> assertThat(alias).isBetween(1, 2));
        assertThat(aliases.size()).isEqualTo(2);
    }

    @Test
    void no_topic_alias_when_the_client_allows_none_MQTT_3_1_2_27() {
        // a CONNECT without Topic Alias Maximum decodes as 0, which the handler passes on as 0 aliases
        EmbeddedChannel ch = new EmbeddedChannel();
        NettyClientChannel client = new NettyClientChannel(ch, MqttVersion.V5, 0, 0);
        client.send(publish("t"));
        client.send(publish("t"));
        client.flush();
        for (int i = 0; i < 2; i++) {
            ByteBuf out = ch.readOutbound();
            // PUBLISH QoS 0, topic "t", Property Length 0 (no Topic Alias), payload "x"
            assertThat(ByteBufUtil.getBytes(out)).containsExactly(0x30, 0x05, 0x00, 0x01, 't', 0x00, 'x');
            out.release();
        }
        ch.finishAndReleaseAll();
    }
}
