package dev.tern.codec;

import dev.tern.packet.UserProperty;
import java.util.List;

/** Writes MQTT 5 properties that are present (non-null, non-empty), and property blocks with their length. */
final class PropertiesWriter {
    /** Writes the properties of one packet; {@code optional} false drops Reason String and User Properties. */
    @FunctionalInterface
    interface Block<T> {
        void write(EncodeSink sink, T packet, boolean optional);
    }

    private PropertiesWriter() {
    }

    /** Property Length, then the properties: counted first because the length comes first. */
    static <T> void block(EncodeSink sink, Block<T> block, T packet, boolean optional) {
        if (sink instanceof EncodeSink.Counter counter) {
            // Sizing pass: count the properties into the same counter, then add their length's own size.
            long before = counter.size();
            block.write(counter, packet, optional);
            counter.add(VariableByteInteger.size((int) (counter.size() - before)));
            return;
        }
        EncodeSink.Counter counter = sink.scratch();
        block.write(counter, packet, optional);
        sink.varInt((int) counter.size());
        block.write(sink, packet, optional);
    }

    /** Whether a block writes anything (for the short forms that omit an empty block). */
    static <T> boolean isEmpty(EncodeSink sink, Block<T> block, T packet, boolean optional) {
        EncodeSink.Counter counter = sink.scratch();
        block.write(counter, packet, optional);
        return counter.size() == 0;
    }

    static void byteProp(EncodeSink s, PropertyId id, Integer value) {
        if (value != null) {
            s.byte1(id.id());
            s.byte1(value);
        }
    }

    static void flagProp(EncodeSink s, PropertyId id, Boolean value) {
        if (value != null) {
            s.byte1(id.id());
            s.byte1(value ? 1 : 0);
        }
    }

    static void twoByteProp(EncodeSink s, PropertyId id, Integer value) {
        if (value != null) {
            s.byte1(id.id());
            s.byte2(value);
        }
    }

    static void fourByteProp(EncodeSink s, PropertyId id, Long value) {
        if (value != null) {
            s.byte1(id.id());
            s.byte4(value);
        }
    }

    static void varIntProp(EncodeSink s, PropertyId id, int value) {
        s.byte1(id.id());
        s.varInt(value);
    }

    static void stringProp(EncodeSink s, PropertyId id, String value) {
        if (value != null) {
            s.byte1(id.id());
            s.utf8(value);
        }
    }

    static void binaryProp(EncodeSink s, PropertyId id, byte[] value) {
        if (value != null) {
            s.byte1(id.id());
            s.binary(value);
        }
    }

    static void userProps(EncodeSink s, List<UserProperty> props) {
        // Indexed, not for-each: no Iterator per call on the per-message path (the lists are RandomAccess).
        for (int i = 0, n = props.size(); i < n; i++) {
            UserProperty p = props.get(i);
            s.byte1(PropertyId.USER_PROPERTY.id());
            s.utf8(p.name());
            s.utf8(p.value());
        }
    }

    /**
     * Reason String and User Properties, which a sender must leave out rather than exceed the
     * receiver's Maximum Packet Size (e.g. [MQTT-3.4.2-2], [MQTT-3.4.2-3]; [MQTT-3.1.2-25]).
     */
    static void reasonAndUser(EncodeSink s, String reasonString, List<UserProperty> user, boolean optional) {
        if (optional) {
            stringProp(s, PropertyId.REASON_STRING, reasonString);
            userProps(s, user);
        }
    }
}
