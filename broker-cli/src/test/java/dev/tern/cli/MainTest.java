package dev.tern.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MainTest {

    @Test
    void version_prints_tern_and_the_maven_project_version() {
        Run run = Run.tern("--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().strip()).matches("tern \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    void no_subcommand_is_a_usage_error() {
        Run run = Run.tern();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing subcommand").contains("start").contains("stop").contains("status");
    }

    @Test
    void unknown_option_is_a_usage_error() {
        Run run = Run.tern("start", "--bogus");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Unknown option: '--bogus'");
    }

    @Test
    void help_lists_the_subcommands() {
        Run run = Run.tern("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("start", "stop", "status");
    }
}
