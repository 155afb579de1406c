package dev.aigate.core.io;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Validates relative paths that come from untrusted files (lock entries, globs, policy paths) so that nothing resolves
 * outside the directory it was given.
 */
public final class SafePaths {
    /** Longest relative path accepted from an untrusted file. */
    public static final int MAX_PATH_LENGTH = 4096;

    private SafePaths() {
    }

    /**
     * Why {@code relative} is unsafe as a path below a root, or empty when it is safe: it must be non-empty, relative,
     * use '/' separators, and contain no '..' or '.' segments, empty segments, backslashes or control characters.
     */
    public static Optional<String> problemWith(String relative) {
        if (relative == null || relative.isEmpty()) {
            return Optional.of("empty path");
        }
        if (relative.length() > MAX_PATH_LENGTH) {
            return Optional.of("path longer than " + MAX_PATH_LENGTH + " characters");
        }
        if (relative.startsWith("/") || relative.startsWith("~") || (relative.length() > 1
                && relative.charAt(1) == ':')) {
            return Optional.of("absolute path");
        }
        if (relative.indexOf('\\') >= 0) {
            return Optional.of("backslash in path (use '/')");
        }
        for (int i = 0; i < relative.length(); i++) {
            if (Character.isISOControl(relative.charAt(i))) {
                return Optional.of("control character in path");
            }
        }
        // The segments between '/'s, in order (as split("/", -1) gives them, without making them).
        int start = 0;
        while (start <= relative.length()) {
            int end = relative.indexOf('/', start);
            if (end < 0) {
                end = relative.length();
            }
            int length = end - start;
            if (length == 2 && relative.charAt(start) == '.' && relative.charAt(start + 1) == '.') {
                return Optional.of("'..' leaves the directory");
            }
            if (length == 0 || (length == 1 && relative.charAt(start) == '.')) {
                return Optional.of("empty or '.' segment in path");
            }
            start = end + 1;
        }
        return Optional.empty();
    }

    /**
     * For policy sections: {@code path} (the value of {@code key}) must name a file relative to the policy, inside its
     * folder; an {@link IllegalArgumentException} otherwise, which the binder reports with file and line.
     */
    public static void requireRelative(String key, String path) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("'" + key + "' must name a file relative to the policy");
        }
        problemWith(path).ifPresent(problem -> {
            throw new IllegalArgumentException("'" + key + "' path '" + path + "' is not allowed: " + problem
                    + "; name a file inside the policy's directory");
        });
    }

    /** Resolves a validated relative path below {@code root} and double-checks it stays inside. */
    public static Optional<Path> resolveInside(Path root, String relative) {
        if (problemWith(relative).isPresent()) {
            return Optional.empty();
        }
        Path normalizedRoot = root.toAbsolutePath().normalize();
        Path resolved = normalizedRoot.resolve(relative).normalize();
        return resolved.startsWith(normalizedRoot) ? Optional.of(resolved) : Optional.empty();
    }

    /** {@code path} relative to {@code root}, with '/' separators whatever the platform. */
    public static String relativize(Path root, Path path) {
        Path relative = root.toAbsolutePath().normalize().relativize(path.toAbsolutePath().normalize());
        if (relative.getFileSystem().getSeparator().equals("/")) {
            return relative.toString();
        }
        StringBuilder text = new StringBuilder();
        for (Path part : relative) {
            if (text.length() > 0) {
                text.append('/');
            }
            text.append(part);
        }
        return text.toString();
    }
}
