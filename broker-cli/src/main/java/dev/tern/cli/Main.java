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
        System.exit(commandLine().execute(args));
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
