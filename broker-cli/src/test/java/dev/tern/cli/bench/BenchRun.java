package dev.tern.cli.bench;

import dev.tern.cli.Main;
import dev.tern.transport.TernServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** One {@code tern bench ARGS -p PORT --json} against an in-process broker: its exit code and what it printed on stdout. */
record BenchRun(int exitCode, String json) {

    static BenchRun against(TernServer server, String... args) {
        List<String> all = new ArrayList<>(List.of("bench"));
        all.addAll(List.of(args));
        all.addAll(List.of("-p", String.valueOf(server.tcpAddress().getPort()), "--json"));
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        int exitCode;
        try {
            exitCode = Main.commandLine().setErr(new PrintWriter(new StringWriter()))
                    .execute(all.toArray(String[]::new));
        } finally {
            System.setOut(saved);
        }
        return new BenchRun(exitCode, buf.toString(StandardCharsets.UTF_8));
    }
}
