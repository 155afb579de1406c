package dev.aigate.checks.compliance;

import dev.aigate.core.io.SafePaths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/** Checks shared by the compliance records' compact constructors; failures become errors naming file, line, key. */
final class Validation {
    /** Item ids are path-like so that a waiver's {@code subject} glob can select them, e.g. {@code owasp-ml/*}. */
    static final Pattern ITEM_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,127}");
    static final Pattern CHECK_ID = Pattern.compile("[a-z][a-z0-9-]{0,63}");
    static final Pattern FRAMEWORK = Pattern.compile("[a-z0-9][a-z0-9.-]{0,63}");

    private Validation() {
    }

    static String requireText(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("'" + key + "' must not be empty");
        }
        return value.trim();
    }

    static void requireItemId(String id) {
        if (id == null || !ITEM_ID.matcher(id).matches() || SafePaths.problemWith(id).isPresent()) {
            throw new IllegalArgumentException("item id '" + id + "' must be 1-128 letters, digits, '.', '_', '-'"
                    + " or '/', start with a letter or digit, and have no empty, '.' or '..' segments");
        }
    }

    /** A path or glob from a checklist or the policy: relative to the project directory and never leaving it. */
    static String requireInsideProject(String path, String key) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("'" + key + "' must not be empty");
        }
        SafePaths.problemWith(path).ifPresent(problem -> {
            throw new IllegalArgumentException("'" + key + "' '" + path + "' is not allowed: " + problem
                    + "; paths and globs must stay inside the project directory");
        });
        return path;
    }

    /** An immutable copy that rejects empty list entries (a bare '-' in YAML) with a message instead of a crash. */
    static <T> List<T> copyWithoutNulls(Collection<T> values, String key) {
        if (values == null) {
            return List.of();
        }
        List<T> copy = new ArrayList<>(values.size());
        for (T value : values) {
            if (value == null) {
                throw new IllegalArgumentException("'" + key + "' has an empty entry");
            }
            copy.add(value);
        }
        return List.copyOf(copy);
    }
}
