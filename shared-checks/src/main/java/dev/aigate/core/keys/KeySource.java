package dev.aigate.core.keys;

import dev.aigate.core.GateException;
import dev.aigate.core.PolicyException;
import dev.aigate.core.io.BoundedFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a key comes from: a file, or an environment variable. Never the key itself: policies, POMs and command lines
 * name a source, and the material is read here, once, with the same rules in every front end.
 *
 * <ul>
 *   <li>A relative key file resolves against the project directory (the policy's folder).</li>
 *   <li>A variable holds the key itself or, as CI credential bindings do (Jenkins' {@code withCredentials([file(...)])}),
 *       the absolute path of a file holding it.</li>
 *   <li>Key files are read bounded, and only when they are regular files.</li>
 *   <li>The material never appears in a message; {@link #toString()} names the source only.</li>
 * </ul>
 */
public final class KeySource {
    /** Largest key file or variable read, in bytes: far above any PEM key, far below anything that could hurt. */
    public static final int MAX_BYTES = 64 * 1024;
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    private final String file;
    private final String variable;

    private KeySource(String file, String variable) {
        this.file = file;
        this.variable = variable;
    }

    public static KeySource file(String file) {
        if (file == null || file.isBlank()) {
            throw new PolicyException("a key file must be named");
        }
        return new KeySource(file.strip(), null);
    }

    public static KeySource variable(String variable) {
        if (variable == null || !VARIABLE.matcher(variable.strip()).matches()) {
            throw new PolicyException("a key variable must be an environment variable name (letters, digits, '_'),"
                    + " not the key itself");
        }
        return new KeySource(null, variable.strip());
    }

    /** The source given by at most one of a file and a variable; empty when neither is given. */
    public static Optional<KeySource> of(String file, String variable, String what) {
        boolean hasFile = file != null && !file.isBlank();
        boolean hasVariable = variable != null && !variable.isBlank();
        if (hasFile && hasVariable) {
            throw new PolicyException(what + ": give a key file or a key variable, not both");
        }
        return hasFile ? Optional.of(file(file)) : hasVariable ? Optional.of(variable(variable)) : Optional.empty();
    }

    /** The first source present: an explicit one (a command-line option, a Maven parameter) before the policy's. */
    @SafeVarargs
    public static Optional<KeySource> first(Optional<KeySource>... sources) {
        for (Optional<KeySource> source : sources) {
            if (source.isPresent()) {
                return source;
            }
        }
        return Optional.empty();
    }

    public boolean isFile() {
        return file != null;
    }

    /** The key file resolved against {@code baseDir}, or null for a variable. */
    public Path resolveFile(Path baseDir) {
        if (file == null) {
            return null;
        }
        try {
            return baseDir.toAbsolutePath().resolve(file).normalize();
        } catch (InvalidPathException e) {
            throw new PolicyException("key file '" + file + "' is not a valid path");
        }
    }

    /**
     * Reads the key's text.
     *
     * @param baseDir the project directory relative key files resolve against
     * @param environment where variables are looked up
     * @param what what the key is, for messages: "watermark key", "signing key"
     */
    public Secret read(Path baseDir, Map<String, String> environment, String what) {
        if (file != null) {
            Path path = resolveFile(baseDir);
            return new Secret(BoundedFiles.read(path, MAX_BYTES, what + " file"), path, null);
        }
        String value = environment.get(variable);
        if (value == null || value.isBlank()) {
            throw new GateException("environment variable " + variable + " (the " + what + ") is not set");
        }
        Path named = fileNamedBy(value);
        if (named != null) {
            return new Secret(BoundedFiles.read(named, MAX_BYTES, what + " file"), named, variable);
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_BYTES) {
            throw new GateException("environment variable " + variable + " (the " + what + ") is longer than "
                    + MAX_BYTES + " bytes");
        }
        return new Secret(bytes, null, variable);
    }

    /** The file {@code value} names, when it is an absolute path of an existing file; otherwise null. */
    static Path fileNamedBy(String value) {
        String trimmed = value.strip();
        if (trimmed.length() > 4096 || trimmed.indexOf('\n') >= 0 || trimmed.startsWith("-----")) {
            return null;
        }
        try {
            Path path = Path.of(trimmed);
            return path.isAbsolute() && java.nio.file.Files.exists(path) ? path : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return file != null ? "key file " + file : "environment variable " + variable;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeySource that && Objects.equals(file, that.file)
                && Objects.equals(variable, that.variable);
    }

    @Override
    public int hashCode() {
        return Objects.hash(file, variable);
    }

    /**
     * Key material as read, with where it came from for messages. {@link #wipe()} it once parsed.
     *
     * @param file the key file read, or null for a key held in a variable
     * @param variable the environment variable that held the key or named its file, or null
     */
    public record Secret(byte[] bytes, Path file, String variable) {
        /** A key read from a file. */
        public static Secret ofFile(byte[] bytes, Path file) {
            return new Secret(bytes, file, null);
        }

        public String text() {
            return new String(bytes, StandardCharsets.US_ASCII);
        }

        /** Where the key came from, for messages; never the material. */
        public String origin() {
            if (file == null) {
                return "environment variable " + variable;
            }
            return variable == null ? file.toString() : file + " (named by environment variable " + variable + ")";
        }

        /** An error about this key that names where it came from, never what it holds. */
        public GateException problem(String message) {
            if (file != null) {
                return new dev.aigate.core.InputException(file, message
                        + (variable == null ? "" : " (named by environment variable " + variable + ")"));
            }
            return new GateException("environment variable " + variable + ": " + message);
        }

        public void wipe() {
            java.util.Arrays.fill(bytes, (byte) 0);
        }

        @Override
        public String toString() {
            return "Secret[" + origin() + "]";
        }
    }
}
