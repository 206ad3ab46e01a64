package dev.tern.cli;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetector.Level;
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

    @Test
    void the_real_process_turns_netty_leak_sampling_off_unless_the_operator_asks_for_it() {
        Level before = ResourceLeakDetector.getLevel();
        String property = System.getProperty("io.netty.leakDetection.level");
        try {
            System.clearProperty("io.netty.leakDetection.level");
            ResourceLeakDetector.setLevel(Level.SIMPLE);
            Main.productionNetty();
            assertThat(ResourceLeakDetector.getLevel()).isEqualTo(Level.DISABLED);

            System.setProperty("io.netty.leakDetection.level", "paranoid");
            ResourceLeakDetector.setLevel(Level.PARANOID);
            Main.productionNetty();
            assertThat(ResourceLeakDetector.getLevel()).isEqualTo(Level.PARANOID);
        } finally {
            if (property == null) {
                System.clearProperty("io.netty.leakDetection.level");
            } else {
                System.setProperty("io.netty.leakDetection.level", property);
            }
            ResourceLeakDetector.setLevel(before);
        }
    }
}
