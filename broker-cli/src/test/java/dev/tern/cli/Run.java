package dev.tern.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/** Runs a command line in-process and keeps its exit code, stdout and stderr. */
record Run(int exitCode, String out, String err) {

    static Run of(CommandLine cmd, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static Run tern(String... args) {
        return of(Main.commandLine(), args);
    }

    List<String> errLines() {
        return err.lines().toList();
    }
}
