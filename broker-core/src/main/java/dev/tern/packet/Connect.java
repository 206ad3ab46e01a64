package dev.tern.packet;

import java.util.List;
import java.util.Objects;

/**
 * CONNECT (MQTT 5.0 section 3.1). For 3.1/3.1.1 clients the v5-only fields hold their defaults.
 *
 * @param clientId               may be empty (the server assigns one where allowed)
 * @param username               null if absent
 * @param password               null if absent
 * @param will                   null if the will flag is 0
 * @param sessionExpiryInterval  seconds; 0 if absent (0xFFFFFFFF = never)
 * @param receiveMaximum         1..65535; 65535 if absent
 * @param maximumPacketSize      bytes; 0 if absent (= no limit beyond the protocol's)
 * @param topicAliasMaximum      0 if absent
 * @param authenticationMethod   null if absent
 * @param authenticationData     null if absent
 */
public record Connect(
        MqttVersion version,
        String clientId,
        boolean cleanStart,
        int keepAlive,
        String username,
        byte[] password,
        Will will,
        long sessionExpiryInterval,
        int receiveMaximum,
        long maximumPacketSize,
        int topicAliasMaximum,
        boolean requestResponseInformation,
        boolean requestProblemInformation,
        List<UserProperty> userProperties,
        String authenticationMethod,
        byte[] authenticationData) implements MqttPacket {

    public static final long SESSION_NEVER_EXPIRES = 0xFFFF_FFFFL;

    public Connect {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(clientId, "clientId");
        userProperties = userProperties == null ? List.of() : List.copyOf(userProperties);
    }

    /** A CONNECT with MQTT 5 defaults for everything not named: handy for 3.1.1 and for tests. */
    public static Connect of(MqttVersion version, String clientId, boolean cleanStart, int keepAlive) {
        return new Connect(version, clientId, cleanStart, keepAlive, null, null, null, 0, 65535, 0, 0,
                false, true, List.of(), null, null);
    }

    public Connect withWill(Will w) {
        return new Connect(version, clientId, cleanStart, keepAlive, username, password, w, sessionExpiryInterval,
                receiveMaximum, maximumPacketSize, topicAliasMaximum, requestResponseInformation,
                requestProblemInformation, userProperties, authenticationMethod, authenticationData);
    }

    public Connect withSessionExpiryInterval(long seconds) {
        return new Connect(version, clientId, cleanStart, keepAlive, username, password, will, seconds,
                receiveMaximum, maximumPacketSize, topicAliasMaximum, requestResponseInformation,
                requestProblemInformation, userProperties, authenticationMethod, authenticationData);
    }

    public Connect withReceiveMaximum(int max) {
        return new Connect(version, clientId, cleanStart, keepAlive, username, password, will, sessionExpiryInterval,
                max, maximumPacketSize, topicAliasMaximum, requestResponseInformation,
                requestProblemInformation, userProperties, authenticationMethod, authenticationData);
    }

    public Connect withCredentials(String user, byte[] pass) {
        return new Connect(version, clientId, cleanStart, keepAlive, user, pass, will, sessionExpiryInterval,
                receiveMaximum, maximumPacketSize, topicAliasMaximum, requestResponseInformation,
                requestProblemInformation, userProperties, authenticationMethod, authenticationData);
    }

    @Override
    public PacketType type() {
        return PacketType.CONNECT;
    }
}
