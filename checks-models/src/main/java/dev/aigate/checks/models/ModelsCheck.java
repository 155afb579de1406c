package dev.aigate.checks.models;

import dev.aigate.core.CheckResult;
import dev.aigate.core.Rule;
import dev.aigate.core.Severity;
import dev.aigate.core.spi.Action;
import dev.aigate.core.spi.Check;
import dev.aigate.core.spi.CheckContext;
import java.util.List;

/**
 * Refuses model files that run code when they are loaded. An inert pickle machine judges every import and call of
 * pickle-based formats (raw pickles, PyTorch, joblib, NumPy object arrays) against an allowlist and a denylist; Keras
 * configurations, ONNX external data and operator domains, SafeTensors and GGUF headers and GGUF chat templates are
 * read too, inside zip, tar and 7z archives and compressed streams. Nothing is ever loaded or run. A file that cannot
 * be read to the end is an error, never a pass.
 */
public final class ModelsCheck implements Check<ModelsConfig> {
    public static final String ID = "models";

    public static final Rule CODE_EXECUTION = new Rule("models/code-execution", Severity.CRITICAL,
            "Loading the file runs code: a pickle imports or calls a denylisted callable or reaches one indirectly"
                    + " (getattr, attrgetter, partial, dynamic import, builtins through another module, nested"
                    + " deserialization, code objects, a computed callable, monkey-patching), a Keras configuration"
                    + " names a function outside Keras, or TorchScript code calls a file or library operator.",
            "Do not load this file. Replace it with a copy from a trusted source, or convert the weights to"
                    + " SafeTensors; load PyTorch files with torch.load(..., weights_only=True).");
    public static final Rule UNKNOWN_GLOBAL = new Rule("models/unknown-global", Severity.MEDIUM,
            "A pickle imports a global that is on neither the allowlist nor the denylist (for example a class of the"
                    + " project's own code): loading the file imports that module and may run it.",
            "Check that the class is yours and safe to import, then allow it in the policy (models.allow:"
                    + " [module.Name]); better, save a state_dict or SafeTensors instead of whole objects.");
    public static final Rule KERAS_LAMBDA = new Rule("models/keras-lambda", Severity.CRITICAL,
            "A Keras model has a Lambda layer: its Python bytecode runs when the model is loaded.",
            "Replace the Lambda layer with a registered custom layer or built-in layers, and load with"
                    + " safe_mode=True.");
    public static final Rule KERAS_CUSTOM_OBJECT = new Rule("models/keras-custom-object", Severity.MEDIUM,
            "A Keras configuration names a class outside Keras (a module, a registered name, or a class Keras does not"
                    + " ship): loading it imports and runs that code.",
            "Check the custom class, then allow it in the policy (models.allow: [module.Class] or [package>Name]).");
    public static final Rule ONNX_EXTERNAL_DATA = new Rule("models/onnx-external-data-escape", Severity.CRITICAL,
            "An ONNX tensor's external data location is absolute, uses '..' or a backslash, or resolves through a"
                    + " symbolic link outside the model's folder: loading the model reads another file.",
            "Store external data next to the model with a plain relative location (onnx.save_model with"
                    + " save_as_external_data and a file name only).");
    public static final Rule ONNX_CUSTOM_DOMAIN = new Rule("models/onnx-custom-domain", Severity.MEDIUM,
            "An ONNX node uses an operator domain that is neither ONNX's, ONNX Runtime's own, nor a function defined"
                    + " in the model: running it needs a custom operator library, which is native code.",
            "Export with standard operators, or allow the custom operator library after reviewing it (waive this"
                    + " finding for the file).");
    public static final Rule GGUF_TEMPLATE_CODE = new Rule("models/gguf-template-code", Severity.HIGH,
            "A GGUF chat template contains template code beyond formatting messages: Python internals, objects"
                    + " beyond the messages, attribute access by name, or loading other templates (template"
                    + " injection when it is rendered).",
            "Replace the chat template with the model family's published one, and render templates in a sandbox.");
    public static final Rule UNSCANNED_FILE = new Rule("models/unscanned-file", Severity.MEDIUM,
            "A file under the scanned paths is binary content in no format the scanner reads, so it was not judged.",
            "Exclude the file if it is not a model (models.exclude), or convert it to a format that can be scanned.");

    static final List<Rule> RULES = List.of(CODE_EXECUTION, UNKNOWN_GLOBAL, KERAS_LAMBDA, KERAS_CUSTOM_OBJECT,
            ONNX_EXTERNAL_DATA, ONNX_CUSTOM_DOMAIN, GGUF_TEMPLATE_CODE, UNSCANNED_FILE);

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Model-file scanning";
    }

    @Override
    public Class<ModelsConfig> configType() {
        return ModelsConfig.class;
    }

    @Override
    public List<Rule> rules() {
        return RULES;
    }

    @Override
    public boolean enabled(ModelsConfig config) {
        return config.enabled();
    }

    @Override
    public CheckResult run(ModelsConfig config, CheckContext context) {
        List<java.nio.file.Path> files = ModelFiles.select(context.baseDir(), config.paths(), config.exclude());
        return new ModelScan(context.baseDir(), config.strict(), config.allow(), ScanLimits.DEFAULT)
                .run(files, context.threads(), context.progress(), title());
    }

    @Override
    public List<Action<ModelsConfig>> actions() {
        return List.of(new ScanAction(this));
    }
}
