package dev.aigate.checks.robustness;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.aigate.core.io.SafePaths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code robustness} section of the policy. Only {@code model} and {@code data} are required; everything else has
 * a default that makes up the default smoke suite (see docs/robustness.md).
 *
 * @param model the ONNX model, relative to the policy
 * @param data the evaluation set (CSV with a label column, or NumPy features and labels)
 * @param input the model input to feed; may be omitted when the model has exactly one input
 * @param output the model output to read; may be omitted when the model has exactly one output
 * @param outputKind whether the output holds logits or probabilities (default logits)
 * @param inputRange the valid input range every perturbed input is clipped to (default [0, 1])
 * @param seed seeds every random draw (default 42)
 * @param maxSamples at most this many samples are evaluated, chosen stratified by label (default 500)
 * @param epsilons L-infinity budgets for uniform noise and the attacks (default 0.05, 0.1, 0.2)
 * @param attacks which attacks run and how; omitted means the default suite (all of them)
 * @param gradient how input gradients are estimated from forward passes
 * @param thresholds what the gate requires; omitted means report only
 * @param batchSize rows per ONNX Runtime call (default 4096)
 */
public record RobustnessConfig(
        Boolean enabled,
        @JsonProperty(required = true) String model,
        @JsonProperty(required = true) Data data,
        String input,
        String output,
        OutputKind outputKind,
        List<Double> inputRange,
        Long seed,
        Integer maxSamples,
        List<Double> epsilons,
        Attacks attacks,
        Gradient gradient,
        Thresholds thresholds,
        Integer batchSize) {

    public static final long DEFAULT_SEED = 42;
    public static final int DEFAULT_MAX_SAMPLES = 500;
    public static final int MAX_SAMPLES_LIMIT = 1_000_000;
    public static final List<Double> DEFAULT_EPSILONS = List.of(0.05, 0.1, 0.2);
    public static final int DEFAULT_BATCH_SIZE = 4096;

    /** What the model's output holds. */
    public enum OutputKind {
        LOGITS, PROBABILITIES;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public RobustnessConfig {
        enabled = enabled == null ? Boolean.TRUE : enabled;
        requireRelativePath("model", model);
        if (data == null) {
            throw new IllegalArgumentException("'data' is required: {csv: FILE, label: COLUMN} or"
                    + " {features: X.npy, labels: Y.npy}");
        }
        input = blankToNull(input);
        output = blankToNull(output);
        outputKind = outputKind == null ? OutputKind.LOGITS : outputKind;
        inputRange = inputRange == null ? List.of(0.0, 1.0) : List.copyOf(inputRange);
        if (inputRange.size() != 2 || !finite(inputRange.get(0)) || !finite(inputRange.get(1))
                || inputRange.get(0) >= inputRange.get(1)) {
            throw new IllegalArgumentException("'inputRange' must be two finite numbers [low, high] with low < high,"
                    + " was " + inputRange);
        }
        double width = inputRange.get(1) - inputRange.get(0);
        seed = seed == null ? DEFAULT_SEED : seed;
        maxSamples = maxSamples == null ? DEFAULT_MAX_SAMPLES : maxSamples;
        if (maxSamples < 1 || maxSamples > MAX_SAMPLES_LIMIT) {
            throw new IllegalArgumentException("'maxSamples' must be between 1 and " + MAX_SAMPLES_LIMIT + ", was "
                    + maxSamples);
        }
        epsilons = epsilons == null ? DEFAULT_EPSILONS : List.copyOf(epsilons);
        if (epsilons.isEmpty() || epsilons.size() > 32) {
            throw new IllegalArgumentException("'epsilons' must list 1 to 32 budgets");
        }
        List<Double> seen = new ArrayList<>();
        for (Double eps : epsilons) {
            if (eps == null || !finite(eps) || eps <= 0 || eps > width) {
                throw new IllegalArgumentException("epsilon " + eps + " is outside the input range: every epsilon"
                        + " must be > 0 and at most the width of inputRange " + inputRange + " (" + fmt(width)
                        + ")");
            }
            if (seen.contains(eps)) {
                throw new IllegalArgumentException("epsilon " + eps + " is listed twice");
            }
            seen.add(eps);
        }
        attacks = attacks == null ? Attacks.defaults() : attacks;
        if (attacks.noise() != null) {
            for (Double sigma : attacks.noise().gaussianSigmas()) {
                if (sigma > width) {
                    throw new IllegalArgumentException("gaussian sigma " + sigma + " is outside the input range"
                            + " (at most the width of inputRange " + inputRange + ")");
                }
            }
        }
        gradient = gradient == null ? Gradient.defaults() : gradient;
        thresholds = thresholds == null ? Thresholds.none() : thresholds;
        for (String key : thresholds.minRobustAccuracy().keySet()) {
            requireEpsilonKey(key, epsilons, "minRobustAccuracy");
        }
        for (Map.Entry<String, Map<String, Double>> perAttack : thresholds.minRobustAccuracyPerAttack().entrySet()) {
            if (!Attacks.ADVERSARIAL.contains(perAttack.getKey())) {
                throw new IllegalArgumentException("minRobustAccuracyPerAttack names unknown attack '"
                        + perAttack.getKey() + "' (known: " + String.join(", ", Attacks.ADVERSARIAL) + ")");
            }
            if (!attacks.runs(perAttack.getKey())) {
                throw new IllegalArgumentException("minRobustAccuracyPerAttack names attack '" + perAttack.getKey()
                        + "', which 'attacks' does not run");
            }
            for (String key : perAttack.getValue().keySet()) {
                requireEpsilonKey(key, epsilons, "minRobustAccuracyPerAttack." + perAttack.getKey());
            }
        }
        if (!thresholds.minRobustAccuracy().isEmpty() && !attacks.anyAdversarial()) {
            throw new IllegalArgumentException("minRobustAccuracy needs at least one of the attacks fgsm, pgd or"
                    + " square");
        }
        if (thresholds.maxNoiseDrop() != null && attacks.noise() == null) {
            throw new IllegalArgumentException("maxNoiseDrop needs the noise attack");
        }
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
     * A labelled data set (the evaluation set here, the member and non-member sets of the privacy check): either
     * {@code csv} with a {@code label} column (every other column is a feature, in file order) or {@code features}
     * and {@code labels} NumPy files.
     *
     * @param label the label column: its name when the CSV file has a header row, its index (0 = first column) when
     *     it has none
     * @param header whether the CSV file's first row names the columns (default true); never guessed
     * @param classes optional class names; when given, labels are these names (CSV) and map to their index
     */
    public record Data(String csv, Column label, Boolean header, String features, String labels,
            List<String> classes) {
        public Data {
            boolean isCsv = csv != null;
            boolean isNpy = features != null || labels != null;
            if (isCsv == isNpy) {
                throw new IllegalArgumentException("a data set needs either 'csv' (with 'label') or 'features' and"
                        + " 'labels' (NumPy .npy files), not both and not neither");
            }
            if (isCsv) {
                requireRelativePath("csv", csv);
                header = header == null ? Boolean.TRUE : header;
                if (label == null || label.name() != null && label.name().isBlank()) {
                    throw new IllegalArgumentException("'label' must name the label column of " + csv
                            + (header ? "" : " by its index (0 = the first column), as the file has no header"));
                }
                if (header && label.index() != null) {
                    throw new IllegalArgumentException("'label: " + label.index() + "' is a column index, which is"
                            + " only for a file without a header row ('header: false'); to name a column called '"
                            + label.index() + "', quote it: label: \"" + label.index() + "\"");
                }
                if (!header && label.index() == null) {
                    throw new IllegalArgumentException("'label: \"" + label.name() + "\"' is a column name, but"
                            + " 'header: false' says " + csv + " has no header row to name columns; give the"
                            + " label column's index instead (0 = the first column), e.g. label: 0");
                }
            } else {
                requireRelativePath("features", features);
                requireRelativePath("labels", labels);
                if (label != null) {
                    throw new IllegalArgumentException("'label' is for CSV data; NumPy data uses 'labels'");
                }
                if (header != null) {
                    throw new IllegalArgumentException("'header' is for CSV data; NumPy files have no header row");
                }
                if (classes != null) {
                    throw new IllegalArgumentException("'classes' names the text labels of CSV data; NumPy labels"
                            + " are class indices");
                }
            }
            classes = classes == null ? null : List.copyOf(classes);
            if (classes != null && (classes.isEmpty() || classes.stream().distinct().count() != classes.size())) {
                throw new IllegalArgumentException("'classes' must list distinct class names");
            }
        }

        public boolean isCsv() {
            return csv != null;
        }
    }

    /**
     * A CSV column, by name ({@code label: species}, {@code label: "0"}) or, in a file without a header row, by its
     * index ({@code label: 0}). YAML tells the two apart by the scalar's type, so a quoted number is a name.
     */
    public record Column(String name, Integer index) {
        public Column {
            if ((name == null) == (index == null)) {
                throw new IllegalArgumentException("a column is either a name or an index");
            }
            if (index != null && index < 0) {
                throw new IllegalArgumentException("'label' column index must be 0 or more (0 = the first column),"
                        + " was " + index);
            }
        }

        public static Column named(String name) {
            return new Column(name, null);
        }

        public static Column at(int index) {
            return new Column(null, index);
        }

        /** From the policy: a YAML string is a name, a YAML integer an index; anything else is refused. */
        @com.fasterxml.jackson.annotation.JsonCreator(mode = com.fasterxml.jackson.annotation.JsonCreator.Mode
                .DELEGATING)
        static Column fromPolicy(com.fasterxml.jackson.databind.JsonNode node) {
            if (node.isTextual()) {
                return named(node.textValue());
            }
            if (node.isIntegralNumber() && node.canConvertToInt()) {
                return at(node.intValue());
            }
            throw new IllegalArgumentException("'label' must be a column name (text) or, for a file without a"
                    + " header row, a column index (a whole number), was " + node.getNodeType().toString()
                    .toLowerCase(Locale.ROOT) + " " + node);
        }

        @Override
        public String toString() {
            return name != null ? "'" + name + "'" : "index " + index;
        }
    }

    /**
     * Which attacks run. A key that is present (even as {@code {}}) runs with its defaults; when the whole
     * {@code attacks} section is omitted every attack runs with its defaults.
     */
    public record Attacks(Noise noise, Fgsm fgsm, Pgd pgd, Square square) {
        public static final List<String> ADVERSARIAL = List.of("fgsm", "pgd", "square");

        public Attacks {
            if (noise == null && fgsm == null && pgd == null && square == null) {
                throw new IllegalArgumentException("'attacks' lists no attack (known: noise, fgsm, pgd, square);"
                        + " omit it for the default suite");
            }
        }

        static Attacks defaults() {
            return new Attacks(new Noise(null, null, null), new Fgsm(), new Pgd(null, null, null),
                    new Square(null, null, null));
        }

        public boolean runs(String attack) {
            switch (attack) {
                case "fgsm":
                    return fgsm != null;
                case "pgd":
                    return pgd != null;
                case "square":
                    return square != null;
                case "noise":
                    return noise != null;
                default:
                    return false;
            }
        }

        boolean anyAdversarial() {
            return fgsm != null || pgd != null || square != null;
        }
    }

    /**
     * Random noise: Gaussian with each sigma, and uniform in [-eps, eps] for each epsilon; accuracy is averaged over
     * {@code draws} draws.
     */
    public record Noise(List<Double> gaussianSigmas, Boolean uniform, Integer draws) {
        public Noise {
            gaussianSigmas = gaussianSigmas == null ? List.of(0.05, 0.1) : List.copyOf(gaussianSigmas);
            if (gaussianSigmas.size() > 32) {
                throw new IllegalArgumentException("'gaussianSigmas' lists more than 32 values");
            }
            for (Double sigma : gaussianSigmas) {
                if (sigma == null || !finite(sigma) || sigma <= 0) {
                    throw new IllegalArgumentException("gaussian sigma must be a positive number, was " + sigma);
                }
            }
            uniform = uniform == null ? Boolean.TRUE : uniform;
            if (gaussianSigmas.isEmpty() && !uniform) {
                throw new IllegalArgumentException("'noise' runs nothing: list 'gaussianSigmas' or set 'uniform: true'"
                        + " (or remove 'noise')");
            }
            draws = draws == null ? 10 : draws;
            if (draws < 1 || draws > 1000) {
                throw new IllegalArgumentException("'draws' must be between 1 and 1000, was " + draws);
            }
        }
    }

    /** Fast Gradient Sign Method, one step of size epsilon. */
    public record Fgsm() {
    }

    /**
     * Projected Gradient Descent (L-infinity).
     *
     * @param stepSize the step as a fraction of epsilon (default 0.25, i.e. eps/4)
     * @param randomStart start from a uniform random point in the epsilon ball (default false)
     */
    public record Pgd(Integer steps, Double stepSize, Boolean randomStart) {
        public Pgd {
            steps = steps == null ? 10 : steps;
            if (steps < 1 || steps > 1000) {
                throw new IllegalArgumentException("'pgd.steps' must be between 1 and 1000, was " + steps);
            }
            stepSize = stepSize == null ? 0.25 : stepSize;
            if (!finite(stepSize) || stepSize <= 0 || stepSize > 2) {
                throw new IllegalArgumentException("'pgd.stepSize' is a fraction of epsilon in (0, 2], was "
                        + stepSize);
            }
            randomStart = randomStart == null ? Boolean.FALSE : randomStart;
        }
    }

    /**
     * Square Attack (Andriushchenko et al. 2020), score-based, L-infinity.
     *
     * @param queries the query budget per sample, including the initialisation (default 100)
     * @param pInit the initial fraction of the image a square covers (default 0.8)
     * @param imageShape the layout of a sample as [height, width] or [channels, height, width]; inferred from a
     *     4-D model input, or a square number of features, otherwise the features are one row
     */
    public record Square(Integer queries, Double pInit, List<Integer> imageShape) {
        public Square {
            queries = queries == null ? 100 : queries;
            if (queries < 1 || queries > 100_000) {
                throw new IllegalArgumentException("'square.queries' must be between 1 and 100000, was " + queries);
            }
            pInit = pInit == null ? 0.8 : pInit;
            if (!finite(pInit) || pInit <= 0 || pInit > 1) {
                throw new IllegalArgumentException("'square.pInit' must be in (0, 1], was " + pInit);
            }
            if (imageShape != null) {
                imageShape = List.copyOf(imageShape);
                if (imageShape.size() < 2 || imageShape.size() > 3
                        || imageShape.stream().anyMatch(d -> d == null || d < 1 || d > 1 << 16)) {
                    throw new IllegalArgumentException("'square.imageShape' must be [height, width] or [channels,"
                            + " height, width] with positive sizes, was " + imageShape);
                }
            }
        }
    }

    /**
     * How input gradients are estimated from forward passes only.
     *
     * @param method {@code auto} (default), {@code finite-differences} or {@code spsa}
     * @param maxFiniteDifferenceFeatures {@code auto} uses central finite differences up to this many input features
     *     and SPSA above (default 256)
     * @param step the finite-difference or SPSA perturbation size (default 1e-3 of the input range width)
     * @param spsaDirections Rademacher directions per SPSA estimate (default 64)
     */
    public record Gradient(String method, Integer maxFiniteDifferenceFeatures, Double step, Integer spsaDirections) {
        public static final List<String> METHODS = List.of("auto", "finite-differences", "spsa");

        public Gradient {
            method = method == null ? "auto" : method;
            if (!METHODS.contains(method)) {
                throw new IllegalArgumentException("'gradient.method' must be one of " + String.join(", ", METHODS)
                        + ", was '" + method + "'");
            }
            maxFiniteDifferenceFeatures = maxFiniteDifferenceFeatures == null ? 256 : maxFiniteDifferenceFeatures;
            if (maxFiniteDifferenceFeatures < 1) {
                throw new IllegalArgumentException("'gradient.maxFiniteDifferenceFeatures' must be positive");
            }
            if (step != null && (!finite(step) || step <= 0 || step > 0.1)) {
                throw new IllegalArgumentException("'gradient.step' must be in (0, 0.1], was " + step);
            }
            spsaDirections = spsaDirections == null ? 64 : spsaDirections;
            if (spsaDirections < 1 || spsaDirections > 10_000) {
                throw new IllegalArgumentException("'gradient.spsaDirections' must be between 1 and 10000");
            }
        }

        static Gradient defaults() {
            return new Gradient(null, null, null, null);
        }
    }

    /**
     * What the gate requires. Accuracies are fractions in [0, 1]; epsilon keys must be configured epsilons.
     *
     * @param minCleanAccuracy the lowest acceptable accuracy on unperturbed inputs
     * @param minRobustAccuracy epsilon to the lowest acceptable robust accuracy, worst over the adversarial attacks
     * @param minRobustAccuracyPerAttack attack (fgsm, pgd, square) to epsilon to the lowest acceptable robust accuracy
     * @param maxNoiseDrop the largest acceptable drop from clean accuracy under any noise setting
     */
    public record Thresholds(Double minCleanAccuracy, Map<String, Double> minRobustAccuracy,
            Map<String, Map<String, Double>> minRobustAccuracyPerAttack, Double maxNoiseDrop) {
        public Thresholds {
            requireFraction("minCleanAccuracy", minCleanAccuracy);
            requireFraction("maxNoiseDrop", maxNoiseDrop);
            minRobustAccuracy = minRobustAccuracy == null ? Map.of()
                    : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(minRobustAccuracy));
            minRobustAccuracy.forEach((eps, value) -> requireFraction("minRobustAccuracy." + eps, value));
            Map<String, Map<String, Double>> perAttack = new LinkedHashMap<>();
            if (minRobustAccuracyPerAttack != null) {
                minRobustAccuracyPerAttack.forEach((attack, byEps) -> {
                    Map<String, Double> copy = byEps == null ? Map.of()
                            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byEps));
                    copy.forEach((eps, value) -> requireFraction("minRobustAccuracyPerAttack." + attack + "." + eps,
                            value));
                    perAttack.put(attack, copy);
                });
            }
            minRobustAccuracyPerAttack = java.util.Collections.unmodifiableMap(perAttack);
        }

        static Thresholds none() {
            return new Thresholds(null, null, null, null);
        }
    }

    static void requireFraction(String key, Double value) {
        if (value != null && (!finite(value) || value < 0 || value > 1)) {
            throw new IllegalArgumentException("'" + key + "' must be a fraction between 0 and 1, was " + value);
        }
    }

    private static void requireEpsilonKey(String key, List<Double> epsilons, String where) {
        double eps;
        try {
            eps = Double.parseDouble(key);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + where + "' key '" + key + "' is not an epsilon");
        }
        if (epsilons.stream().noneMatch(configured -> Math.abs(configured - eps) < 1e-12)) {
            throw new IllegalArgumentException("'" + where + "' names epsilon " + key + ", which is not in"
                    + " 'epsilons' " + epsilons);
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

    static String fmt(double value) {
        return Epsilons.format(value);
    }
}
