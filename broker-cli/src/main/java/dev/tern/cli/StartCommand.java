package dev.tern.cli;

import ch.qos.logback.classic.Level;
import dev.tern.config.ConfigException;
import dev.tern.config.ConfigLoader;
import dev.tern.config.PersistenceSettings;
import dev.tern.config.TernConfig;
import dev.tern.transport.TernServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * {@code tern start}: load the configuration, bind the listeners, write the pid file and run until
 * SIGTERM/SIGINT. With {@code -d} the same command is re-launched detached (see {@link Daemon}).
 */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = "Start the broker (in the foreground unless -d).")
final class StartCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(StartCommand.class);

    static final String DEFAULT_CONFIG = "conf/tern.conf";
    static final String DEFAULT_PID_FILE = "tern.pid";
    static final String DEFAULT_LOG_FILE = "logs/tern.log";
    static final Duration DAEMON_READY_TIMEOUT = Duration.ofSeconds(30);

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "HOCON configuration file (default: " + DEFAULT_CONFIG + ").")
    Path config;

    @Option(names = {"-d", "--daemon"}, description = "Run in the background, logging to the log file.")
    boolean daemon;

    @Option(names = "--pid-file", paramLabel = "FILE", description = "Pid file (default: " + DEFAULT_PID_FILE + ").")
    Path pidFile;

    @Option(names = "--log-file", paramLabel = "FILE",
            description = "Where a daemon's output goes (default: " + DEFAULT_LOG_FILE + "); ignored without -d.")
    Path logFile;

    @Spec
    CommandSpec spec;

    private final Function<Path, TernConfig> loader;
    private final Function<TernConfig, TernServer> starter;

    StartCommand() {
        this(ConfigLoader::load, TernServer::start);
    }

    /** For tests: a fake loader or server start. */
    StartCommand(Function<Path, TernConfig> loader, Function<TernConfig, TernServer> starter) {
        this.loader = Objects.requireNonNull(loader, "loader");
        this.starter = Objects.requireNonNull(starter, "starter");
    }

    Path configPath() {
        return TernHome.resolve(config, DEFAULT_CONFIG);
    }

    Path pidFilePath() {
        return TernHome.resolve(pidFile, DEFAULT_PID_FILE);
    }

    Path logFilePath() {
        return TernHome.resolve(logFile, DEFAULT_LOG_FILE);
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        PidFile pids = new PidFile(pidFilePath());
        Optional<ProcessHandle> running = pids.liveProcess();
        if (running.isPresent()) {
            err.println("tern: already running, pid " + running.get().pid() + " (pid file " + pids.path() + ")");
            return ExitCodes.FAILURE;
        }
        if (daemon) {
            if (pids.isStale()) {
                pids.delete(); // so that the wait for the child's pid file does not see the old one
            }
            return new Daemon(Daemon.childCommand(configPath(), pidFilePath(), logFilePath()), pids, logFilePath())
                    .launch(spec.commandLine().getOut(), err, DAEMON_READY_TIMEOUT);
        }
        return runForeground(pids, spec.commandLine().getOut(), err);
    }

    private int runForeground(PidFile pids, PrintWriter out, PrintWriter err) {
        Path configFile = configPath();
        TernConfig cfg;
        try {
            cfg = resolveDataDir(loader.apply(configFile));
        } catch (ConfigException e) {
            reportConfigProblems(e, err);
            return ExitCodes.CONFIG;
        } catch (RuntimeException e) {
            err.println("tern: cannot load configuration " + configFile + ": " + e);
            return ExitCodes.FAILURE;
        }
        setRootLogLevel(cfg.log().level());

        TernServer server;
        try {
            server = starter.apply(cfg);
        } catch (RuntimeException e) {
            // TernServer.start names the listener and address in an IllegalStateException when a bind fails.
            LOG.debug("Start-up failed", e);
            err.println("tern: cannot start: " + describe(e));
            return ExitCodes.FAILURE;
        }

        long pid = ProcessHandle.current().pid();
        CountDownLatch stop = new CountDownLatch(1);
        // Exit paths other than SIGTERM/SIGINT (System.exit elsewhere, SIGHUP) still close the listeners.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            pids.deleteIfOwnedBy(pid);
        }, "tern-shutdown"));
        TerminationSignals.onFirst(stop::countDown);

        try {
            pids.write(pid); // last: a pid file means "listening", which is what `start -d` waits for
        } catch (IOException e) {
            err.println("tern: cannot write pid file " + pids.path() + ": " + e.getMessage());
            server.close();
            return ExitCodes.FAILURE;
        }
        LOG.info("Tern {} started, pid {}, listening on {}", TernVersion.version(), pid, describe(server));
        out.flush();

        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("Stopping");
        server.close();
        pids.deleteIfOwnedBy(pid);
        LOG.info("Stopped");
        return ExitCodes.OK;
    }

    /**
     * A relative {@code persistence.dir} lives under tern.home (the launcher sets it to the installation
     * root), like the pid and log files, so the store does not depend on the directory the shell was in.
     */
    static TernConfig resolveDataDir(TernConfig c) {
        Path dir = c.persistence().dir();
        if (dir == null || dir.isAbsolute()) {
            return c;
        }
        PersistenceSettings p = new PersistenceSettings(c.persistence().type(), TernHome.dir().resolve(dir).normalize());
        return new TernConfig(c.listeners(), c.engine(), c.mqtt(), c.session(), c.auth(), p, c.http(), c.log());
    }

    /** One header line, then one line per problem, as the configuration loader wrote them. */
    static void reportConfigProblems(ConfigException e, PrintWriter err) {
        err.println("tern: configuration error");
        List<String> problems = e.problems().isEmpty() ? List.of(String.valueOf(e.getMessage())) : e.problems();
        problems.forEach(err::println);
        err.flush();
    }

    /** Applies {@code log.level} from the configuration to the logback root logger. */
    static void setRootLogLevel(String level) {
        if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(Level.toLevel(level, Level.INFO));
        }
    }

    static String describe(TernServer server) {
        List<String> parts = new ArrayList<>();
        InetSocketAddress tcp = server.tcpAddress();
        InetSocketAddress ssl = server.sslAddress();
        if (tcp != null) {
            parts.add("mqtt://" + hostPort(tcp));
        }
        if (ssl != null) {
            parts.add("mqtts://" + hostPort(ssl));
        }
        if (server.wsAddress() != null) {
            parts.add("ws://" + hostPort(server.wsAddress()));
        }
        return parts.isEmpty() ? "nothing (no listener enabled)" : String.join(", ", parts);
    }

    static String hostPort(InetSocketAddress a) {
        // A wildcard bind shows as "0.0.0.0" (what the operator wrote), not as the dual-stack "::".
        String host = a.getAddress() == null ? a.getHostString()
                : a.getAddress().isAnyLocalAddress() ? "0.0.0.0" : a.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.toString() : m;
    }
}
