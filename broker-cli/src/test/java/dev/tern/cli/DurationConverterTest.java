package dev.tern.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationConverterTest {

    private final DurationConverter converter = new DurationConverter();

    @Test
    void accepts_units_and_bare_seconds() {
        assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(converter.convert("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(converter.convert("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(converter.convert("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(converter.convert("45")).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void rejects_anything_else() {
        assertThatThrownBy(() -> converter.convert("soon")).isInstanceOf(TypeConversionException.class);
        assertThatThrownBy(() -> converter.convert("-1s")).isInstanceOf(TypeConversionException.class);
    }
}
