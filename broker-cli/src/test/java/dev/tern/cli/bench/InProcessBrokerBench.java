package dev.tern.cli.bench;

import dev.tern.cli.Main;
import dev.tern.config.ConfigLoader;
import dev.tern.transport.TernServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A broker in this JVM (2 shards, an ephemeral port) for each test, and {@code tern bench} run against it. */
abstract class InProcessBrokerBench {
    TernServer server;
    /** The exit code of the last {@link #bench} run. */
    int exitCode;

    @BeforeEach
    void startBroker() {
        server = TernServer.start(ConfigLoader.parse("listeners.tcp.bind = \"127.0.0.1:0\"\nengine.threads = 2\n", "test config"));
    }

    @AfterEach
    void stopBroker() {
        server.close();
    }

    /** Runs {@code tern bench ARGS -p PORT --json} and returns what it printed on stdout. */
    String bench(String... args) {
        List<String> all = new ArrayList<>(List.of("bench"));
        all.addAll(List.of(args));
        all.addAll(List.of("-p", String.valueOf(server.tcpAddress().getPort()), "--json"));
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            exitCode = Main.commandLine().setErr(new PrintWriter(new StringWriter()))
                    .execute(all.toArray(String[]::new));
        } finally {
            System.setOut(saved);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
