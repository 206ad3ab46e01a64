package dev.tern.auth;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PasswordFileTest {

    @Test
    void hashed_password_verifies_and_a_wrong_one_does_not() {
        ScramCredentials creds = ScramCredentials.hash("s3cret".toCharArray());
        PasswordFile f = PasswordFile.parse(List.of("# users", "", PasswordFile.line("alice", creds)), "passwd");

        assertThat(f.verify("alice", utf8("s3cret"))).isTrue();
        assertThat(f.verify("alice", utf8("s3cret!"))).isFalse();
        assertThat(f.verify("bob", utf8("s3cret"))).isFalse();
        assertThat(f.verify("alice", null)).isFalse();
        assertThat(f.verify(null, utf8("s3cret"))).isFalse();
    }

    @Test
    void repeated_checks_give_the_same_answers_as_the_first() {
        PasswordFile f = PasswordFile.parse(List.of(PasswordFile.line("alice", ScramCredentials.hash("s3cret".toCharArray()))), "p");
        assertThat(f.verify("alice", utf8("wrong"))).isFalse();
        for (int i = 0; i < 3; i++) {
            assertThat(f.verify("alice", utf8("s3cret"))).isTrue();
            assertThat(f.verify("alice", utf8("wrong"))).isFalse();
            assertThat(f.verify("alice", utf8("s3cret "))).isFalse();
        }
    }

    @Test
    void hash_uses_a_random_16_byte_salt_and_4096_iterations() {
        ScramCredentials a = ScramCredentials.hash("pw".toCharArray());
        ScramCredentials b = ScramCredentials.hash("pw".toCharArray());
        assertThat(a.salt()).hasSize(16).isNotEqualTo(b.salt());
        assertThat(a.iterations()).isEqualTo(4096);
        assertThat(a.encode()).startsWith("$tern-pbkdf2-sha256$4096$");
        assertThat(ScramCredentials.decode(a.encode()).storedKey()).isEqualTo(a.storedKey());
    }

    @Test
    void non_ascii_password_round_trips_as_utf8() {
        PasswordFile f = PasswordFile.parse(List.of(PasswordFile.line("u", ScramCredentials.hash("pässwörd".toCharArray()))), "p");
        assertThat(f.verify("u", utf8("pässwörd"))).isTrue();
        assertThat(f.verify("u", "pässwörd".getBytes(StandardCharsets.ISO_8859_1))).isFalse();
    }

    @Test
    void parse_errors_name_the_file_and_the_line() {
        String good = PasswordFile.line("alice", ScramCredentials.hash("x".toCharArray()));
        assertThatThrownBy(() -> PasswordFile.parse(List.of("# c", good, "bob"), "conf/passwd"))
                .isInstanceOf(AuthFileException.class).hasMessageStartingWith("conf/passwd:3: ");
        assertThatThrownBy(() -> PasswordFile.parse(List.of("bob:$tern-pbkdf2-sha256$x$a$b$c"), "p"))
                .hasMessageContaining("p:1: ").hasMessageContaining("iterations");
        assertThatThrownBy(() -> PasswordFile.parse(List.of("bob:plaintext"), "p"))
                .hasMessageContaining("p:1: ");
        assertThatThrownBy(() -> PasswordFile.parse(List.of(good, good), "p"))
                .hasMessageContaining("p:2: ").hasMessageContaining("twice");
        assertThatThrownBy(() -> PasswordFile.parse(List.of("bob:$tern-pbkdf2-sha256$1000$AAAA$AAAA$AAAA"), "p"))
                .hasMessageContaining("below");
    }

    @Test
    void with_user_replaces_in_place_and_without_user_removes() {
        ScramCredentials c1 = ScramCredentials.hash("1".toCharArray());
        ScramCredentials c2 = ScramCredentials.hash("2".toCharArray());
        List<String> lines = List.of("# header", PasswordFile.line("alice", c1), PasswordFile.line("bob", c1));

        List<String> updated = PasswordFile.withUser(lines, "alice", c2);
        assertThat(updated).containsExactly("# header", PasswordFile.line("alice", c2), PasswordFile.line("bob", c1));
        assertThat(PasswordFile.withUser(lines, "carol", c2)).hasSize(4).last().asString().startsWith("carol:");
        assertThat(PasswordFile.withoutUser(lines, "bob")).containsExactly("# header", PasswordFile.line("alice", c1));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
