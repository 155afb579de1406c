package dev.aigate.checks.watermark;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Key sources given as environment variables may hold the key itself or, as CI credential bindings do (Jenkins'
 * {@code withCredentials([file(...)])}), the path of a file holding it. This tells the second case apart.
 */
public final class KeyFilePaths {
    private KeyFilePaths() {
    }

    /** The file {@code value} names, when it is an absolute path of an existing regular file; otherwise null. */
    public static Path fileNamedBy(String value) {
        String trimmed = value.trim();
        if (trimmed.length() > 4096 || trimmed.contains("\n")) {
            return null;
        }
        try {
            Path path = Path.of(trimmed);
            return path.isAbsolute() && Files.isRegularFile(path) ? path : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }
}
