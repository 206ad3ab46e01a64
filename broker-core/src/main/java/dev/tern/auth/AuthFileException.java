package dev.tern.auth;

/** A password or ACL file that cannot be used; the message names the file and, where known, the line. */
public final class AuthFileException extends RuntimeException {
    public AuthFileException(String message) {
        super(message);
    }

    public AuthFileException(String message, Throwable cause) {
        super(message, cause);
    }

    static AuthFileException at(String source, int line, String problem) {
        return new AuthFileException(source + ":" + line + ": " + problem);
    }
}
