package dev.tern.cli;

import dev.tern.config.AuthSettings;
import dev.tern.config.ConfigException;
import dev.tern.config.DropPolicy;
import dev.tern.config.EngineSettings;
import dev.tern.config.HttpSettings;
import dev.tern.config.ListenerSettings;
import dev.tern.config.LogSettings;
import dev.tern.config.MqttSettings;
import dev.tern.config.PersistenceSettings;
import dev.tern.config.SessionSettings;
import dev.tern.config.SharedSubscriptionStrategy;
import dev.tern.config.TernConfig;
import dev.tern.transport.TernServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class StartCommandTest {

    @TempDir
    Path dir;

    private static final Function<TernConfig, TernServer> NO_SERVER = cfg -> {
        throw new AssertionError("the server must not be started");
    };

    private static StartCommand parse(String... args) {
        StartCommand start = new StartCommand();
        new CommandLine(start).parseArgs(args);
        return start;
    }

    @Test
    void defaults_are_resolved_against_the_working_directory_without_tern_home() {
        StartCommand start = parse();
        Path cwd = Path.of("").toAbsolutePath();

        assertThat(start.daemon).isFalse();
        assertThat(start.configPath()).isEqualTo(cwd.resolve("conf/tern.conf"));
        assertThat(start.pidFilePath()).isEqualTo(cwd.resolve("tern.pid"));
        assertThat(start.logFilePath()).isEqualTo(cwd.resolve("logs/tern.log"));
    }

    @Test
    void defaults_are_resolved_against_tern_home_when_the_launcher_sets_it() {
        String before = System.getProperty(TernHome.PROPERTY);
        System.setProperty(TernHome.PROPERTY, dir.toString());
        try {
            StartCommand start = parse();
            assertThat(start.pidFilePath()).isEqualTo(dir.resolve("tern.pid"));
            assertThat(start.logFilePath()).isEqualTo(dir.resolve("logs/tern.log"));
            assertThat(start.configPath()).isEqualTo(dir.resolve("conf/tern.conf"));
        } finally {
            if (before == null) {
                System.clearProperty(TernHome.PROPERTY);
            } else {
                System.setProperty(TernHome.PROPERTY, before);
            }
        }
    }

    @Test
    void options_short_and_long() {
        StartCommand start = parse("-d", "-c", "my.conf", "--pid-file", "/run/t.pid", "--log-file", "/var/log/t.log");

        assertThat(start.daemon).isTrue();
        assertThat(start.configPath()).isEqualTo(Path.of("my.conf").toAbsolutePath());
        assertThat(start.pidFilePath()).isEqualTo(Path.of("/run/t.pid"));
        assertThat(start.logFilePath()).isEqualTo(Path.of("/var/log/t.log"));

        assertThat(parse("--config=x.conf", "--daemon").configPath()).isEqualTo(Path.of("x.conf").toAbsolutePath());
        assertThat(parse("-dc", "y.conf").daemon).isTrue();
    }

    @Test
    void configuration_error_prints_one_line_per_problem_and_exits_2() {
        AtomicReference<Path> loaded = new AtomicReference<>();
        StartCommand start = new StartCommand(file -> {
            loaded.set(file);
            throw new ConfigException(List.of(
                    "tern.conf:3: listeners.tcp.port: 70000 is not a port number (1..65535)",
                    "tern.conf:9: mqtt.max_qos: must be 0, 1 or 2, was 3"));
        }, NO_SERVER);

        Run run = Run.of(new CommandLine(start), "-c", dir.resolve("tern.conf").toString(),
                "--pid-file", dir.resolve("tern.pid").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly(
                "tern: configuration error",
                "tern.conf:3: listeners.tcp.port: 70000 is not a port number (1..65535)",
                "tern.conf:9: mqtt.max_qos: must be 0, 1 or 2, was 3");
        assertThat(loaded.get()).isEqualTo(dir.resolve("tern.conf"));
        assertThat(dir.resolve("tern.pid")).doesNotExist();
    }

    @Test
    void bind_failure_prints_one_line_and_exits_1() {
        StartCommand start = new StartCommand(file -> config(), cfg -> {
            throw new IllegalStateException("listeners.tcp: cannot bind 0.0.0.0:1883: Address already in use");
        });

        Run run = Run.of(new CommandLine(start), "--pid-file", dir.resolve("tern.pid").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly(
                "tern: cannot start: listeners.tcp: cannot bind 0.0.0.0:1883: Address already in use");
        assertThat(dir.resolve("tern.pid")).doesNotExist();
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void refuses_to_start_when_the_pid_file_names_a_live_broker() throws Exception {
        Process other = Processes.fakeBroker();
        try {
            Path pidFile = dir.resolve("tern.pid");
            Files.writeString(pidFile, other.pid() + "\n");
            StartCommand start = new StartCommand(file -> {
                throw new AssertionError("must not load the configuration");
            }, NO_SERVER);

            Run run = Run.of(new CommandLine(start), "--pid-file", pidFile.toString());

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).contains("already running, pid " + other.pid());
            assertThat(pidFile).hasContent(other.pid() + "\n");
        } finally {
            other.destroy();
        }
    }

    @Test
    void a_stale_pid_file_does_not_prevent_start() throws Exception {
        Path pidFile = dir.resolve("tern.pid");
        Files.writeString(pidFile, Processes.deadPid() + "\n");
        AtomicReference<Path> loaded = new AtomicReference<>();
        StartCommand start = new StartCommand(file -> {
            loaded.set(file);
            throw new ConfigException(List.of("stop here"));
        }, NO_SERVER);

        Run run = Run.of(new CommandLine(start), "--pid-file", pidFile.toString());

        assertThat(loaded.get()).isNotNull();
        assertThat(run.exitCode()).isEqualTo(2);
    }

    @Test
    void log_level_from_the_configuration_is_applied_to_the_root_logger() {
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger)
                org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.classic.Level before = root.getLevel();
        try {
            StartCommand.setRootLogLevel("debug");
            assertThat(root.getLevel()).isEqualTo(ch.qos.logback.classic.Level.DEBUG);
            StartCommand.setRootLogLevel("ERROR");
            assertThat(root.getLevel()).isEqualTo(ch.qos.logback.classic.Level.ERROR);
        } finally {
            root.setLevel(before);
        }
    }

    /** A complete configuration; the values do not matter to the CLI. */
    private static TernConfig config() {
        return new TernConfig(
                new ListenerSettings(new ListenerSettings.Tcp(true, "127.0.0.1", 0),
                        new ListenerSettings.Ssl(false, "0.0.0.0", 8883, null, null, null, false, false),
                        new ListenerSettings.Ws(false, "0.0.0.0", 8083, "/mqtt")),
                new EngineSettings(1),
                new MqttSettings(268_435_455, 1000, 32, Duration.ZERO, 1.5, Duration.ofSeconds(30), 65535, 0,
                        true, 0, false, false, DropPolicy.OLDEST, 2, true, true, true, true, 65535, 65535,
                        SharedSubscriptionStrategy.ROUND_ROBIN, false),
                new SessionSettings(4_294_967_295L, Duration.ofHours(2)),
                new AuthSettings(true, null, null),
                new PersistenceSettings(PersistenceSettings.Type.MEMORY, Path.of("data")),
                new HttpSettings(false, "127.0.0.1", 8081, "admin", "public"),
                new LogSettings("warn"));
    }
}
