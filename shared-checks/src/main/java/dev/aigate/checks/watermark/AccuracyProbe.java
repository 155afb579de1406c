package dev.aigate.checks.watermark;

import dev.aigate.core.policy.Policy;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Measures a model's clean accuracy for the watermark's fidelity guard. Running a model needs ONNX Runtime, which the
 * core must not depend on: the implementation lives in {@code aigate-checks-onnx} and is found with
 * {@link ServiceLoader} ({@code META-INF/services/dev.aigate.checks.watermark.AccuracyProbe}).
 */
public interface AccuracyProbe {
    /** The Maven coordinates of the module that implements the probe, for the error when it is missing. */
    String MODULE = "dev.aigate:aigate-checks-onnx";

    /**
     * What to evaluate on.
     *
     * @param baseDir the project directory every path resolves against
     * @param data the watermark section's own evaluation data ({@code fidelity.data}, the same keys as the
     *     robustness section's {@code data}), or null to use the robustness section's
     * @param input the model input to feed, or null (the robustness section's, else the model's only input)
     * @param output the model output to read, or null (likewise)
     * @param maxSamples at most this many samples, or null for the robustness section's default
     * @param policy the loaded policy, whose {@code robustness} section applies when {@code data} is null
     */
    record Request(Path baseDir, Map<String, Object> data, String input, String output, Integer maxSamples,
            Policy policy) {
    }

    /** One evaluation set, read once and used on several models (before and after embedding). */
    interface Evaluation extends AutoCloseable {
        /** The data, for messages: e.g. {@code fixtures/digits/digits-test.csv (450 samples)}. */
        String description();

        /** The fraction of samples the ONNX model at {@code model} classifies correctly. */
        double accuracy(Path model);

        @Override
        void close();
    }

    /** Opens the evaluation; errors name the file and the problem ({@code GateException}s). */
    Evaluation open(Request request);

    /** The probe on the class path, if its module is there. */
    static Optional<AccuracyProbe> find() {
        return ServiceLoader.load(AccuracyProbe.class, AccuracyProbe.class.getClassLoader()).findFirst();
    }
}
