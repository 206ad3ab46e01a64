package dev.tern.cli;

import dev.tern.auth.PasswordFile;
import dev.tern.auth.ScramCredentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code tern passwd}: adds, replaces or deletes a user in the password file ({@code auth.password_file}).
 * The file keeps SCRAM-SHA-256 verifiers, never the password; it is rewritten atomically, owner-only.
 */
@Command(name = "passwd", mixinStandardHelpOptions = true,
        description = {"Add or change a user in the password file (asks for the password twice), or delete one.",
                "The broker reads the file at start (auth.password_file)."})
final class PasswdCommand implements Callable<Integer> {

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "The password file (created when missing).")
    Path file;

    @Option(names = "-D", description = "Delete the user instead.")
    boolean delete;

    @Option(names = "--password-stdin", description = "Read the password from the first line of standard input (for scripts).")
    boolean passwordStdin;

    @Parameters(paramLabel = "USER", description = "The user name.")
    String user;

    @Spec
    CommandSpec spec;

    /** Standard input; tests replace it. */
    InputStream stdin = System.in;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String problem = PasswordFile.checkUsername(user);
        if (problem != null) {
            err.println("tern passwd: " + problem);
            return ExitCodes.CONFIG;
        }
        List<String> lines = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : new ArrayList<>();
        if (delete) {
            List<String> kept = PasswordFile.withoutUser(lines, user);
            if (kept.size() == lines.size()) {
                err.println("tern passwd: no user '" + user + "' in " + file);
                return ExitCodes.FAILURE;
            }
            write(kept);
            out.println("deleted user '" + user + "' from " + file);
            return ExitCodes.OK;
        }
        char[] password = passwordStdin ? readStdin() : readConsole(err);
        if (password == null) {
            return ExitCodes.FAILURE;
        }
        if (password.length == 0) {
            err.println("tern passwd: empty password");
            return ExitCodes.FAILURE;
        }
        ScramCredentials creds;
        try {
            creds = ScramCredentials.hash(password);
        } finally {
            Arrays.fill(password, '\0');
        }
        if (lines.isEmpty()) {
            lines.add("# Tern password file, written by `tern passwd`. One user:SCRAM-SHA-256 verifier a line.");
        }
        boolean existed = PasswordFile.withoutUser(lines, user).size() != lines.size();
        write(PasswordFile.withUser(lines, user, creds));
        out.println((existed ? "updated" : "added") + " user '" + user + "' in " + file);
        return ExitCodes.OK;
    }

    private char[] readStdin() throws IOException {
        String line = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
        return line == null ? new char[0] : line.toCharArray();
    }

    private static char[] readConsole(PrintWriter err) {
        Console console = System.console();
        if (console == null) {
            err.println("tern passwd: no console to ask for the password; use --password-stdin");
            return null;
        }
        char[] first = console.readPassword("Password: ");
        char[] second = console.readPassword("Password again: ");
        if (first == null || second == null || !Arrays.equals(first, second)) {
            err.println("tern passwd: the passwords differ");
            return null;
        }
        Arrays.fill(second, '\0');
        return first;
    }

    /** Writes a sibling temp file (owner-only where POSIX permissions exist) and moves it over the file. */
    private void write(List<String> lines) throws IOException {
        Path abs = file.toAbsolutePath();
        Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
        try {
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            }
            Files.write(tmp, lines, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
