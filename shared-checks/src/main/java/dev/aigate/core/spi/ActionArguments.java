package dev.aigate.core.spi;

import dev.aigate.core.UsageException;
import dev.aigate.core.keys.KeySource;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The options given to an action, checked against what it declares: an unknown option, a missing required one, or a
 * value of the wrong form is a {@link UsageException} naming the option. Every front end hands over plain strings
 * (option name to values), so they all validate the same way. Paths resolve against the project directory.
 */
public final class ActionArguments {
    /** Decimal and exponent forms only: no hex, no type suffixes, no NaN or Infinity. */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d{1,300}(\\.\\d{0,300})?|\\.\\d{1,300})"
            + "([eE][+-]?\\d{1,4})?");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,10}");

    private final String action;
    private final Map<String, ActionOption> declared = new LinkedHashMap<>();
    private final Map<String, List<String>> values;
    private final Path baseDir;

    /**
     * @param action the action's full name for messages, e.g. {@code datasets lock}
     * @param options what the action declares
     * @param given option name (as in {@link ActionOption#givenNames()}) to its values
     * @param baseDir where relative paths resolve
     */
    public ActionArguments(String action, List<ActionOption> options, Map<String, List<String>> given, Path baseDir) {
        this.action = action;
        this.baseDir = baseDir.toAbsolutePath().normalize();
        for (ActionOption option : options) {
            for (String name : option.givenNames()) {
                declared.put(name, option);
            }
        }
        Map<String, List<String>> copy = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> entry : given.entrySet()) {
            ActionOption option = declared.get(entry.getKey());
            if (option == null) {
                throw new UsageException("'" + action + "' has no option '" + entry.getKey() + "'"
                        + (declared.isEmpty() ? " (it takes none)" : " (its options: "
                        + String.join(", ", new TreeSet<>(declared.keySet())) + ")"));
            }
            List<String> list = List.copyOf(entry.getValue());
            if (list.size() > 1 && option.kind() != ActionOption.Kind.LIST
                    && option.kind() != ActionOption.Kind.PATHS) {
                throw new UsageException("'" + action + "': option '" + entry.getKey() + "' is given "
                        + list.size() + " times");
            }
            copy.put(entry.getKey(), list);
        }
        this.values = copy;
        for (ActionOption option : options) {
            if (option.required() && option.givenNames().stream().noneMatch(this::given)) {
                throw new UsageException("'" + action + "' needs the option '" + String.join("' or '",
                        option.givenNames()) + "': " + option.description());
            }
            if (option.kind() == ActionOption.Kind.KEY && given(option.name() + "File")
                    && given(option.name() + "Env")) {
                throw new UsageException("'" + action + "': give '" + option.name() + "File' or '" + option.name()
                        + "Env', not both");
            }
        }
        for (String name : values.keySet()) {
            check(name);
        }
    }

    /** Whether the option was given (a flag given as false counts as not given). */
    public boolean given(String name) {
        List<String> list = values.get(name);
        if (list == null || list.isEmpty()) {
            return false;
        }
        ActionOption option = declared.get(name);
        return option == null || option.kind() != ActionOption.Kind.FLAG || Boolean.parseBoolean(list.get(0));
    }

    public Optional<String> text(String name) {
        return single(name);
    }

    public Optional<Integer> integer(String name) {
        return single(name).map(value -> parseInteger(name, value));
    }

    public Optional<Double> number(String name) {
        return single(name).map(value -> parseNumber(name, value));
    }

    public boolean flag(String name) {
        return single(name).map(value -> parseFlag(name, value)).orElse(false);
    }

    public Optional<Path> path(String name) {
        return single(name).map(value -> resolve(name, value));
    }

    public List<Path> paths(String name) {
        List<Path> out = new ArrayList<>();
        for (String value : values.getOrDefault(name, List.of())) {
            out.add(resolve(name, value));
        }
        return out;
    }

    /** Values given repeatedly or comma-separated, trimmed, empty ones dropped. */
    public List<String> list(String name) {
        List<String> out = new ArrayList<>();
        for (String value : values.getOrDefault(name, List.of())) {
            for (String part : value.split(",", -1)) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
        }
        return out;
    }

    /** The key source given for a {@link ActionOption.Kind#KEY} option named {@code name}, if any. */
    public Optional<KeySource> key(String name) {
        return KeySource.of(single(name + "File").orElse(null), single(name + "Env").orElse(null),
                "'" + action + "'");
    }

    public Path baseDir() {
        return baseDir;
    }

    /** The raw values, for records of what was asked (never of keys: those are sources, not material). */
    public Map<String, List<String>> raw() {
        return values;
    }

    private Optional<String> single(String name) {
        requireDeclared(name);
        List<String> list = values.get(name);
        return list == null || list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
    }

    private void requireDeclared(String name) {
        if (!declared.containsKey(name)) {
            throw new IllegalStateException("'" + action + "' reads option '" + name + "' it does not declare");
        }
    }

    private void check(String name) {
        ActionOption option = declared.get(name);
        for (String value : values.get(name)) {
            if (value == null) {
                throw new UsageException("'" + action + "': option '" + name + "' has no value");
            }
            for (int i = 0; i < value.length(); i++) {
                if (Character.isISOControl(value.charAt(i))) {
                    throw new UsageException("'" + action + "': option '" + name + "' contains a control character");
                }
            }
            switch (option.kind()) {
                case INTEGER -> parseInteger(name, value);
                case NUMBER -> parseNumber(name, value);
                case FLAG -> parseFlag(name, value);
                case PATH, PATHS -> resolve(name, value);
                default -> {
                }
            }
        }
    }

    private int parseInteger(String name, String value) {
        String v = value.strip();
        if (INTEGER.matcher(v).matches()) {
            long parsed = Long.parseLong(v);
            if (parsed >= Integer.MIN_VALUE && parsed <= Integer.MAX_VALUE) {
                return (int) parsed;
            }
        }
        throw new UsageException("'" + action + "': option '" + name + "' must be a whole number, not '" + value
                + "'");
    }

    private double parseNumber(String name, String value) {
        String v = value.strip();
        if (NUMBER.matcher(v).matches()) {
            double parsed = Double.parseDouble(v);
            if (Double.isFinite(parsed)) {
                return parsed;
            }
        }
        throw new UsageException("'" + action + "': option '" + name + "' must be a decimal number such as 0.5 or"
                + " 1e-9, not '" + value + "'");
    }

    private boolean parseFlag(String name, String value) {
        String v = value.strip().toLowerCase(java.util.Locale.ROOT);
        if (v.equals("true") || v.equals("false")) {
            return v.equals("true");
        }
        throw new UsageException("'" + action + "': option '" + name + "' must be true or false, not '" + value + "'");
    }

    private Path resolve(String name, String value) {
        if (value.isBlank()) {
            throw new UsageException("'" + action + "': option '" + name + "' must name a path");
        }
        try {
            return baseDir.resolve(value).normalize();
        } catch (InvalidPathException e) {
            throw new UsageException("'" + action + "': option '" + name + "' is not a valid path: " + value);
        }
    }
}
