package dev.aigate.checks.compliance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A checklist with its extensions and overrides resolved: every item once, in order (inherited items first, in the
 * order of {@code extends}, then the checklist's own), and every file it was read from.
 */
public final class Checklist {
    /**
     * An item with where it was defined and, if changed by an override, where.
     *
     * @param definedAt "file:line" of the item's definition
     * @param file the file of the last override, or of the definition when there is none
     * @param line the line in {@code file}
     * @param overriddenAt "file:line" of the last override, or null
     */
    public record Item(ItemSpec spec, String definedAt, String file, int line, String overriddenAt) {
        public String id() {
            return spec.id();
        }

        /** Where a reader should look: the override when there is one, else the definition. */
        public String origin() {
            return overriddenAt != null ? overriddenAt : definedAt;
        }
    }

    /**
     * A file the checklist was read from.
     *
     * @param kind {@code profile} (built in) or {@code checklist}
     * @param name a path relative to the project, or {@code builtin/<profile>.yml}
     */
    public record Source(String kind, String name, long size, String sha256) {
    }

    private final Map<String, Item> items;
    private final List<Source> sources;

    Checklist(Map<String, Item> items, List<Source> sources) {
        this.items = new LinkedHashMap<>(items);
        this.sources = List.copyOf(sources);
    }

    public List<Item> items() {
        return List.copyOf(items.values());
    }

    public Optional<Item> item(String id) {
        return Optional.ofNullable(items.get(id));
    }

    public List<Source> sources() {
        return sources;
    }
}
