package dev.aigate.core.policy;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aigate.core.PolicyException;
import dev.aigate.core.PolicyRules;
import dev.aigate.core.Rule;
import dev.aigate.core.Severity;
import dev.aigate.core.io.Digests;
import dev.aigate.core.spi.CheckRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Reads {@code aigate.yml} strictly: unknown keys, wrong types and missing fields are errors naming file and line. */
public final class PolicyLoader {
    public static final int SUPPORTED_VERSION = 1;
    private static final Set<String> GATE_KEYS = Set.of("version", "project", "failOn", "severity", "waivers",
            "waiverWarningDays", "roots");

    /** Checks in modules of their own, by section: named when a policy uses one that is not installed. */
    private static final java.util.Properties CHECK_MODULES = checkModules();

    private final CheckRegistry registry;

    private static java.util.Properties checkModules() {
        java.util.Properties modules = new java.util.Properties();
        try (java.io.InputStream in = PolicyLoader.class.getResourceAsStream(
                "/dev/aigate/core/spi/check-modules.properties")) {
            if (in != null) {
                modules.load(in);
            }
        } catch (java.io.IOException e) {
            // only a better message is lost
        }
        return modules;
    }

    public PolicyLoader(CheckRegistry registry) {
        this.registry = registry;
    }

    public Policy load(Path file) {
        byte[] bytes = readBounded(file);
        YamlDocument document = YamlDocument.parse(file, bytes);
        JsonNode root = document.root();
        if (!root.isObject()) {
            throw new PolicyException(document.where(JsonPointer.empty())
                    + ": the policy must be a mapping with 'version: 1' and one section per check");
        }
        Set<String> sections = checkTopLevelKeys(document);
        int version = version(document);
        Severity failOn = severity(document, "failOn", Severity.DEFAULT_FAIL_ON);
        String project = root.hasNonNull("project") ? text(document, "project") : null;
        Map<String, Severity> overrides = severityOverrides(document);
        List<Waiver> waivers = waivers(document);
        int waiverWarningDays = waiverWarningDays(document);
        for (String section : sections) {
            // Bind every section now, so a misconfigured one is an error even in a run that skips its check.
            ConfigBinder.bind(document, pointer(section), registry.find(section).orElseThrow().configType());
        }
        return new Policy(file, Digests.sha256Hex(bytes), version, project, failOn, overrides, waivers,
                waiverWarningDays, sections, document, roots(document, file));
    }

    private static byte[] readBounded(Path file) {
        try {
            // Only a regular file is opened: a FIFO given as the policy would block the gate forever.
            return dev.aigate.core.io.BoundedFiles.read(file, YamlDocument.MAX_BYTES, "policy file");
        } catch (dev.aigate.core.InputException e) {
            throw new PolicyException(e.getMessage(), e);
        }
    }

