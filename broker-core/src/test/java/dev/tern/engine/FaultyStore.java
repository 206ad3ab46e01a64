package dev.tern.engine;

import dev.tern.store.SessionStore;
import dev.tern.store.StoreException;
import dev.tern.store.StoredMessage;
import dev.tern.store.StoredSession;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A real store behind a switch: while {@link #failing} is set every commit throws as a full disk
 * would (nothing applied), and {@link #commits} counts the commits that reached the store.
 */
final class FaultyStore implements SessionStore {
    private final SessionStore delegate;
    volatile boolean failing;
    int commits;

    FaultyStore(SessionStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public boolean durable() {
        return delegate.durable();
    }

    @Override
    public Batch newBatch() {
        Batch real = delegate.newBatch();
        return (Batch) Proxy.newProxyInstance(Batch.class.getClassLoader(), new Class<?>[] {Batch.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("commit")) {
                        if (failing) {
                            throw new StoreException("injected write failure (No space left on device)");
                        }
                        if (!real.isEmpty()) {
                            commits++;
                        }
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public void recover(Consumer<StoredSession> sessions, BiConsumer<String, StoredMessage> retained) {
        delegate.recover(sessions, retained);
    }

    @Override
    public void close() {
        delegate.close();
    }

    /** What the store holds now, read back as a restart would. */
    Contents contents() {
        Contents c = new Contents();
        delegate.recover(s -> c.sessions.put(s.clientId(), s), c.retained::put);
        return c;
    }

    static final class Contents {
        final Map<String, StoredSession> sessions = new LinkedHashMap<>();
        final Map<String, StoredMessage> retained = new LinkedHashMap<>();
    }
}
