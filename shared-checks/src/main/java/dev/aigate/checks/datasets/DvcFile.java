package dev.aigate.checks.datasets;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aigate.core.InputException;
import dev.aigate.core.PolicyException;
import dev.aigate.core.io.BoundedFiles;
import dev.aigate.core.policy.YamlDocument;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The outputs a {@code dvc.lock} (schema 2.0) or a {@code .dvc} file records. Both are untrusted input: read with
 * the policy's safe YAML parser (no tags, bounded size, aliases and nesting, duplicate keys rejected), every key
 * checked against the ones DVC writes, every value's type and form checked, counts bounded. A problem is an
 * {@link InputException} naming the file and line.
 */
public final class DvcFile {
    public static final int MAX_STAGES = 10_000;
    public static final int MAX_OUTPUTS = 10_000;
    private static final Pattern MD5 = Pattern.compile("[0-9a-f]{32}");
    private static final Set<String> LOCK_KEYS = Set.of("schema", "stages");
    private static final Set<String> STAGE_KEYS = Set.of("cmd", "deps", "params", "outs");
    private static final Set<String> DVC_FILE_KEYS = Set.of("outs", "deps", "md5", "frozen", "wdir", "meta", "desc");
    private static final Set<String> OUTPUT_KEYS = Set.of("path", "md5", "hash", "size", "nfiles", "isexec", "cache",
            "persist", "push", "remote", "desc", "type", "labels", "meta", "metric", "plot");

    /** One recorded output: its path as written (relative to the DVC file's directory) and DVC's hash of it. */
    public record Output(String path, String md5, DvcHashing.Rule rule, Long size, Long nfiles, String stage,
            int line) {
        public boolean directory() {
            return md5.endsWith(DvcHashing.DIR_SUFFIX);
        }

        /** The MD5 without the directory suffix, as the DVC cache names the object. */
        public String objectId() {
            return directory() ? md5.substring(0, md5.length() - DvcHashing.DIR_SUFFIX.length()) : md5;
        }
    }

    private final Path file;
    private final YamlDocument yaml;

    private DvcFile(Path file, YamlDocument yaml) {
        this.file = file;
        this.yaml = yaml;
    }

    /** Whether {@code name} is a file this reader understands: {@code dvc.lock} or {@code *.dvc}. */
    public static boolean supports(String name) {
        String base = name.substring(name.lastIndexOf('/') + 1);
        return base.equals("dvc.lock") || (base.endsWith(".dvc") && base.length() > 4);
    }

    public static List<Output> read(Path file) {
        byte[] bytes = BoundedFiles.read(file, YamlDocument.MAX_BYTES, "DVC file");
        YamlDocument yaml;
        try {
            yaml = YamlDocument.parse(file, bytes);
        } catch (PolicyException e) {
            throw new InputException(file, "not valid YAML: " + stripFile(e.getMessage()));
        }
        DvcFile reader = new DvcFile(file, yaml);
        String name = file.getFileName().toString();
        return name.equals("dvc.lock") ? reader.lockOutputs() : reader.dvcFileOutputs();
    }

    private static String stripFile(String message) {
        int colon = message.indexOf(": ");
        return colon < 0 ? message : message.substring(colon + 2);
    }

