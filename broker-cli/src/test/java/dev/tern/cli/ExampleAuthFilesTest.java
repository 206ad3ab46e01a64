package dev.tern.cli;

import dev.tern.auth.Acl;
import dev.tern.auth.PasswordFile;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static dev.tern.auth.Acl.Action.PUBLISH;
import static dev.tern.auth.Acl.Action.SUBSCRIBE;
import static org.assertj.core.api.Assertions.assertThat;

/** The shipped examples in conf/ load and mean what their comments say. */
class ExampleAuthFilesTest {
    private static final Path CONF = Path.of("..", "conf");

    @Test
    void passwd_example_holds_the_demo_user() {
        PasswordFile f = PasswordFile.load(CONF.resolve("passwd.example"));
        assertThat(f.verify("demo", "demo-password".getBytes(StandardCharsets.UTF_8))).isTrue();
    }

    @Test
    void acl_example_rules() {
        Acl acl = Acl.load(CONF.resolve("acl.example"));
        assertThat(acl.allows(SUBSCRIBE, "ops", "x", "$SYS/broker/load")).isTrue();
        assertThat(acl.allows(PUBLISH, "backend", "x", "devices/d1/commands")).isTrue();
        assertThat(acl.allows(PUBLISH, "alice", "d1", "devices/d1/commands")).isFalse();
        assertThat(acl.allows(PUBLISH, "alice", "d1", "devices/d1/temp")).isTrue();
        assertThat(acl.allows(SUBSCRIBE, "alice", "d1", "devices/d2/#")).isFalse();
        assertThat(acl.allows(PUBLISH, null, "anon", "users/null/x")).isFalse();
        assertThat(acl.allows(PUBLISH, null, "anon", "elsewhere")).isFalse();
    }
}
