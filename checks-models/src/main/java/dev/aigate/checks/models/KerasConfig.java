package dev.aigate.checks.models;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Judges a Keras model configuration (a {@code .keras} archive's {@code config.json}, an HDF5 file's
 * {@code model_config}): Lambda layers carry Python bytecode that runs when the model is loaded (or built); objects
 * whose {@code module} is outside Keras are imported by name, and a {@code "class_name": "function"} from another
 * module calls any function (the route of the Keras safe-mode bypasses); layer classes Keras does not ship are custom
 * code that must be registered to load. The first are code execution, the rest suspicious unless allowed.
 */
final class KerasConfig {
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build()).build());
    private static final Set<String> KERAS_MODULES = Set.of("keras", "tf_keras", "tensorflow.keras", "keras_hub",
            "keras_nlp", "keras_cv", "tensorflow.python.keras");
    private static final Set<String> LAMBDA_CLASSES = Set.of("Lambda", "__lambda__");

    private KerasConfig() {
    }

    static void judge(String json, String member, Globals globals, ScanSink sink) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new MalformedModelException("Keras configuration is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new MalformedModelException("Keras configuration is not a JSON object");
        }
        Deque<JsonNode> todo = new ArrayDeque<>();
        todo.push(root);
        int visited = 0;
        while (!todo.isEmpty()) {
            JsonNode node = todo.pop();
            if (++visited > 10_000_000) {
                throw new MalformedModelException("Keras configuration is too large");
            }
            if (node.isObject()) {
                object(node, member, globals, sink);
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    todo.push(it.next().getValue());
                }
            } else if (node.isArray()) {
                node.forEach(todo::push);
            }
        }
    }

    private static void object(JsonNode node, String member, Globals globals, ScanSink sink) {
        JsonNode classNode = node.get("class_name");
        if (classNode == null || !classNode.isTextual()) {
            return;
        }
        String className = classNode.asText();
        String module = node.path("module").isTextual() ? node.path("module").asText() : null;
        String registered = node.path("registered_name").isTextual() ? node.path("registered_name").asText() : null;
        JsonNode config = node.path("config");
        if (LAMBDA_CLASSES.contains(className) && (module == null || keras(module))) {
            String function = config.path("function").isObject() ? "function object"
                    : config.path("function").isArray() ? "marshalled bytecode" : "function";
            sink.hit(new Hit(Hit.Kind.KERAS_LAMBDA, member, -1, config.path("name").asText(className),
                    "Lambda layer: Python code (" + function + ") runs when the model is loaded",
                    "layer " + config.path("name").asText("?") + " is a Lambda"));
            return;
        }
        if (className.equals("TFOpLambda") || className.equals("SlicingOpLambda")) {
            String function = config.path("function").asText("");
            if (function.matches("(?i).*(io\\.|py_function|numpy_function|read_file|write_file|gfile|system).*")) {
                sink.hit(new Hit(Hit.Kind.CODE_EXECUTION, member, -1, "tf." + function,
                        "TensorFlow op layer calls " + function, "layer calls tf." + function));
            }
            return;
        }
        if (module != null && !keras(module)) {
            String target = className.equals("function") && config.isTextual() ? config.asText() : className;
            String qualified = module + "." + target;
            String technique = Globals.deniedTechnique(module, target);
            if (technique != null || module.equals("builtins") || className.equals("function")
                    && globals.judge(module, target, false).verdict() != Globals.Verdict.SAFE) {
                sink.hit(new Hit(Hit.Kind.CODE_EXECUTION, member, -1, qualified,
                        technique != null ? technique : "Keras imports and calls " + qualified,
                        "object " + qualified + " in the configuration"));
            } else if (globals.judge(module, target, false).verdict() != Globals.Verdict.SAFE) {
                sink.hit(new Hit(Hit.Kind.KERAS_CUSTOM_OBJECT, member, -1, qualified,
                        "class from module " + module + ", outside Keras", "object " + qualified));
            }
            return;
        }
        if (registered != null && registered.contains(">") && !globals.allowed(registered)) {
            sink.hit(new Hit(Hit.Kind.KERAS_CUSTOM_OBJECT, member, -1, registered,
                    "registered custom object " + registered, "object " + registered));
            return;
        }
        if (module == null && node.has("config") && !KerasClasses.known(className)
                && !globals.allowed(className)) {
            sink.hit(new Hit(Hit.Kind.KERAS_CUSTOM_OBJECT, member, -1, className,
                    "class " + className + " is not one Keras ships", "object " + className));
        }
    }

    private static boolean keras(String module) {
        for (String k : KERAS_MODULES) {
            if (module.equals(k) || module.startsWith(k + ".")) {
                return true;
            }
        }
        return false;
    }
}
