package dev.tern.packet;

import java.util.Objects;

/** An MQTT 5 User Property (section 3.1.2.11.8): a name/value pair; the same name may repeat, order is kept. */
public record UserProperty(String name, String value) {
    public UserProperty {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
