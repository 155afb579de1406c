package dev.aigate.checks.compliance;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aigate.core.PolicyException;
import dev.aigate.core.policy.YamlDocument;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A YAML or JSON document an evidence rule reads a key from, parsed safely by {@link YamlDocument} and remembering
 * the line of every node.
 */
final class StructuredDocument {
    private final String name;
    private final JsonNode root;
    private final java.util.function.ToIntFunction<JsonPointer> lines;

    private StructuredDocument(String name, JsonNode root, java.util.function.ToIntFunction<JsonPointer> lines) {
        this.name = name;
        this.root = root;
        this.lines = lines;
    }

    /** Parses by file extension: {@code .json} as JSON, anything else as YAML. Errors name the file and line. */
    static StructuredDocument parse(String name, byte[] bytes) {
        if (name.toLowerCase(Locale.ROOT).endsWith(".json")) {
            return parseJson(name, bytes);
        }
        YamlDocument yaml = YamlDocument.parse(Path.of(name), bytes);
        return new StructuredDocument(name, yaml.root(), yaml::lineOf);
    }

    static StructuredDocument of(YamlDocument yaml, String name) {
        return new StructuredDocument(name, yaml.root(), yaml::lineOf);
    }

    private static StructuredDocument parseJson(String name, byte[] bytes) {
        return of(YamlDocument.parseJson(Path.of(name), bytes), name);
    }

    String name() {
        return name;
    }

    JsonNode root() {
        return root;
    }

    int lineOf(JsonPointer pointer) {
        return lines.applyAsInt(pointer);
    }

    /** "name:line" of the node at {@code pointer}. */
    String where(JsonPointer pointer) {
        int line = lineOf(pointer);
        return line > 0 ? name + ":" + line : name;
    }

    /**
     * The pointer a user-written key path denotes: a JSON pointer when it starts with '/', otherwise dot-separated
     * keys where a number indexes a list ({@code model-index.0.name}).
     */
    JsonPointer pointer(String path) {
        if (path.startsWith("/")) {
            try {
                return JsonPointer.compile(path);
            } catch (IllegalArgumentException e) {
                throw new PolicyException("key path '" + path + "' is not a valid JSON pointer: " + e.getMessage());
            }
        }
        JsonPointer pointer = JsonPointer.empty();
        JsonNode node = root;
        for (String part : path.split("\\.", -1)) {
            if (node != null && node.isArray() && part.matches("\\d{1,9}")) {
                pointer = pointer.appendIndex(Integer.parseInt(part));
                node = node.get(Integer.parseInt(part));
            } else {
                pointer = pointer.appendProperty(part);
                node = node == null ? null : node.get(part);
            }
        }
        return pointer;
    }

    /** The node at a key path, or null when there is none. */
    JsonNode at(String path) {
        JsonNode node = root.at(pointer(path));
        return node.isMissingNode() ? null : node;
    }
}
