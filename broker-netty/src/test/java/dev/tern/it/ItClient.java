package dev.tern.it;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One real MQTT client library behind a small common face, so that {@link ClientContract} runs
 * the same checks against HiveMQ and Paho, v3 and v5. Every call blocks until the broker answered.
 */
abstract class ItClient implements AutoCloseable {
    /** A message as the client library handed it to the application. */
    record Received(String topic, byte[] payload, int qos, boolean retain) {
        String text() {
            return new String(payload, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    protected final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

    /**
     * Connects. {@code cleanStart} = clean session (v3) / clean start (v5); {@code sessionExpiry}
     * is used by v5 clients only.
     *
     * @return the CONNACK's session present flag
     */
    abstract boolean connect(boolean cleanStart, long sessionExpirySeconds) throws Exception;

    boolean connect() throws Exception {
        return connect(true, 0);
    }

    /** Connects with clean start and a QoS 0 will. */
    abstract void connectWithWill(String willTopic, byte[] willPayload) throws Exception;

    abstract void subscribe(String filter, int qos) throws Exception;

    abstract void unsubscribe(String filter) throws Exception;

    abstract void publish(String topic, byte[] payload, int qos, boolean retain) throws Exception;

    /** Normal DISCONNECT (v5: reason 0x00). */
    abstract void disconnect() throws Exception;

    abstract boolean isConnected();

    /** v5: the reason code of the DISCONNECT the broker sent, or -1 if none (yet). */
    int serverDisconnectReason() {
        return -1;
    }

    /** The next message, or null when none arrives within {@code timeout}. */
    Received poll(Duration timeout) throws InterruptedException {
        return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next message; fails when none arrives within 5 s. */
    Received next() throws InterruptedException {
        Received r = poll(Duration.ofSeconds(5));
        if (r == null) {
            throw new AssertionError("no message within 5 s");
        }
        return r;
    }

    @Override
    public void close() {
        try {
            if (isConnected()) {
                disconnect();
            }
        } catch (Exception ignored) {
            // best effort at the end of a test
        }
    }
}
