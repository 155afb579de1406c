package dev.aigate.checks.robustness;

import com.fasterxml.jackson.core.JsonPointer;
import dev.aigate.checks.watermark.AccuracyProbe;
import dev.aigate.core.PolicyException;
import dev.aigate.core.io.SafePaths;
import dev.aigate.core.policy.ConfigBinder;
import java.nio.file.Path;

/**
 * Clean accuracy in ONNX Runtime for the watermark's fidelity guard: the watermark section's own evaluation data, or
 * the robustness section's (with its input, output and sample limit), read once and run on each model.
 */
public final class OnnxAccuracyProbe implements AccuracyProbe {
    @Override
    public Evaluation open(Request request) {
        RobustnessConfig.Data data;
        String input = request.input();
        String output = request.output();
        int maxSamples = RobustnessConfig.DEFAULT_MAX_SAMPLES;
        long seed = RobustnessConfig.DEFAULT_SEED;
        String policyKey;
        if (request.data() != null) {
            if (request.policy() == null) {
                throw new IllegalArgumentException("the watermark's own evaluation data comes from a policy");
            }
            data = ConfigBinder.bind(request.policy().document(), JsonPointer.compile("/watermark/fidelity/data"),
                    RobustnessConfig.Data.class);
            policyKey = "watermark.fidelity.data";
        } else if (request.policy() != null && request.policy().hasSection(RobustnessCheck.ID)) {
            RobustnessConfig robustness = request.policy().configFor(new RobustnessCheck());
            data = robustness.data();
            input = input != null ? input : robustness.input();
            output = output != null ? output : robustness.output();
            maxSamples = robustness.maxSamples();
            seed = robustness.seed();
            policyKey = RobustnessCheck.ID + ".data";
        } else {
            throw new PolicyException("the policy names no evaluation data for the watermark's fidelity guard"
                    + " ('watermark.fidelity.data' or a 'robustness' section)");
        }
        if (request.maxSamples() != null) {
            maxSamples = request.maxSamples();
        }
        EvalSetLoader.Raw raw = EvalSetLoader.read(request.baseDir(), data, policyKey);
        String description = SafePaths.relativize(request.baseDir(), raw.featureFile());
        return new OnnxEvaluation(raw, description, input, output, maxSamples, seed);
    }

    /** One data set; the samples are chosen once (stratified, seeded) from the first model's class count. */
    private static final class OnnxEvaluation implements Evaluation {
        private final EvalSetLoader.Raw raw;
        private final String file;
        private final String input;
        private final String output;
        private final int maxSamples;
        private final long seed;
        private EvalSet set;

        OnnxEvaluation(EvalSetLoader.Raw raw, String file, String input, String output, int maxSamples, long seed) {
            this.raw = raw;
            this.file = file;
            this.input = input;
            this.output = output;
            this.maxSamples = maxSamples;
            this.seed = seed;
        }

        @Override
        public String description() {
            return file + " (" + (set == null ? Math.min(raw.n(), maxSamples) : set.n()) + " samples)";
        }

        @Override
        public double accuracy(Path model) {
            try (OnnxModel onnx = OnnxModel.open(model, input, output, RobustnessConfig.DEFAULT_BATCH_SIZE, 0f)) {
                if (set == null) {
                    // Clean accuracy needs no input range: any finite inputs are accepted.
                    set = EvalSetLoader.prepare(raw, file, onnx.features(), onnx.inputShapeText(), onnx.classes(),
                            Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, maxSamples, seed);
                }
                float[] scores = onnx.forward(set.x(), set.n());
                int classes = onnx.classes();
                int correct = 0;
                for (int i = 0; i < set.n(); i++) {
                    int best = 0;
                    for (int k = 1; k < classes; k++) {
                        if (scores[i * classes + k] > scores[i * classes + best]) {
                            best = k;
                        }
                    }
                    correct += best == set.y()[i] ? 1 : 0;
                }
                return (double) correct / set.n();
            }
        }

        @Override
        public void close() {
            // nothing held between models: each is opened and closed in accuracy()
        }
    }
}
