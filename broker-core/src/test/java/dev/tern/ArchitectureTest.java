package dev.tern;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** CONVENTIONS.md 3 and 5: broker-core has no Netty imports and reads time only through ShardExecutor. */
class ArchitectureTest {
    private static final Path MAIN = Path.of("src/main/java");

    private static List<String> filesContaining(String text) throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> {
                        try {
                            return Files.readString(p).contains(text);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .map(Path::toString)
                    .toList();
        }
    }

    @Test
    void broker_core_has_no_netty_imports() throws IOException {
        assertThat(MAIN).isDirectory();
        assertThat(filesContaining("io.netty")).isEmpty();
    }

    @Test
    void broker_core_reads_no_system_clock() throws IOException {
        assertThat(filesContaining("System.currentTimeMillis")).isEmpty();
        assertThat(filesContaining("System.nanoTime")).isEmpty();
        assertThat(filesContaining("Instant.now")).isEmpty();
    }
}