    private List<Output> lockOutputs() {
        JsonNode root = object(yaml.root(), JsonPointer.empty(), "a dvc.lock file must be a mapping");
        keys(root, JsonPointer.empty(), LOCK_KEYS, "dvc.lock");
        JsonNode schema = root.get("schema");
        if (schema == null) {
            throw problem(JsonPointer.empty(), "no 'schema': this is a DVC 1 lock file; aigate reads schema '2.0'"
                    + " (written by DVC 2 and 3): run 'dvc commit' with a current DVC");
        }
        if (!schema.isTextual() || !schema.asText().equals("2.0")) {
            throw problem(pointer("schema"), "schema " + schema + " is not supported; aigate reads schema '2.0'");
        }
        JsonPointer stagesAt = pointer("stages");
        JsonNode stages = object(root.get("stages"), stagesAt, "'stages' must be a mapping of stage names");
        if (stages.size() > MAX_STAGES) {
            throw problem(stagesAt, "more than " + MAX_STAGES + " stages");
        }
        List<Output> outputs = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = stages.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> stage = fields.next();
            JsonPointer at = stagesAt.append(JsonPointer.compile("/" + escape(stage.getKey())));
            JsonNode body = object(stage.getValue(), at, "stage '" + stage.getKey() + "' must be a mapping");
            keys(body, at, STAGE_KEYS, "stage '" + stage.getKey() + "'");
            outputs.addAll(outputs(body, at, stage.getKey()));
        }
        return unique(outputs);
    }

    private List<Output> dvcFileOutputs() {
        JsonNode root = object(yaml.root(), JsonPointer.empty(), "a .dvc file must be a mapping");
        keys(root, JsonPointer.empty(), DVC_FILE_KEYS, ".dvc file");
        JsonNode wdir = root.get("wdir");
        if (wdir != null && !(wdir.isTextual() && wdir.asText().equals("."))) {
            throw problem(pointer("wdir"), "'wdir' " + wdir + " is not supported; aigate reads .dvc files whose"
                    + " paths are relative to the file's own directory");
        }
        if (root.get("outs") == null) {
            throw problem(JsonPointer.empty(), "no 'outs': the file records no data");
        }
        return unique(outputs(root, JsonPointer.empty(), null));
    }

    private List<Output> outputs(JsonNode owner, JsonPointer ownerAt, String stage) {
        JsonNode outs = owner.get("outs");
        List<Output> outputs = new ArrayList<>();
        if (outs == null) {
            return outputs;
        }
        JsonPointer outsAt = ownerAt.append(JsonPointer.compile("/outs"));
        if (!outs.isArray()) {
            throw problem(outsAt, "'outs' must be a list");
        }
        if (outs.size() > MAX_OUTPUTS) {
            throw problem(outsAt, "more than " + MAX_OUTPUTS + " outputs");
        }
        for (int i = 0; i < outs.size(); i++) {
            JsonPointer at = outsAt.appendIndex(i);
            JsonNode out = object(outs.get(i), at, "each output must be a mapping");
            keys(out, at, OUTPUT_KEYS, "an output");
            String path = text(out, at, "path");
            if (path.contains("://")) {
                throw problem(at, "output '" + path + "' is a remote URL; aigate verifies outputs in the project");
            }
            String md5 = text(out, at, "md5");
            String bare = md5.endsWith(DvcHashing.DIR_SUFFIX)
                    ? md5.substring(0, md5.length() - DvcHashing.DIR_SUFFIX.length()) : md5;
            if (!MD5.matcher(bare).matches()) {
                throw problem(at, "output '" + path + "' md5 '" + md5 + "' is not 32 lowercase hex digits"
                        + " (with '.dir' for a directory)");
            }
            DvcHashing.Rule rule = DvcHashing.Rule.MD5_DOS2UNIX;
            JsonNode hash = out.get("hash");
            if (hash != null) {
                if (!hash.isTextual() || !hash.asText().equals("md5")) {
                    throw problem(at, "output '" + path + "' hash " + hash + " is not supported (DVC writes"
                            + " 'hash: md5', or no 'hash' for DVC 2's text-normalised MD5)");
                }
                rule = DvcHashing.Rule.MD5;
            }
            outputs.add(new Output(path, md5, rule, count(out, at, "size"), count(out, at, "nfiles"), stage,
                    yaml.lineOf(at)));
        }
        return outputs;
    }

    private List<Output> unique(List<Output> outputs) {
        Set<String> seen = new HashSet<>();
        for (Output output : outputs) {
            if (!seen.add(output.path())) {
                throw new InputException(file, "output '" + output.path() + "' is recorded twice (line "
                        + output.line() + ")");
            }
        }
        return outputs;
    }

    private JsonNode object(JsonNode node, JsonPointer at, String message) {
        if (node == null || !node.isObject()) {
            throw problem(at, message);
        }
        return node;
    }

    private void keys(JsonNode node, JsonPointer at, Set<String> allowed, String what) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw problem(at.append(JsonPointer.compile("/" + escape(name))), "unknown key '" + name + "' in "
                        + what + " (known: " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
        }
    }

    private String text(JsonNode node, JsonPointer at, String key) {
        JsonNode value = node.get(key);
        if (value == null) {
            throw problem(at, "an output lacks '" + key + "'");
        }
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw problem(at.append(JsonPointer.compile("/" + key)), "'" + key + "' must be a non-empty string");
        }
        return value.asText();
    }

    private Long count(JsonNode node, JsonPointer at, String key) {
        JsonNode value = node.get(key);
        if (value == null) {
            return null;
        }
        if (!value.canConvertToLong() || !value.isIntegralNumber() || value.asLong() < 0) {
            throw problem(at.append(JsonPointer.compile("/" + key)), "'" + key + "' must be a whole number of at"
                    + " least 0");
        }
        return value.asLong();
    }

    private static JsonPointer pointer(String key) {
        return JsonPointer.compile("/" + escape(key));
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    private InputException problem(JsonPointer at, String message) {
        int line = yaml.lineOf(at);
        return new InputException(file, message + (line > 0 ? " (line " + line + ")" : ""));
    }
}
