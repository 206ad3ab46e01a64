package dev.tern.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;

/** {@code tern status}: exit 0 when the pid file names a live broker, 3 (LSB "not running") otherwise. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Tell whether the broker is running.")
final class StatusCommand implements Callable<Integer> {

    @Option(names = "--pid-file", paramLabel = "FILE",
            description = "Pid file (default: " + StartCommand.DEFAULT_PID_FILE + ").")
    Path pidFile;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PidFile pids = new PidFile(TernHome.resolve(pidFile, StartCommand.DEFAULT_PID_FILE));
        Optional<ProcessHandle> live = pids.liveProcess();
        if (live.isPresent()) {
            out.println("tern is running, pid " + live.get().pid());
            return ExitCodes.OK;
        }
        OptionalLong stale = pids.read();
        out.println(stale.isPresent()
                ? "tern is not running (stale pid file " + pids.path() + " names pid " + stale.getAsLong() + ")"
                : "tern is not running");
        return ExitCodes.NOT_RUNNING;
    }
}
