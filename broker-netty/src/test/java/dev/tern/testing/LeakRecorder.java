package dev.tern.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the buffer leaks that Netty's leak detector reports (ERROR lines of
 * {@code io.netty.util.ResourceLeakDetector}, "LEAK: ..."), so that {@link LeakCheck} can fail the test
 * class after which they were found. Attached in logback-test.xml.
 */
public final class LeakRecorder extends AppenderBase<ILoggingEvent> {
    private static final List<String> leaks = new ArrayList<>();

    @Override
    protected void append(ILoggingEvent event) {
        if (event.getLevel().isGreaterOrEqual(Level.ERROR) && event.getFormattedMessage().contains("LEAK")) {
            synchronized (leaks) {
                leaks.add(event.getFormattedMessage());
            }
        }
    }

    /** The leaks reported since the last call, and forgets them. */
    static List<String> drain() {
        synchronized (leaks) {
            List<String> out = new ArrayList<>(leaks);
            leaks.clear();
            return out;
        }
    }
}
