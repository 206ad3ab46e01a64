package dev.tern.bench;

import dev.tern.codec.MqttDecoder;
import dev.tern.codec.MqttEncoder;
import dev.tern.packet.Connect;
import dev.tern.packet.MqttVersion;
import dev.tern.packet.Publish;
import dev.tern.packet.PublishProperties;
import dev.tern.packet.Qos;
import dev.tern.packet.UserProperty;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * PUBLISH through Tern's codec: QoS 1, a 20-character topic, a 64-byte payload, MQTT 5 with no
 * properties or with two User Properties, and MQTT 3.1.1 for reference.
 *
 * <p>Decode goes through {@link MqttDecoder} in an {@link EmbeddedChannel} in server mode (after
 * a CONNECT), as on a real connection; the input is a recycled pooled duplicate of one direct
 * buffer, like the buffers a socket read hands the pipeline, so the figure includes the
 * ByteToMessageDecoder and EmbeddedChannel overhead (a queue offer and poll) but no input copy.
 * Encode is {@link MqttEncoder#encode} into the pooled allocator, then release.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmark {

    /** "v5": MQTT 5, no properties; "v5-2props": MQTT 5 with two User Properties; "v311". */
    @Param({"v5", "v5-2props", "v311"})
    public String variant;

    private static final String TOPIC = "site/42/dev/0017/tmp"; // 20 characters
    private MqttVersion version;
    private Publish publish;
    private ByteBuf wire;
    private EmbeddedChannel channel;

    @Setup(Level.Trial)
    public void setUp() {
        version = variant.equals("v311") ? MqttVersion.V3_1_1 : MqttVersion.V5;
        PublishProperties props = PublishProperties.NONE;
        if (variant.equals("v5-2props")) {
            props = new PublishProperties(null, -1, 0, null, null,
                    List.of(new UserProperty("trace", "0af7651916cd43dd"), new UserProperty("unit", "celsius")),
                    List.of(), null);
        }
        byte[] payload = new byte[64];
        Arrays.fill(payload, (byte) 'x');
        publish = new Publish(TOPIC, Qos.AT_LEAST_ONCE, false, false, 17, props, payload);

        ByteBuf heap = MqttEncoder.INSTANCE.encode(PooledByteBufAllocator.DEFAULT, publish, version, 0);
        wire = PooledByteBufAllocator.DEFAULT.directBuffer(heap.readableBytes());
        wire.writeBytes(heap);
        heap.release();

        channel = new EmbeddedChannel(new MqttDecoder(0, true));
        ByteBuf connect = MqttEncoder.INSTANCE.encode(PooledByteBufAllocator.DEFAULT,
                Connect.of(version, "bench", true, 60), version, 0);
        channel.writeInbound(connect);
        Object decoded = channel.readInbound();
        if (!(decoded instanceof Connect)) {
            throw new IllegalStateException("CONNECT did not decode: " + decoded);
        }
        if (!(decode() instanceof Publish p) || !p.topic().equals(publish.topic())) {
            throw new IllegalStateException("PUBLISH did not decode");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        channel.finishAndReleaseAll();
        wire.release();
    }

    /** One framed PUBLISH in, one {@link Publish} record out. */
    @Benchmark
    public Object decode() {
        // The decoder releases the buffer once consumed; a pooled duplicate shares wire's bytes.
        channel.writeInbound(wire.retainedDuplicate());
        return channel.readInbound();
    }

    /** Exact size first, one pooled buffer of that size, written and released. */
    @Benchmark
    public int encode() {
        ByteBuf buf = MqttEncoder.INSTANCE.encode(PooledByteBufAllocator.DEFAULT, publish, version, 0);
        int n = buf.readableBytes();
        buf.release();
        return n;
    }
}
