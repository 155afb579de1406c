package dev.aigate.checks.compliance;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigate.core.PolicyException;
import dev.aigate.core.policy.YamlDocument;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A YAML or JSON document an evidence rule reads a key from, parsed safely (YAML through {@link YamlDocument}; JSON
 * with the same limits) and remembering the line of every node.
 */
final class StructuredDocument {
    private static final int MAX_DEPTH = 40;

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
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
                        .maxStringLength(YamlDocument.MAX_BYTES).build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        Map<String, Integer> lineMap = new HashMap<>();
        try (JsonParser parser = factory.createParser(bytes)) {
            if (parser.nextToken() == null) {
                throw new PolicyException(name + ": the file is empty");
            }
            JsonNode root = read(parser, JsonPointer.empty(), lineMap);
            if (parser.nextToken() != null) {
                throw new PolicyException(name + ":" + parser.currentTokenLocation().getLineNr()
                        + ": trailing content after the JSON value");
            }
            return new StructuredDocument(name, root, pointer -> lineOf(lineMap, pointer));
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new PolicyException(name + (line > 0 ? ":" + line : "") + ": not valid JSON: "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new PolicyException(name + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static JsonNode read(JsonParser parser, JsonPointer at, Map<String, Integer> lines) throws IOException {
        lines.putIfAbsent(at.toString(), parser.currentTokenLocation().getLineNr());
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT: {
                ObjectNode object = nodes.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    JsonPointer child = at.appendProperty(field);
                    lines.put(child.toString(), parser.currentTokenLocation().getLineNr());
                    parser.nextToken();
                    object.set(field, read(parser, child, lines));
                }
                return object;
            }
            case START_ARRAY: {
                ArrayNode array = nodes.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(read(parser, at.appendIndex(array.size()), lines));
                }
                return array;
            }
            case VALUE_STRING:
                return nodes.textNode(parser.getText());
            case VALUE_NUMBER_INT:
                return nodes.numberNode(parser.getBigIntegerValue());
            case VALUE_NUMBER_FLOAT:
                return nodes.numberNode(parser.getDecimalValue());
            case VALUE_TRUE:
                return nodes.booleanNode(true);
            case VALUE_FALSE:
                return nodes.booleanNode(false);
            case VALUE_NULL:
                return nodes.nullNode();
            default:
                throw new PolicyException("unsupported JSON token " + token);
        }
    }

    private static int lineOf(Map<String, Integer> lines, JsonPointer pointer) {
        JsonPointer current = pointer;
        while (current != null) {
            Integer line = lines.get(current.toString());
            if (line != null) {
                return line;
            }
            current = current.head();
        }
        return 0;
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
