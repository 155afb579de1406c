package dev.aigate.core.spi;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One option of a check action, declared once and spelled by every front end from its name: {@code --key-file} on the
 * command line, {@code aigate.keyFile} or {@code <keyFile>} in Maven, {@code keyFile:} in Jenkins. An option name means
 * the same thing in every action that declares it.
 *
 * @param name camelCase, e.g. {@code minElements}
 * @param kind what values it takes; a {@link Kind#KEY} option named {@code key} is given as {@code keyFile} or
 *     {@code keyEnv}
 * @param label the value placeholder in help, e.g. {@code FILE}
 * @param description one sentence for help and docs
 * @param required whether the action cannot run without it
 */
public record ActionOption(String name, Kind kind, String label, String description, boolean required) {
    private static final Pattern NAME = Pattern.compile("[a-z][A-Za-z0-9]{0,63}");

    /** The kinds of values an option takes. */
    public enum Kind {
        /** Free text. */
        TEXT,
        /** A whole number. */
        INTEGER,
        /** A decimal number (no hex, no suffixes). */
        NUMBER,
        /** On when given. */
        FLAG,
        /** A file or directory; relative paths resolve against the project directory. */
        PATH,
        /** The action's operands: files or directories given without an option name. */
        PATHS,
        /** Text values, repeatable or comma-separated. */
        LIST,
        /** A key source: a key file ({@code <name>File}) or an environment variable ({@code <name>Env}). */
        KEY
    }

    public ActionOption {
        Objects.requireNonNull(kind, "kind");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("option name must be camelCase letters and digits: " + name);
        }
        label = label == null ? defaultLabel(kind) : label;
        Objects.requireNonNull(description, "description");
    }

    public static ActionOption text(String name, String label, String description) {
        return new ActionOption(name, Kind.TEXT, label, description, false);
    }

    public static ActionOption integer(String name, String description) {
        return new ActionOption(name, Kind.INTEGER, "N", description, false);
    }

    public static ActionOption number(String name, String description) {
        return new ActionOption(name, Kind.NUMBER, "X", description, false);
    }

    public static ActionOption flag(String name, String description) {
        return new ActionOption(name, Kind.FLAG, null, description, false);
    }

    public static ActionOption path(String name, String label, String description) {
        return new ActionOption(name, Kind.PATH, label, description, false);
    }

    public static ActionOption paths(String name, String description) {
        return new ActionOption(name, Kind.PATHS, "PATH", description, false);
    }

    public static ActionOption list(String name, String label, String description) {
        return new ActionOption(name, Kind.LIST, label, description, false);
    }

    public static ActionOption key(String name, String description) {
        return new ActionOption(name, Kind.KEY, null, description, false);
    }

    public ActionOption asRequired() {
        return new ActionOption(name, kind, label, description, true);
    }

    /** The names a user may give this option under: {@code keyFile} and {@code keyEnv} for a key named {@code key}. */
    public java.util.List<String> givenNames() {
        return kind == Kind.KEY ? java.util.List.of(name + "File", name + "Env") : java.util.List.of(name);
    }

    /** {@code minElements} becomes {@code min-elements}, the command line's spelling. */
    public static String kebab(String camel) {
        StringBuilder out = new StringBuilder();
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('-').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String defaultLabel(Kind kind) {
        return switch (kind) {
            case INTEGER -> "N";
            case NUMBER -> "X";
            case PATH, PATHS -> "PATH";
            case LIST -> "VALUE";
            case KEY -> "FILE|VAR";
            default -> "TEXT";
        };
    }
}
