package dev.aigate.core.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.aigate.core.PolicyException;
import java.io.IOException;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * A YAML document parsed safely into a JSON tree that remembers the line of every node, so that errors found later
 * (while binding a section to a typed config) can still name the line. Parsing never constructs objects from tags,
 * limits aliases, nesting and size, and rejects duplicate keys.
 */
public final class YamlDocument {
    /** Largest YAML file aigate reads (policies, checklists, sign-offs are small). */
    public static final int MAX_BYTES = 1 << 20;
    private static final int MAX_DEPTH = 40;
    private static final int MAX_ALIASES = 20;

    private final Path file;
    private final JsonNode root;
    private final Map<String, Integer> lines;

    private YamlDocument(Path file, JsonNode root, Map<String, Integer> lines) {
        this.file = file;
        this.root = root;
        this.lines = lines;
    }

    // Factories are thread-safe and costly to build (a fresh one per file cost about a millisecond): one each.
    private static final YAMLFactory YAML = yamlFactory();
    private static final com.fasterxml.jackson.core.JsonFactory JSON = com.fasterxml.jackson.core.JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH).maxStringLength(MAX_BYTES).build())
            .build();

    private static YAMLFactory yamlFactory() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(MAX_BYTES);
        options.setAllowRecursiveKeys(false);
        return YAMLFactory.builder()
                .loaderOptions(options)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_DEPTH).maxStringLength(MAX_BYTES).build())
                .build();
    }

    /** Parses {@code bytes} read from {@code file}; every problem becomes a {@link PolicyException} naming the file. */
    public static YamlDocument parse(Path file, byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            throw new PolicyException(file + ": file is " + bytes.length + " bytes; the limit is " + MAX_BYTES);
        }
        String text = decodeUtf8(file, bytes);
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser parser = YAML.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new PolicyException(file + ": the file is empty");
            }
            JsonNode root = readValue(file, parser, JsonPointer.empty(), lines);
            if (parser.nextToken() != null) {
                throw new PolicyException(file + ":" + line(parser) + ": more than one YAML document");
            }
            return new YamlDocument(file, root, lines);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            int problemLine = problemLine(e);
            String where = problemLine > 0 ? ":" + problemLine : at == null ? "" : ":" + at.getLineNr();
            throw new PolicyException(file + where + ": not valid YAML: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new PolicyException(file + ": cannot read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (e instanceof PolicyException) {
                throw e;
            }
            // SnakeYAML reports limits (aliases, depth, duplicate keys) as unchecked exceptions.
            throw new PolicyException(file + ": not valid YAML: " + firstLine(e.getMessage()), e);
        }
    }

    /**
     * Parses a JSON document with the same limits and the same line-aware tree, for evidence files that are JSON.
     * Duplicate keys are errors here too.
     */
    public static YamlDocument parseJson(Path file, byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            throw new PolicyException(file + ": file is " + bytes.length + " bytes; the limit is " + MAX_BYTES);
        }
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser parser = JSON.createParser(decodeUtf8(file, bytes))) {
            if (parser.nextToken() == null) {
                throw new PolicyException(file + ": the file is empty");
            }
            JsonNode root = readValue(file, parser, JsonPointer.empty(), lines);
            if (parser.nextToken() != null) {
                throw new PolicyException(file + ":" + line(parser) + ": trailing content after the JSON value");
            }
            return new YamlDocument(file, root, lines);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            int problemLine = problemLine(e);
            String where = problemLine > 0 ? ":" + problemLine : at == null ? "" : ":" + at.getLineNr();
            throw new PolicyException(file + where + ": not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new PolicyException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static String decodeUtf8(Path file, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        // UTF-8 never decodes to more UTF-16 units than it has bytes.
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int line = 1;
            for (int i = 0; i < in.position(); i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new PolicyException(file + ":" + line + ": not valid UTF-8 (byte offset " + in.position() + ")");
        }
        return out.flip().toString();
    }

    private static JsonNode readValue(Path file, JsonParser parser, JsonPointer at, Map<String, Integer> lines)
            throws IOException {
        lines.put(at.toString(), line(parser));
        if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
            // Jackson would hand an alias over as the text of its anchor's name: reject it rather than misread it
            // (this also rules out alias bombs).
            throw new PolicyException(file + ":" + line(parser) + ": YAML aliases are not supported (alias '*"
                    + parser.getText() + "' at '" + ConfigBinder.keyName(at) + "'); write the value out");
        }
        rejectTag(file, parser, at);
        JsonToken token = parser.currentToken();
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        switch (token) {
            case START_OBJECT: {
                ObjectNode object = nodes.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    int keyLine = line(parser);
                    rejectTag(file, parser, at.appendProperty(name));
                    if (object.has(name)) {
                        throw new PolicyException(file + ":" + keyLine + ": duplicate key '" + name + "'");
                    }
                    parser.nextToken();
                    JsonPointer child = at.appendProperty(name);
                    object.set(name, readValue(file, parser, child, lines));
                    lines.put(child.toString(), keyLine);
                }
                return object;
            }
            case START_ARRAY: {
                ArrayNode array = nodes.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(readValue(file, parser, at.appendIndex(array.size()), lines));
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
                throw new PolicyException(file + ":" + line(parser) + ": unsupported YAML content (" + token + ")");
        }
    }

    /**
     * A YAML tag ({@code !!python/object}, {@code !!binary}, {@code !custom}) asks a loader to construct something; it
     * is never silently dropped and the value used anyway: an error naming file, line and key.
     */
    private static void rejectTag(Path file, JsonParser parser, JsonPointer at) throws IOException {
        if (parser instanceof YAMLParser yaml) {
            String tag = yaml.getTypeId();
            if (tag != null) {
                throw new PolicyException(file + ":" + line(parser) + ": YAML tags are not supported (tag '" + tag
                        + "' at '" + ConfigBinder.keyName(at) + "'); write the plain value");
            }
        }
    }

    private static int line(JsonParser parser) {
        return parser.currentTokenLocation().getLineNr();
    }

    /**
     * The line SnakeYAML names as the problem (its "line N" in the message), rather than where the token it was
     * scanning began: a tab on line 14 is reported at 14, not at the key before it.
     */
    private static int problemLine(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.yaml.snakeyaml.error.MarkedYAMLException marked && marked.getProblemMark() != null) {
                return marked.getProblemMark().getLine() + 1;
            }
        }
        return -1;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown problem";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    public Path file() {
        return file;
    }

    public JsonNode root() {
        return root;
    }

    /** The line of the node at {@code pointer}, or of its nearest ancestor that has one; 0 when unknown. */
    public int lineOf(JsonPointer pointer) {
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

    /** "file:line" for the node at {@code pointer}. */
    public String where(JsonPointer pointer) {
        int line = lineOf(pointer);
        return line > 0 ? file + ":" + line : file.toString();
    }
}
