package dev.tern.config;

import java.nio.file.Path;

/** `auth { ... }`: passwordFile and aclFile are null when not set. */
public record AuthSettings(boolean allowAnonymous, Path passwordFile, Path aclFile) {
}
