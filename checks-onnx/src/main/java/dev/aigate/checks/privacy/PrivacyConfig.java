package dev.aigate.checks.privacy;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.aigate.checks.robustness.RobustnessConfig;
import dev.aigate.core.io.SafePaths;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code privacy} section of the policy. Only {@code model}, {@code members} and {@code nonMembers} are required;
 * everything else has a default (see docs/privacy.md).
 *
 * @param model the ONNX classifier, relative to the policy
 * @param members rows the model was trained on (CSV with a label column, or NumPy features and labels)
 * @param nonMembers held-out rows from the same distribution, never trained on; no row may also be a member
 * @param input the model input to feed; may be omitted when the model has exactly one input
 * @param output the model output to read; may be omitted when the model has exactly one output
 * @param outputKind whether the output holds logits or probabilities (default logits)
 * @param inputRange the valid input range noisy queries are clipped to (default [0, 1])
 * @param seed seeds every random draw: sampling, noise, bootstrap (default 42)
 * @param maxSamples at most this many rows from each set, class-balanced (default 1000)
 * @param attacks which attacks run; omitted means all four
 * @param bootstrap how the confidence intervals are computed
 * @param thresholds what the gate allows; omitted keys keep their defaults
 * @param batchSize rows per ONNX Runtime call (default 4096)
 */
