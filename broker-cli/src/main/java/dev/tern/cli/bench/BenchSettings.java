package dev.tern.cli.bench;

import dev.tern.packet.MqttVersion;
import dev.tern.packet.Qos;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** What one {@code tern bench} run was asked to do, checked by {@link BenchCommand}. */
record BenchSettings(
        String host,
        int port,
        MqttVersion version,
        Qos qos,
        int payloadSize,
        int rate,
        int window,
        Duration duration,
        Duration warmup,
        int publishers,
        int subscribers,
        int connections,
        int connRate,
        int connWindow,
        int connWarmup,
        int keepAlive,
        long sessionExpiry,
        boolean tls,
        Path cafile,
        long brokerPid,
        boolean json,
        Path latencyOut,
        List<InetAddress> sourceAddresses) {

    /** Client ids carry the bench's pid so that two runs never take each other's sessions over. */
    String clientId(String role, int index) {
        return "bench-" + ProcessHandle.current().pid() + "-" + role + "-" + index;
    }
}
