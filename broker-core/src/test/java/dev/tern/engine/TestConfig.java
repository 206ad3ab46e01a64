package dev.tern.engine;

import dev.tern.config.AuthSettings;
import dev.tern.config.DropPolicy;
import dev.tern.config.EngineSettings;
import dev.tern.config.HttpSettings;
import dev.tern.config.ListenerSettings;
import dev.tern.config.LogSettings;
import dev.tern.config.MqttSettings;
import dev.tern.config.PersistenceSettings;
import dev.tern.config.SessionSettings;
import dev.tern.config.TernConfig;

import java.time.Duration;

/**
 * Builds a {@link TernConfig} with the documented defaults (reference.conf), by hand while
 * ConfigLoader is a stub. Mutable fields: a test changes what it needs, then calls {@link #build()}.
 */
final class TestConfig {
    int maxPacketSize = 1024 * 1024;
    int maxMqueueLen = 2048;
    int maxInflightWindow = 32;
    Duration retryInterval = Duration.ZERO;
    double keepaliveMultiplier = 1.5;
    Duration connectTimeout = Duration.ofSeconds(10);
    int maxKeepalive = 65535;
    int serverKeepalive = 0;
    boolean allowZeroKeepalive = true;
    int maxTopicAlias = 64;
    boolean outboundTopicAlias = false;
    boolean queueQos0 = false;
    DropPolicy dropPolicy = DropPolicy.OLDEST;
    int maxQos = 2;
    boolean retainAvailable = true;
    boolean wildcardAvailable = true;
    boolean sharedAvailable = true;
    boolean subscriptionIdsAvailable = true;
    int receiveMaximum = 65535;
    int maxClientIdLength = 65535;
    long maxExpiryInterval = 4294967295L;
    Duration sessionTtl = Duration.ofHours(2);
    boolean allowAnonymous = true;
    int engineThreads = 2;
    boolean publisherAffinity = true;
    dev.tern.config.SharedSubscriptionStrategy sharedStrategy = dev.tern.config.SharedSubscriptionStrategy.ROUND_ROBIN;
    boolean validateUtf8Payload = false;

    TernConfig build() {
        return new TernConfig(
                new ListenerSettings(
                        new ListenerSettings.Tcp(true, "127.0.0.1", 0),
                        new ListenerSettings.Ssl(false, "0.0.0.0", 8883, null, null, null, false, false),
                        new ListenerSettings.Ws(false, "0.0.0.0", 8083, "/mqtt")),
                new EngineSettings(engineThreads, publisherAffinity),
                new MqttSettings(maxPacketSize, maxMqueueLen, maxInflightWindow, retryInterval, keepaliveMultiplier,
                        connectTimeout, maxKeepalive, serverKeepalive, allowZeroKeepalive, maxTopicAlias,
                        outboundTopicAlias, queueQos0, dropPolicy, maxQos, retainAvailable, wildcardAvailable,
                        sharedAvailable, subscriptionIdsAvailable, receiveMaximum, maxClientIdLength,
                        sharedStrategy, validateUtf8Payload),
                new SessionSettings(maxExpiryInterval, sessionTtl),
                new AuthSettings(allowAnonymous, null, null),
                new PersistenceSettings(PersistenceSettings.Type.MEMORY, null),
                new HttpSettings(false, "127.0.0.1", 8080, null, null),
                new LogSettings("info"));
    }
}