    private Set<String> checkTopLevelKeys(YamlDocument document) {
        Set<String> sections = new LinkedHashSet<>();
        Iterator<String> names = document.root().fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (GATE_KEYS.contains(name)) {
                continue;
            }
            if (registry.find(name).isEmpty()) {
                String module = CHECK_MODULES.getProperty(name);
                if (module != null) {
                    throw new PolicyException(document.where(pointer(name)) + ": the '" + name + "' check is in "
                            + module + ", which is not on the class path; in Maven, add it to the aigate plugin's"
                            + " <dependencies> (the README shows how)");
                }
                TreeSet<String> known = new TreeSet<>(GATE_KEYS);
                known.addAll(registry.ids());
                throw new PolicyException(document.where(pointer(name)) + ": unknown key '" + name
                        + "' (known keys: " + String.join(", ", known) + ")");
            }
            sections.add(name);
        }
        return sections;
    }

    private static int version(YamlDocument document) {
        JsonNode node = document.root().get("version");
        if (node == null) {
            throw new PolicyException(document.file() + ":1: missing required key 'version' (write 'version: "
                    + SUPPORTED_VERSION + "')");
        }
        if (!node.isIntegralNumber()) {
            throw new PolicyException(document.where(pointer("version")) + ": 'version' must be a whole number");
        }
        if (!node.canConvertToInt()) {
            // asInt() would wrap 4294967297 to 1: out of range is an error, never a silent truncation
            throw new PolicyException(document.where(pointer("version")) + ": policy version " + node
                    + " is out of range (this aigate reads version " + SUPPORTED_VERSION + ")");
        }
        int version = node.asInt();
        if (version != SUPPORTED_VERSION) {
            throw new PolicyException(document.where(pointer("version")) + ": policy version " + node
                    + " is not supported by this aigate (it reads version " + SUPPORTED_VERSION + ")");
        }
        return version;
    }

    private static Severity severity(YamlDocument document, String key, Severity fallback) {
        JsonNode node = document.root().get(key);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isTextual()) {
            throw new PolicyException(document.where(pointer(key)) + ": '" + key
                    + "' must be one of info, low, medium, high, critical");
        }
        try {
            return Severity.parse(node.asText());
        } catch (IllegalArgumentException e) {
            throw new PolicyException(document.where(pointer(key)) + ": '" + key + "': " + e.getMessage());
        }
    }

    /** Days before expiry that a waiver raises policy/waiver-expiring: 0 (never) to 366, default 14. */
    private static int waiverWarningDays(YamlDocument document) {
        JsonNode node = document.root().get("waiverWarningDays");
        if (node == null || node.isNull()) {
            return dev.aigate.core.Evaluator.DEFAULT_WAIVER_WARNING_DAYS;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < 0 || node.asInt() > 366) {
            throw new PolicyException(document.where(pointer("waiverWarningDays"))
                    + ": 'waiverWarningDays' must be a whole number of days from 0 (never warn) to 366, not " + node);
        }
        return node.asInt();
    }

    /** {@code roots:}: the folders besides the policy's own that paths may name (never the file system root). */
    private static List<Path> roots(YamlDocument document, Path file) {
        JsonNode node = document.root().get("roots");
        List<Path> roots = new ArrayList<>();
        if (node == null || node.isNull()) {
            return roots;
        }
        if (!node.isArray()) {
            throw new PolicyException(document.where(pointer("roots")) + ": 'roots' must be a list of folders");
        }
        Path baseDir = file.toAbsolutePath().getParent();
        for (int i = 0; i < node.size(); i++) {
            JsonPointer at = pointer("roots").appendIndex(i);
            JsonNode entry = node.get(i);
            if (!entry.isTextual() || entry.asText().isBlank()) {
                throw new PolicyException(document.where(at) + ": each of 'roots' must name a folder");
            }
            Path root;
            try {
                root = baseDir.resolve(entry.asText()).normalize();
            } catch (java.nio.file.InvalidPathException e) {
                throw new PolicyException(document.where(at) + ": '" + entry.asText() + "' is not a valid path");
            }
            if (root.getParent() == null) {
                throw new PolicyException(document.where(at) + ": '" + entry.asText()
                        + "' is the file system root; name the folder that holds the data");
            }
            roots.add(root);
        }
        return roots;
    }

    private static String text(YamlDocument document, String key) {
        JsonNode node = document.root().get(key);
        if (!node.isTextual()) {
            throw new PolicyException(document.where(pointer(key)) + ": '" + key + "' must be text");
        }
        return node.asText();
    }

    private Map<String, Severity> severityOverrides(YamlDocument document) {
        JsonNode node = document.root().get("severity");
        Map<String, Severity> overrides = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return overrides;
        }
        if (!node.isObject()) {
            throw new PolicyException(document.where(pointer("severity"))
                    + ": 'severity' must map rule ids to severities, e.g. 'datasets/file-added: low'");
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonPointer at = pointer("severity").appendProperty(field.getKey());
            requireKnownRule(document, at, field.getKey());
            try {
                overrides.put(field.getKey(), Severity.parse(field.getValue().asText()));
            } catch (IllegalArgumentException e) {
                throw new PolicyException(document.where(at) + ": severity of '" + field.getKey() + "': "
                        + e.getMessage());
            }
        }
        return overrides;
    }

    private List<Waiver> waivers(YamlDocument document) {
        JsonNode node = document.root().get("waivers");
        List<Waiver> waivers = new ArrayList<>();
        if (node == null || node.isNull()) {
            return waivers;
        }
        if (!node.isArray()) {
            throw new PolicyException(document.where(pointer("waivers")) + ": 'waivers' must be a list");
        }
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonPointer at = pointer("waivers").appendIndex(i);
            Waiver waiver = ConfigBinder.bind(document, at, Waiver.class);
            if (waiver.id() == null || waiver.id().isBlank()) {
                waiver = waiver.withId("waiver-" + (i + 1));
            }
            if (!ids.add(waiver.id())) {
                throw new PolicyException(document.where(at) + ": duplicate waiver id '" + waiver.id() + "'");
            }
            requireKnownRule(document, at.appendProperty("rule"), waiver.rule());
            waivers.add(waiver);
        }
        return waivers;
    }

    private void requireKnownRule(YamlDocument document, JsonPointer at, String ruleId) {
        if (ruleId.endsWith("/*")) {
            String checkId = ruleId.substring(0, ruleId.length() - 2);
            if (registry.find(checkId).isPresent()) {
                return;
            }
            throw new PolicyException(document.where(at) + ": no check named '" + checkId + "' (known: "
                    + String.join(", ", registry.ids()) + ")");
        }
        if (registry.rule(ruleId).isPresent()
                || PolicyRules.ALL.stream().anyMatch(rule -> rule.id().equals(ruleId))) {
            return;
        }
        TreeSet<String> known = new TreeSet<>();
        PolicyRules.ALL.forEach(rule -> known.add(rule.id()));
        registry.all().forEach(check -> check.rules().stream().map(Rule::id).forEach(known::add));
        throw new PolicyException(document.where(at) + ": unknown rule '" + ruleId + "' (known rules: "
                + String.join(", ", known) + ")");
    }

    private static JsonPointer pointer(String key) {
        return JsonPointer.empty().appendProperty(key);
    }
}
