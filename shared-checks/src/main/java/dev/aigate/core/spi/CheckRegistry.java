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
