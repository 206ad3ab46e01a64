package dev.tern.config;

import java.util.Objects;

/** The whole, validated configuration of one broker. Immutable. */
public record TernConfig(
        ListenerSettings listeners,
        EngineSettings engine,
        MqttSettings mqtt,
        SessionSettings session,
        AuthSettings auth,
        PersistenceSettings persistence,
        HttpSettings http,
        LogSettings log) {

    public TernConfig {
        Objects.requireNonNull(listeners, "listeners");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(mqtt, "mqtt");
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(persistence, "persistence");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(log, "log");
    }

    public TernConfig withListeners(ListenerSettings l) {
        return new TernConfig(l, engine, mqtt, session, auth, persistence, http, log);
    }

    public TernConfig withMqtt(MqttSettings m) {
        return new TernConfig(listeners, engine, m, session, auth, persistence, http, log);
    }

    public TernConfig withSession(SessionSettings s) {
        return new TernConfig(listeners, engine, mqtt, s, auth, persistence, http, log);
    }

    public TernConfig withEngine(EngineSettings e) {
        return new TernConfig(listeners, e, mqtt, session, auth, persistence, http, log);
    }
}
