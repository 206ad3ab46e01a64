package dev.tern.packet;

/**
 * MQTT 5.0 reason codes (section 2.4). One enum serves every packet type because the byte values
 * are shared; {@link #validFor(PacketType)} says which codes a given packet may carry, and the
 * decoder rejects the others as malformed. Tern's engine speaks in these codes for MQTT 3.1.1
 * clients too; the encoder maps them to 3.1.1 return codes where that protocol has them.
 */
public enum ReasonCode {
    SUCCESS(0x00),            // also Normal disconnection, Granted QoS 0
    GRANTED_QOS_1(0x01),
    GRANTED_QOS_2(0x02),
    DISCONNECT_WITH_WILL(0x04),
    NO_MATCHING_SUBSCRIBERS(0x10),
    NO_SUBSCRIPTION_EXISTED(0x11),
    CONTINUE_AUTHENTICATION(0x18),
    RE_AUTHENTICATE(0x19),
    UNSPECIFIED_ERROR(0x80),
    MALFORMED_PACKET(0x81),
    PROTOCOL_ERROR(0x82),
    IMPLEMENTATION_SPECIFIC_ERROR(0x83),
    UNSUPPORTED_PROTOCOL_VERSION(0x84),
    CLIENT_IDENTIFIER_NOT_VALID(0x85),
    BAD_USER_NAME_OR_PASSWORD(0x86),
    NOT_AUTHORIZED(0x87),
    SERVER_UNAVAILABLE(0x88),
    SERVER_BUSY(0x89),
    BANNED(0x8A),
    SERVER_SHUTTING_DOWN(0x8B),
    BAD_AUTHENTICATION_METHOD(0x8C),
    KEEP_ALIVE_TIMEOUT(0x8D),
    SESSION_TAKEN_OVER(0x8E),
    TOPIC_FILTER_INVALID(0x8F),
    TOPIC_NAME_INVALID(0x90),
    PACKET_IDENTIFIER_IN_USE(0x91),
    PACKET_IDENTIFIER_NOT_FOUND(0x92),
    RECEIVE_MAXIMUM_EXCEEDED(0x93),
    TOPIC_ALIAS_INVALID(0x94),
    PACKET_TOO_LARGE(0x95),
    MESSAGE_RATE_TOO_HIGH(0x96),
    QUOTA_EXCEEDED(0x97),
    ADMINISTRATIVE_ACTION(0x98),
    PAYLOAD_FORMAT_INVALID(0x99),
    RETAIN_NOT_SUPPORTED(0x9A),
    QOS_NOT_SUPPORTED(0x9B),
    USE_ANOTHER_SERVER(0x9C),
    SERVER_MOVED(0x9D),
    SHARED_SUBSCRIPTIONS_NOT_SUPPORTED(0x9E),
    CONNECTION_RATE_EXCEEDED(0x9F),
    MAXIMUM_CONNECT_TIME(0xA0),
    SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED(0xA1),
    WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED(0xA2);

    private static final ReasonCode[] BY_VALUE = new ReasonCode[256];

    static {
        for (ReasonCode c : values()) {
            BY_VALUE[c.value] = c;
        }
    }

    private final int value;

    ReasonCode(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    public boolean isError() {
        return value >= 0x80;
    }

    /** @return the code with this byte value, or null if MQTT 5.0 defines none */
    public static ReasonCode of(int value) {
        return value >= 0 && value < 256 ? BY_VALUE[value] : null;
    }

    /** Whether a packet of the given type may carry this code (MQTT 5.0 section 2.4 and each packet's section). */
    public boolean validFor(PacketType type) {
        return switch (type) {
            case CONNACK -> switch (this) {
                        case SUCCESS -> true;
                        case UNSPECIFIED_ERROR, MALFORMED_PACKET, PROTOCOL_ERROR, IMPLEMENTATION_SPECIFIC_ERROR,
                                UNSUPPORTED_PROTOCOL_VERSION, CLIENT_IDENTIFIER_NOT_VALID, BAD_USER_NAME_OR_PASSWORD,
                                NOT_AUTHORIZED, SERVER_UNAVAILABLE, SERVER_BUSY, BANNED, BAD_AUTHENTICATION_METHOD,
                                TOPIC_NAME_INVALID, PACKET_TOO_LARGE, QUOTA_EXCEEDED, PAYLOAD_FORMAT_INVALID,
                                RETAIN_NOT_SUPPORTED, QOS_NOT_SUPPORTED, USE_ANOTHER_SERVER, SERVER_MOVED,
                                CONNECTION_RATE_EXCEEDED -> true;
                        default -> false;
                    };
            case PUBACK, PUBREC -> switch (this) {
                case SUCCESS, NO_MATCHING_SUBSCRIBERS, UNSPECIFIED_ERROR, IMPLEMENTATION_SPECIFIC_ERROR,
                        NOT_AUTHORIZED, TOPIC_NAME_INVALID, PACKET_IDENTIFIER_IN_USE, QUOTA_EXCEEDED,
                        PAYLOAD_FORMAT_INVALID -> true;
                default -> false;
            };
            case PUBREL, PUBCOMP -> this == SUCCESS || this == PACKET_IDENTIFIER_NOT_FOUND;
            case SUBACK -> switch (this) {
                case SUCCESS, GRANTED_QOS_1, GRANTED_QOS_2, UNSPECIFIED_ERROR, IMPLEMENTATION_SPECIFIC_ERROR,
                        NOT_AUTHORIZED, TOPIC_FILTER_INVALID, PACKET_IDENTIFIER_IN_USE, QUOTA_EXCEEDED,
                        SHARED_SUBSCRIPTIONS_NOT_SUPPORTED, SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED,
                        WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED -> true;
                default -> false;
            };
            case UNSUBACK -> switch (this) {
                case SUCCESS, NO_SUBSCRIPTION_EXISTED, UNSPECIFIED_ERROR, IMPLEMENTATION_SPECIFIC_ERROR,
                        NOT_AUTHORIZED, TOPIC_FILTER_INVALID, PACKET_IDENTIFIER_IN_USE -> true;
                default -> false;
            };
            case DISCONNECT -> switch (this) {
                case GRANTED_QOS_1, GRANTED_QOS_2, NO_MATCHING_SUBSCRIBERS, NO_SUBSCRIPTION_EXISTED,
                        CONTINUE_AUTHENTICATION, RE_AUTHENTICATE, UNSUPPORTED_PROTOCOL_VERSION,
                        CLIENT_IDENTIFIER_NOT_VALID, BAD_USER_NAME_OR_PASSWORD, SERVER_UNAVAILABLE, BANNED,
                        BAD_AUTHENTICATION_METHOD, PACKET_IDENTIFIER_IN_USE, PACKET_IDENTIFIER_NOT_FOUND,
                        CONNECTION_RATE_EXCEEDED -> false;
                default -> true;
            };
            case AUTH -> this == SUCCESS || this == CONTINUE_AUTHENTICATION || this == RE_AUTHENTICATE;
            default -> false;
        };
    }
}
