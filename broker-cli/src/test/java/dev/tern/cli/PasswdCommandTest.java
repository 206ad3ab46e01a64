package dev.tern.cli;

import dev.tern.auth.PasswordFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class PasswdCommandTest {
    @TempDir
    Path dir;

    private static Run passwd(String stdin, String... args) {
        CommandLine cmd = Main.commandLine();
        PasswdCommand p = cmd.getSubcommands().get("passwd").getCommand();
        p.stdin = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        String[] all = new String[args.length + 1];
        all[0] = "passwd";
        System.arraycopy(args, 0, all, 1, args.length);
        return Run.of(cmd, all);
    }

    @Test
    void adds_replaces_and_deletes_users() throws Exception {
        Path f = dir.resolve("passwd");

        assertThat(passwd("wonderland\n", "-f", f.toString(), "--password-stdin", "alice").exitCode()).isZero();
        assertThat(passwd("builder\n", "-f", f.toString(), "--password-stdin", "bob").exitCode()).isZero();
        PasswordFile pf = PasswordFile.load(f);
        assertThat(pf.verify("alice", "wonderland".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(pf.verify("bob", "builder".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(Files.readString(f)).doesNotContain("wonderland").startsWith("#");

        Run changed = passwd("looking-glass\n", "-f", f.toString(), "--password-stdin", "alice");
        assertThat(changed.out()).contains("updated user 'alice'");
        pf = PasswordFile.load(f);
        assertThat(pf.verify("alice", "looking-glass".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(pf.size()).isEqualTo(2);

        assertThat(passwd("", "-f", f.toString(), "-D", "bob").exitCode()).isZero();
        assertThat(PasswordFile.load(f).lookup("bob")).isNull();
        assertThat(passwd("", "-f", f.toString(), "-D", "bob").exitCode()).isEqualTo(ExitCodes.FAILURE);
    }

    @Test
    void refuses_bad_user_names_and_empty_passwords() {
        Path f = dir.resolve("passwd");
        assertThat(passwd("x\n", "-f", f.toString(), "--password-stdin", "a:b").exitCode()).isEqualTo(ExitCodes.CONFIG);
        assertThat(passwd("\n", "-f", f.toString(), "--password-stdin", "alice").exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(f).doesNotExist();
    }
}
