package dev.tern.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@code tern stop}: SIGTERM to the pid in the pid file, then wait for the broker to exit. */
@Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop a broker started with a pid file.")
final class StopCommand implements Callable<Integer> {

    @Option(names = "--pid-file", paramLabel = "FILE",
            description = "Pid file (default: " + StartCommand.DEFAULT_PID_FILE + ").")
    Path pidFile;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s",
            description = "How long to wait for the broker to exit (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PidFile pids = new PidFile(TernHome.resolve(pidFile, StartCommand.DEFAULT_PID_FILE));

        OptionalLong pid = pids.read();
        if (pid.isEmpty()) {
            out.println("tern is not running (no pid in " + pids.path() + ")");
            return ExitCodes.OK; // LSB: stopping a stopped service succeeds
        }
        Optional<ProcessHandle> live = pids.liveProcess();
        if (live.isEmpty()) {
            pids.delete();
            out.println("tern is not running (removed stale pid file " + pids.path() + " naming pid "
                    + pid.getAsLong() + ")");
            return ExitCodes.OK;
        }
        ProcessHandle process = live.get();
        if (!process.destroy()) {
            err.println("tern: cannot signal pid " + process.pid() + " (permission?)");
            return ExitCodes.FAILURE;
        }
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            err.println("tern: pid " + process.pid() + " did not exit within " + timeout.toSeconds()
                    + " s; it is still running");
            return ExitCodes.FAILURE;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        pids.deleteIfOwnedBy(process.pid()); // the broker removes it itself unless it was killed
        out.println("tern stopped (pid " + process.pid() + ")");
        return ExitCodes.OK;
    }
}
