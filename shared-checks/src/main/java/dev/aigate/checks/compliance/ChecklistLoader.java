package dev.aigate.checks.compliance;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aigate.core.PolicyException;
import dev.aigate.core.io.Digests;
import dev.aigate.core.policy.ConfigBinder;
import dev.aigate.core.policy.YamlDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a checklist and everything it extends (built-in profiles, other checklist files), strictly: malformed YAML,
 * unknown keys or rule types, duplicate ids, overrides of undefined items and cyclic extension are
 * {@link PolicyException}s naming the file, line and key.
 */
public final class ChecklistLoader {
    private final ProjectFiles files;
    private final Map<String, Map<String, Checklist.Item>> resolved = new HashMap<>();
    private final Map<String, Checklist.Source> sources = new LinkedHashMap<>();

    public ChecklistLoader(Path projectDir) {
        this.files = new ProjectFiles(projectDir);
    }

    /** Loads the checklist file {@code relative} (to the project directory). */
    public Checklist load(String relative) {
        Path path = files.resolve(relative);
        if (!Files.isRegularFile(path)) {
            throw new PolicyException(relative + ": checklist not found (write one, or run 'aigate compliance init'"
                    + " or 'mvn aigate:compliance-init')");
        }
        Map<String, Checklist.Item> items = resolve(new Ref("checklist", relative), new ArrayDeque<>());
        return new Checklist(items, new ArrayList<>(sources.values()));
    }

    /** Loads one built-in profile on its own (for validation and tests). */
    public static Checklist loadProfile(String profile) {
        ChecklistLoader loader = new ChecklistLoader(Path.of("."));
        Map<String, Checklist.Item> items = loader.resolve(new Ref("profile", profile), new ArrayDeque<>());
        return new Checklist(items, new ArrayList<>(loader.sources.values()));
    }

    private record Ref(String kind, String name) {
        String key() {
            return kind + ":" + name;
        }

        String display() {
            return kind.equals("profile") ? Profiles.displayName(name) : name;
        }
    }

    private Map<String, Checklist.Item> resolve(Ref ref, Deque<String> stack) {
        Map<String, Checklist.Item> done = resolved.get(ref.key());
        if (done != null) {
            return done;
        }
        stack.push(ref.display());
        YamlDocument document = read(ref);
        if (!document.root().isObject()) {
            throw new PolicyException(document.where(JsonPointer.empty()) + ": a checklist must be a mapping with"
                    + " 'version: 1' and 'items', 'extends' or 'overrides'");
        }
        requireKnownRuleTypes(document);
        ChecklistFile file = ConfigBinder.bind(document, JsonPointer.empty(), ChecklistFile.class);
        Map<String, Checklist.Item> items = new LinkedHashMap<>();
        for (int i = 0; i < file.parents().size(); i++) {
            ChecklistFile.Parent parent = file.parents().get(i);
            JsonPointer at = JsonPointer.compile("/extends/" + i);
            Ref child = parent.profile() != null ? new Ref("profile", parent.profile())
                    : new Ref("checklist", parent.file());
            if (stack.contains(child.display())) {
                List<String> cycle = new ArrayList<>(stack);
                java.util.Collections.reverse(cycle);
                cycle = cycle.subList(cycle.indexOf(child.display()), cycle.size());
                throw new PolicyException(document.where(at) + ": 'extends[" + i + "]': cyclic extension: "
                        + String.join(" -> ", cycle) + " -> " + child.display());
            }
            if (child.kind().equals("checklist") && !Files.isRegularFile(files.resolve(child.name()))) {
                throw new PolicyException(document.where(at) + ": 'extends[" + i + "].file': checklist '"
                        + child.name() + "' not found");
            }
            for (Checklist.Item item : resolve(child, stack).values()) {
                Checklist.Item existing = items.get(item.id());
                if (existing != null && !existing.definedAt().equals(item.definedAt())) {
                    throw new PolicyException(document.where(at) + ": 'extends[" + i + "]': duplicate item id '"
                            + item.id() + "': defined at " + existing.definedAt() + " and at " + item.definedAt());
                }
                if (existing == null) {
                    items.put(item.id(), item);
                }
            }
        }
        Map<String, Integer> own = new HashMap<>();
        for (int i = 0; i < file.items().size(); i++) {
            ItemSpec spec = file.items().get(i);
            JsonPointer at = JsonPointer.compile("/items/" + i);
            int line = document.lineOf(at);
            Integer earlier = own.put(spec.id(), line);
            if (earlier != null) {
                throw new PolicyException(document.where(at.appendProperty("id")) + ": 'items[" + i
                        + "].id': duplicate item id '" + spec.id() + "' (also defined at line " + earlier + ")");
            }
            Checklist.Item inherited = items.get(spec.id());
            if (inherited != null) {
                throw new PolicyException(document.where(at.appendProperty("id")) + ": 'items[" + i
                        + "].id': duplicate item id '" + spec.id() + "': already defined at " + inherited.definedAt()
                        + "; to change an inherited item, list it under 'overrides'");
            }
            items.put(spec.id(), new Checklist.Item(spec, ref.display() + ":" + line, ref.display(), line, null));
        }
        Map<String, Integer> overridden = new HashMap<>();
        for (int i = 0; i < file.overrides().size(); i++) {
            ItemOverride override = file.overrides().get(i);
            JsonPointer at = JsonPointer.compile("/overrides/" + i);
            String key = "'overrides[" + i + "].id'";
            String where = document.where(at.appendProperty("id"));
            Integer earlier = overridden.put(override.id(), document.lineOf(at));
            if (earlier != null) {
                throw new PolicyException(where + ": " + key + ": item '" + override.id() + "' is overridden twice"
                        + " (also at line " + earlier + ")");
            }
            if (own.containsKey(override.id())) {
                throw new PolicyException(where + ": " + key + ": item '" + override.id() + "' is defined in this"
                        + " file (line " + own.get(override.id()) + "); change it there instead of overriding it");
            }
            Checklist.Item base = items.get(override.id());
            if (base == null) {
                throw new PolicyException(where + ": " + key + ": item '" + override.id() + "' is referenced but not"
                        + " defined by any checklist or profile this file extends" + suggestion(items, override.id()));
            }
            ItemSpec changed;
            try {
                changed = base.spec().with(override);
            } catch (IllegalArgumentException e) {
                throw new PolicyException(document.where(at) + ": 'overrides[" + i + "]': " + e.getMessage(), e);
            }
            int line = document.lineOf(at);
            items.put(override.id(), new Checklist.Item(changed, base.definedAt(), ref.display(), line,
                    ref.display() + ":" + line));
        }
        stack.pop();
        resolved.put(ref.key(), items);
        return items;
    }

