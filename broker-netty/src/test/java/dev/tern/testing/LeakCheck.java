package dev.tern.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;

/**
 * Fails a test class after which Netty reports a leaked buffer. Registered for every test class of this
 * module (META-INF/services, junit-platform.properties); the module's test JVMs run Netty's leak detector
 * at {@code paranoid} (every buffer tracked, see pom.xml). A leaked buffer is only noticed once it has
 * been garbage collected, so after each class this collects and then allocates, which is when Netty
 * polls for collected, unreleased buffers. A leak is blamed on the class after which it was found: almost
 * always the class that leaked it, at worst the one before.
 */
public final class LeakCheck implements AfterAllCallback {

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        List<String> leaks = collect();
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " Netty buffer leak(s) reported after "
                    + context.getRequiredTestClass().getName() + ":\n" + String.join("\n\n", leaks));
        }
    }

    /** Collects garbage, lets Netty look for unreleased buffers among it, and returns what it reported. */
    static List<String> collect() throws InterruptedException {
        if (ResourceLeakDetector.getLevel() == ResourceLeakDetector.Level.DISABLED) {
            return List.of();
        }
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(20); // reference processing
            for (int j = 0; j < 8; j++) { // each tracked allocation polls the detector's queue
                ByteBuf a = PooledByteBufAllocator.DEFAULT.buffer(16);
                a.release();
                ByteBuf b = UnpooledByteBufAllocator.DEFAULT.buffer(16);
                b.release();
            }
        }
        return LeakRecorder.drain();
    }
}