public record PrivacyConfig(
        Boolean enabled,
        @JsonProperty(required = true) String model,
        @JsonProperty(required = true) RobustnessConfig.Data members,
        @JsonProperty(required = true) RobustnessConfig.Data nonMembers,
        String input,
        String output,
        RobustnessConfig.OutputKind outputKind,
        List<Double> inputRange,
        Long seed,
        Integer maxSamples,
        Attacks attacks,
        Bootstrap bootstrap,
        Thresholds thresholds,
        Integer batchSize) {

    public static final long DEFAULT_SEED = 42;
    public static final int DEFAULT_MAX_SAMPLES = 1000;
    public static final int MAX_SAMPLES_LIMIT = 1_000_000;
    public static final int DEFAULT_BATCH_SIZE = 4096;

    public PrivacyConfig {
        enabled = enabled == null ? Boolean.TRUE : enabled;
        requireRelativePath("model", model);
        if (members == null || nonMembers == null) {
            throw new IllegalArgumentException("'members' and 'nonMembers' are both required: {csv: FILE, label:"
                    + " COLUMN} or {features: X.npy, labels: Y.npy}");
        }
        input = blankToNull(input);
        output = blankToNull(output);
        outputKind = outputKind == null ? RobustnessConfig.OutputKind.LOGITS : outputKind;
        inputRange = inputRange == null ? List.of(0.0, 1.0) : List.copyOf(inputRange);
        if (inputRange.size() != 2 || !finite(inputRange.get(0)) || !finite(inputRange.get(1))
                || inputRange.get(0) >= inputRange.get(1)) {
            throw new IllegalArgumentException("'inputRange' must be two finite numbers [low, high] with low < high,"
                    + " was " + inputRange);
        }
        seed = seed == null ? DEFAULT_SEED : seed;
        maxSamples = maxSamples == null ? DEFAULT_MAX_SAMPLES : maxSamples;
        if (maxSamples < 1 || maxSamples > MAX_SAMPLES_LIMIT) {
            throw new IllegalArgumentException("'maxSamples' must be between 1 and " + MAX_SAMPLES_LIMIT + ", was "
                    + maxSamples);
        }
        attacks = attacks == null ? Attacks.defaults() : attacks;
        double width = inputRange.get(1) - inputRange.get(0);
        attacks = new Attacks(attacks.loss(), attacks.confidence(),
                Noise.resolve(attacks.calibrated(), Noise.CALIBRATED_SIGMA * width, "calibrated", inputRange),
                Noise.resolve(attacks.labelOnly(), Noise.LABEL_ONLY_SIGMA * width, "labelOnly", inputRange));
        bootstrap = bootstrap == null ? new Bootstrap(null, null) : bootstrap;
        thresholds = thresholds == null ? Thresholds.defaults() : thresholds;
        batchSize = batchSize == null ? DEFAULT_BATCH_SIZE : batchSize;
        if (batchSize < 1 || batchSize > 1 << 20) {
            throw new IllegalArgumentException("'batchSize' must be between 1 and 1048576, was " + batchSize);
        }
    }

    public double low() {
        return inputRange.get(0);
    }

    public double high() {
        return inputRange.get(1);
    }

    /**
     * Which attacks run. A key that is present (even as {@code {}}) runs with its defaults; when the whole
     * {@code attacks} section is omitted all four run.
     *
     * @param loss Yeom et al.'s loss threshold: the lower the loss on the true label, the likelier a member
     * @param confidence the confidence threshold: the highest predicted probability, label not needed
     * @param calibrated the logit-scaled confidence on the true label, calibrated per example by the same statistic
     *     on noisy neighbours of the example
     * @param labelOnly predicted labels only: how many noisy copies of an example keep the true label
     */
    public record Attacks(Empty loss, Empty confidence, Noise calibrated, Noise labelOnly) {
        public static final List<String> NAMES = List.of("loss", "confidence", "calibrated", "labelOnly");

        public Attacks {
            if (loss == null && confidence == null && calibrated == null && labelOnly == null) {
                throw new IllegalArgumentException("'attacks' lists no attack (known: " + String.join(", ", NAMES)
                        + "); omit it to run all of them");
            }
        }

        static Attacks defaults() {
            return new Attacks(new Empty(), new Empty(), new Noise(null, null), new Noise(null, null));
        }

        /** The attacks that run, in report order. */
        public List<String> names() {
            List<String> names = new ArrayList<>();
            if (loss != null) {
                names.add("loss");
            }
            if (confidence != null) {
                names.add("confidence");
            }
            if (calibrated != null) {
                names.add("calibrated");
            }
            if (labelOnly != null) {
                names.add("labelOnly");
            }
            return names;
        }
    }

    /** An attack without settings. */
    public record Empty() {
    }

    /**
     * Gaussian noise queries around each example, clipped to inputRange.
     *
     * @param sigma the standard deviation in input units (default: 0.1 of the width of inputRange for
     *     {@code calibrated}, 0.3 for {@code labelOnly})
     * @param draws noisy copies per example (default 32)
     */
    public record Noise(Double sigma, Integer draws) {
        public static final double CALIBRATED_SIGMA = 0.1;
        public static final double LABEL_ONLY_SIGMA = 0.3;
        public static final int DEFAULT_DRAWS = 32;

        public Noise {
            if (sigma != null && (!finite(sigma) || sigma <= 0)) {
                throw new IllegalArgumentException("'sigma' must be a positive number, was " + sigma);
            }
            draws = draws == null ? DEFAULT_DRAWS : draws;
            if (draws < 1 || draws > 1000) {
                throw new IllegalArgumentException("'draws' must be between 1 and 1000, was " + draws);
            }
        }

        /** The noise with its sigma decided: the default for the input range, and at most the range's width. */
        static Noise resolve(Noise noise, double defaultSigma, String attack, List<Double> inputRange) {
            if (noise == null) {
                return null;
            }
            double width = inputRange.get(1) - inputRange.get(0);
            if (noise.sigma() != null && noise.sigma() > width) {
                throw new IllegalArgumentException("'" + attack + ".sigma' " + noise.sigma() + " is more than the"
                        + " width of inputRange " + inputRange);
            }
            return noise.sigma() != null ? noise : new Noise(defaultSigma, noise.draws());
        }
    }

    /**
     * Percentile bootstrap: members and non-members are resampled with replacement, each set on its own.
     *
     * @param resamples how many resamples (default 1000; 0 turns confidence intervals off)
     * @param confidence the two-sided confidence level of the intervals (default 0.95)
     */
    public record Bootstrap(Integer resamples, Double confidence) {
        public static final int DEFAULT_RESAMPLES = 1000;
        public static final double DEFAULT_CONFIDENCE = 0.95;

        public Bootstrap {
            resamples = resamples == null ? DEFAULT_RESAMPLES : resamples;
            if (resamples < 0 || resamples > 100_000) {
                throw new IllegalArgumentException("'bootstrap.resamples' must be between 0 and 100000, was "
                        + resamples);
            }
            confidence = confidence == null ? DEFAULT_CONFIDENCE : confidence;
            if (!finite(confidence) || confidence <= 0 || confidence >= 1) {
                throw new IllegalArgumentException("'bootstrap.confidence' must be between 0 and 1 (exclusive), was "
                        + confidence);
            }
        }
    }

    /**
     * What the gate allows, for every attack that runs. A key that is not given keeps its default; 1 turns a key off.
     *
     * @param maxAuc the largest acceptable ROC AUC (default 0.6)
     * @param maxAdvantage the largest acceptable membership advantage, max over thresholds of TPR - FPR (default 0.2)
     * @param maxTprAtOnePercentFpr the largest acceptable true-positive rate at a false-positive rate of at most 1%
     *     (default 0.05)
     * @param maxTprAtTenthPercentFpr the same at a false-positive rate of at most 0.1% (default 0.02)
     * @param maxGeneralisationGap the largest acceptable accuracy on members minus accuracy on non-members (default:
     *     not judged, reported only)
     */
    public record Thresholds(Double maxAuc, Double maxAdvantage, Double maxTprAtOnePercentFpr,
            Double maxTprAtTenthPercentFpr, Double maxGeneralisationGap) {
        public static final double DEFAULT_MAX_AUC = 0.6;
        public static final double DEFAULT_MAX_ADVANTAGE = 0.2;
        public static final double DEFAULT_MAX_TPR_AT_ONE_PERCENT_FPR = 0.05;
        public static final double DEFAULT_MAX_TPR_AT_TENTH_PERCENT_FPR = 0.02;

        public Thresholds {
            maxAuc = maxAuc == null ? DEFAULT_MAX_AUC : maxAuc;
            maxAdvantage = maxAdvantage == null ? DEFAULT_MAX_ADVANTAGE : maxAdvantage;
            maxTprAtOnePercentFpr = maxTprAtOnePercentFpr == null ? DEFAULT_MAX_TPR_AT_ONE_PERCENT_FPR
                    : maxTprAtOnePercentFpr;
            maxTprAtTenthPercentFpr = maxTprAtTenthPercentFpr == null ? DEFAULT_MAX_TPR_AT_TENTH_PERCENT_FPR
                    : maxTprAtTenthPercentFpr;
            requireFraction("maxAuc", maxAuc);
            requireFraction("maxAdvantage", maxAdvantage);
            requireFraction("maxTprAtOnePercentFpr", maxTprAtOnePercentFpr);
            requireFraction("maxTprAtTenthPercentFpr", maxTprAtTenthPercentFpr);
            requireFraction("maxGeneralisationGap", maxGeneralisationGap);
        }

        static Thresholds defaults() {
            return new Thresholds(null, null, null, null, null);
        }
    }

    static void requireFraction(String key, Double value) {
        if (value != null && (!finite(value) || value < 0 || value > 1)) {
            throw new IllegalArgumentException("'" + key + "' must be a fraction between 0 and 1, was " + value);
        }
    }

    private static void requireRelativePath(String key, String path) {
        SafePaths.requireRelative(key, path);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    static boolean finite(Double value) {
        return value != null && Double.isFinite(value);
    }
}
