package dev.aigate.core.spi;

import dev.aigate.core.Rule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/** The checks available to a gate run, in a stable order (by phase, then id), so runs are reproducible. */
public final class CheckRegistry {
    /** The action every check has: its gate run alone, with the checks it requires. */
    public static final String VERIFY = "verify";
    private static final java.util.regex.Pattern ACTION_NAME = java.util.regex.Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    private final Map<String, Check<?>> checks;

    private CheckRegistry(List<Check<?>> list) {
        List<Check<?>> sorted = new ArrayList<>(list);
        sorted.sort(java.util.Comparator.<Check<?>>comparingInt(Check::phase).thenComparing(Check::id));
        Map<String, Check<?>> byId = new LinkedHashMap<>();
        for (Check<?> check : sorted) {
            if (byId.put(check.id(), check) != null) {
                throw new IllegalStateException("two checks share the id '" + check.id() + "'");
            }
        }
        this.checks = Collections.unmodifiableMap(byId);
        validateActions();
    }

    /**
     * Action names are unique per check and never {@value #VERIFY}; an option name has one kind in every action
     * that declares it, so that it means one thing in every front end.
     */
    private void validateActions() {
        Map<String, ActionOption.Kind> kinds = new java.util.HashMap<>();
        for (Check<?> check : checks.values()) {
            java.util.Set<String> names = new java.util.HashSet<>();
            for (Action<?> action : check.actions()) {
                if (!ACTION_NAME.matcher(action.name()).matches() || action.name().equals(VERIFY)
                        || !names.add(action.name())) {
                    throw new IllegalStateException("check '" + check.id() + "' declares a bad or duplicate action"
                            + " name '" + action.name() + "'");
                }
                for (ActionOption option : action.options()) {
                    ActionOption.Kind known = kinds.putIfAbsent(option.name(), option.kind());
                    if (known != null && known != option.kind()) {
                        throw new IllegalStateException("option '" + option.name() + "' of '" + check.id() + " "
                                + action.name() + "' is a " + option.kind() + " but elsewhere a " + known);
                    }
                }
            }
        }
    }

    /** A check's action by name ({@value #VERIFY} is not one: it is the check's gate run). */
    public Optional<Action<?>> action(String checkId, String name) {
        return find(checkId).flatMap(check -> check.actions().stream().filter(a -> a.name().equals(name))
                .<Action<?>>map(a -> a).findFirst());
    }

    /** The action names of a check, {@value #VERIFY} first. */
    public List<String> actionNames(String checkId) {
        List<String> names = new ArrayList<>();
        find(checkId).ifPresent(check -> {
            names.add(VERIFY);
            check.actions().forEach(a -> names.add(a.name()));
        });
        return names;
    }

    /** The checks registered under {@code META-INF/services/dev.aigate.core.spi.Check}. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    public static CheckRegistry load() {
        List<Check<?>> found = new ArrayList<>();
        for (Check check : ServiceLoader.load(Check.class, CheckRegistry.class.getClassLoader())) {
            found.add(check);
        }
        return new CheckRegistry(found);
    }

    public static CheckRegistry of(List<Check<?>> checks) {
        return new CheckRegistry(checks);
    }

    public List<Check<?>> all() {
        return List.copyOf(checks.values());
    }

    public Optional<Check<?>> find(String id) {
        return Optional.ofNullable(checks.get(id));
    }

    public List<String> ids() {
        return List.copyOf(checks.keySet());
    }

    public Optional<Rule> rule(String ruleId) {
        for (Check<?> check : checks.values()) {
            for (Rule rule : check.rules()) {
                if (rule.id().equals(ruleId)) {
                    return Optional.of(rule);
                }
            }
        }
        return Optional.empty();
    }
}
