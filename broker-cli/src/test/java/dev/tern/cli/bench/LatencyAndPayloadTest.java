package dev.tern.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tern.codec.MqttDecoder;
import dev.tern.packet.MqttVersion;
import dev.tern.packet.Publish;
import dev.tern.packet.Qos;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class LatencyAndPayloadTest {

    @Test
    void percentiles_are_in_microseconds_within_histogram_precision() {
        Latency l = new Latency();
        for (int i = 1; i <= 1000; i++) {
            l.record(i * 1000L); // 1 us .. 1000 us
        }
        Latency.Summary s = l.summary();
        assertThat(s.count()).isEqualTo(1000);
        assertThat(s.p50()).isCloseTo(500, within(1.0));
        assertThat(s.p90()).isCloseTo(900, within(1.0));
        assertThat(s.p99()).isCloseTo(990, within(1.0));
        assertThat(s.p999()).isCloseTo(999, within(1.0));
        assertThat(s.max()).isCloseTo(1000, within(1.0));
        assertThat(s.negative()).isZero();
    }

    @Test
    void negative_latency_is_counted_and_recorded_as_zero() {
        Latency l = new Latency();
        l.record(-5);
        assertThat(l.summary().negative()).isEqualTo(1);
        assertThat(l.summary().max()).isZero();
    }

    @Test
    void patched_publish_decodes_with_its_timestamp_publisher_sequence_and_packet_id() {
        for (MqttVersion v : new MqttVersion[] {MqttVersion.V3_1_1, MqttVersion.V5}) {
            Payload payload = new Payload("bench/1/fanin/3", Qos.AT_LEAST_ONCE, 64, v);
            MqttDecoder decoder = new MqttDecoder(0, false);
            decoder.setVersion(v);
            EmbeddedChannel ch = new EmbeddedChannel(decoder);
            ch.writeInbound(payload.encode(ByteBufAllocator.DEFAULT, 123_456_789L, 3, 42, 4711));
            Publish p = ch.readInbound();
            assertThat(p.topic()).isEqualTo("bench/1/fanin/3");
            assertThat(p.packetId()).isEqualTo(4711);
            assertThat(p.payload()).hasSize(64);
            assertThat(Payload.sendNanos(p.payload())).isEqualTo(123_456_789L);
            assertThat(Payload.publisher(p.payload())).isEqualTo(3);
            assertThat(Payload.seq(p.payload())).isEqualTo(42);
        }
    }
}