    /**
     * Names an unknown evidence rule type as such before binding (binding would first complain that the rule has no
     * known type, which hides the misspelt key).
     */
    private static void requireKnownRuleTypes(YamlDocument document) {
        for (String list : List.of("items", "overrides")) {
            JsonNode entries = document.root().get(list);
            if (entries == null || !entries.isArray()) {
                continue;
            }
            for (int i = 0; i < entries.size(); i++) {
                JsonNode evidence = entries.get(i).get("evidence");
                String key = list + "[" + i + "].evidence";
                requireKnownRuleTypes(document, evidence, JsonPointer.compile("/" + list + "/" + i + "/evidence"), key);
            }
        }
    }

    private static void requireKnownRuleTypes(YamlDocument document, JsonNode rules, JsonPointer at, String key) {
        if (rules == null || !rules.isArray()) {
            return;
        }
        for (int j = 0; j < rules.size(); j++) {
            JsonNode rule = rules.get(j);
            JsonPointer ruleAt = at.appendIndex(j);
            String ruleKey = key + "[" + j + "]";
            if (rule == null || !rule.isObject()) {
                continue;
            }
            java.util.Iterator<String> names = rule.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (!EvidenceRule.TYPES.contains(name)) {
                    throw new PolicyException(document.where(ruleAt.appendProperty(name)) + ": '" + ruleKey
                            + "': unknown evidence rule type '" + name + "' (known: "
                            + String.join(", ", EvidenceRule.TYPES) + ")");
                }
            }
            requireKnownRuleTypes(document, rule.get("anyOf"), ruleAt.appendProperty("anyOf"), ruleKey + ".anyOf");
        }
    }

    private YamlDocument read(Ref ref) {
        byte[] bytes = ref.kind().equals("profile") ? Profiles.bytes(ref.name())
                : files.readSmall(files.resolve(ref.name()), YamlDocument.MAX_BYTES);
        sources.putIfAbsent(ref.key(), new Checklist.Source(ref.kind(), ref.display(), bytes.length,
                Digests.sha256Hex(bytes)));
        return YamlDocument.parse(Path.of(ref.display()), bytes);
    }

    static String suggestion(Map<String, Checklist.Item> items, String id) {
        int slash = id.lastIndexOf('/');
        String prefix = slash < 0 ? "" : id.substring(0, slash + 1);
        List<String> similar = new ArrayList<>();
        for (String known : items.keySet()) {
            if (!prefix.isEmpty() && known.startsWith(prefix) && similar.size() < 12) {
                similar.add(known);
            }
        }
        if (similar.isEmpty()) {
            return items.isEmpty() ? " (no items are inherited)" : " (" + items.size() + " items are inherited)";
        }
        return " (known: " + String.join(", ", similar) + ")";
    }
}
