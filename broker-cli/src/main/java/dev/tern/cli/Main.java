package dev.tern.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/**
 * The {@code tern} command. Each subcommand is its own class; the client tools ({@code pub}, {@code sub},
 * {@code bench}, {@code conn}, {@code passwd}) and {@code restart}/{@code reload} will be added to
 * {@link #SUBCOMMANDS} the same way.
 */
@Command(name = "tern",
        mixinStandardHelpOptions = true,
        versionProvider = TernVersion.class,
        description = "Tern, a standalone MQTT 3.1.1 / 5.0 broker.",
        subcommands = {StartCommand.class, StopCommand.class, StatusCommand.class, PasswdCommand.class,
                dev.tern.cli.bench.BenchCommand.class, HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        productionNetty();
        System.exit(commandLine().execute(args));
    }

    /**
     * Turns off Netty's buffer leak sampling unless {@code -Dio.netty.leakDetection.level} asks for it. Netty's
     * default samples one buffer allocation in 128 and records a stack trace for it; at a million messages
     * per second that is thousands of stack traces a second. Measured with {@code tern bench} against two
     * brokers side by side (docs/benchmarks.md, "Fifth session"): 4-17 % more msgs/s and 0-7 % less broker
     * CPU with it off. The brokers inside the test suites keep the detector on (broker-netty's tests run
     * it at paranoid and fail a test class after which a leak is reported); an operator chasing a leak sets
     * {@code -Dio.netty.leakDetection.level=paranoid} in TERN_JAVA_OPTS.
     */
    static void productionNetty() {
        if (System.getProperty("io.netty.leakDetection.level") == null
                && System.getProperty("io.netty.leakDetectionLevel") == null) {
            io.netty.util.ResourceLeakDetector.setLevel(io.netty.util.ResourceLeakDetector.Level.DISABLED);
        }
    }

    /** The configured command line, shared by {@link #main} and the tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .registerConverter(java.time.Duration.class, new DurationConverter());
    }

    /** {@code tern} alone: show the usage and fail, as there is nothing to do. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
    }
}
