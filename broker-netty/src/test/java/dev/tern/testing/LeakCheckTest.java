package dev.tern.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The leak check must see a leak, or a green suite says nothing about buffers. */
class LeakCheckTest {

    @Test
    void a_buffer_dropped_without_release_is_reported() throws Exception {
        assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
        LeakCheck.collect(); // nothing left over from elsewhere

        leak();
        List<String> leaks = LeakCheck.collect(); // consumed here, so this class itself passes

        assertThat(leaks).hasSize(1);
        assertThat(leaks.get(0)).contains("LEAK").contains("release() was not called");
    }

    private static void leak() {
        ByteBuf b = PooledByteBufAllocator.DEFAULT.buffer(64);
        b.writeLong(42);
        // dropped on purpose
    }
}
