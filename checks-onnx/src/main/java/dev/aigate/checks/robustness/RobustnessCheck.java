package dev.aigate.checks.robustness;

import dev.aigate.core.CheckResult;
import dev.aigate.core.Finding;
import dev.aigate.core.GateException;
import dev.aigate.core.InputDigest;
import dev.aigate.core.InputException;
import dev.aigate.core.Rule;
import dev.aigate.core.Severity;
import dev.aigate.core.io.Digests;
import dev.aigate.core.io.SafePaths;
import dev.aigate.core.spi.Check;
import dev.aigate.core.spi.CheckContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Robustness smoke tests: runs an ONNX model in ONNX Runtime on an evaluation set and measures clean accuracy,
 * accuracy under random noise and under L-infinity attacks (FGSM and PGD with gradients estimated from forward passes,
 * Square Attack), then compares them with the policy's thresholds. See docs/robustness.md.
 */
public final class RobustnessCheck implements Check<RobustnessConfig> {
    public static final String ID = "robustness";

    public static final Rule CLEAN_ACCURACY = new Rule("robustness/clean-accuracy", Severity.HIGH,
            "The model's accuracy on the unperturbed evaluation set is below the policy's minimum.",
            "Retrain or fix the model, or check that the evaluation set and its labels match the model.");
    public static final Rule ROBUST_ACCURACY = new Rule("robustness/robust-accuracy", Severity.HIGH,
            "The model's accuracy under an adversarial attack within an epsilon budget is below the policy's minimum.",
            "Harden the model (e.g. adversarial training, input preprocessing) or revisit the threshold with the"
                    + " model's owner.");
    public static final Rule NOISE_DROP = new Rule("robustness/noise-drop", Severity.HIGH,
            "The model's accuracy drops under random input noise by more than the policy allows.",
            "Train with noise augmentation or normalise inputs; check that the input range in the policy is right.");

    public static final String OVERRIDE_MIN_CLEAN = "minCleanAccuracy";
    public static final String OVERRIDE_MIN_ROBUST = "minRobustAccuracy";
    public static final String OVERRIDE_MAX_NOISE_DROP = "maxNoiseDrop";

    private static final List<Rule> RULES = List.of(CLEAN_ACCURACY, ROBUST_ACCURACY, NOISE_DROP);

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Robustness smoke tests";
    }

    @Override
    public Class<RobustnessConfig> configType() {
        return RobustnessConfig.class;
    }

    @Override
    public List<Rule> rules() {
        return RULES;
    }

    @Override
    public boolean enabled(RobustnessConfig config) {
        return config.enabled();
    }

    @Override
    public Set<String> overridableKeys() {
        return Set.of(OVERRIDE_MIN_CLEAN, OVERRIDE_MIN_ROBUST, OVERRIDE_MAX_NOISE_DROP);
    }

    @Override
    public CheckResult run(RobustnessConfig config, CheckContext context) {
        long started = System.nanoTime();
        Path baseDir = context.baseDir();
        EffectiveThresholds thresholds = EffectiveThresholds.of(config, context.overrides());
        CheckResult.Builder result = CheckResult.builder(ID, title());

        Path modelFile = EvalSetLoader.resolve(baseDir, config.model(), ID + ".model");
        String modelSubject = SafePaths.relativize(baseDir, modelFile);
        // Read the data first: cheap, and its errors need no model.
        EvalSetLoader.Raw raw = EvalSetLoader.read(baseDir, config.data());
        InputDigest modelDigest = digest("model", baseDir, modelFile);
        result.input(modelDigest);
        EvalSetLoader.externalData(baseDir, modelFile).forEach(result::input);
        if (raw.csv()) {
            result.input(digest("evaluation-data", baseDir, raw.featureFile()));
        } else {
            result.input(digest("evaluation-features", baseDir, raw.featureFile()));
            result.input(digest("evaluation-labels", baseDir, raw.labelFile()));
        }

        ExecutorService pool = context.threads() > 1 ? Executors.newFixedThreadPool(context.threads(),
                daemonThreads()) : null;
        try (OnnxModel model = OnnxModel.open(modelFile, config.input(), config.output(), config.batchSize(),
                (float) config.low())) {
            String description = raw.csv() ? SafePaths.relativize(baseDir, raw.featureFile())
                    : SafePaths.relativize(baseDir, raw.featureFile()) + " + "
                            + SafePaths.relativize(baseDir, raw.labelFile());
            EvalSet data = EvalSetLoader.prepare(raw, description, model.features(), model.inputShapeText(),
                    model.classes(), config.low(), config.high(), config.maxSamples(), config.seed());
            AttackEngine.GradientMethod gradient = AttackEngine.chooseGradient(config.gradient(), data.features(),
                    config.high() - config.low());
            AttackEngine.Geometry geometry = config.attacks().square() == null ? null
                    : geometry(config.attacks().square(), model, modelFile);
            AttackEngine engine = new AttackEngine(model, data, config, gradient, pool);
            Suite suite = new Suite(config, engine, context, geometry);
            suite.run();

            result.metric("model", modelMetrics(modelSubject, model, config));
            result.metric("data", dataMetrics(raw, data, config));
            result.metric("seed", config.seed());
            result.metric("inputRange", config.inputRange());
            result.metric("epsilons", config.epsilons());
            result.metric("gradient", gradientMetrics(gradient, data.features(), engine.tiesResolved()));
            if (geometry != null) {
                result.metric("squareGeometry", List.of(geometry.channels(), geometry.height(), geometry.width()));
            }
            Map<String, Object> clean = new LinkedHashMap<>();
            clean.put("accuracy", round(suite.clean.robustAccuracy()));
            clean.put("correct", suite.clean.correctAfter());
            clean.put("samples", suite.clean.samples());
            result.metric("clean", clean);
            result.metric("results", suite.resultRows());
            result.metric("accuracyVsEpsilon", suite.series());
            result.metric("thresholds", thresholds.describe());
            long forwardPasses = engine.forwardPasses();
            double seconds = (System.nanoTime() - started) / 1e9;
            result.metric("forwardPasses", forwardPasses);
            result.metric("seconds", Math.round(seconds * 1000) / 1000.0);
            judge(suite, thresholds, modelSubject, result);
            RobustnessViews.add(result, modelDigest, config.epsilons(), suite.clean, suite.outcomes,
                    thresholds.minClean(), thresholds.minRobust(), thresholds.perAttack());
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        return result.build();
    }

    // ------------------------------------------------------------------------------------------------ the suite

    /** Runs the configured attacks in a fixed order and keeps their outcomes. */
    private static final class Suite {
        final RobustnessConfig config;
        final AttackEngine engine;
        final CheckContext context;
        final AttackEngine.Geometry geometry;
        AttackEngine.Outcome clean;
        final List<AttackEngine.Outcome> outcomes = new ArrayList<>();

        Suite(RobustnessConfig config, AttackEngine engine, CheckContext context, AttackEngine.Geometry geometry) {
            this.config = config;
            this.engine = engine;
            this.context = context;
            this.geometry = geometry;
        }

        void run() {
            RobustnessConfig.Attacks attacks = config.attacks();
            List<Double> epsilons = config.epsilons();
            int total = 1 + (attacks.noise() == null ? 0 : attacks.noise().gaussianSigmas().size()
                    + (attacks.noise().uniform() ? epsilons.size() : 0))
                    + (attacks.fgsm() == null ? 0 : 1)
                    + (attacks.pgd() == null ? 0 : epsilons.size())
                    + (attacks.square() == null ? 0 : epsilons.size());
            AtomicInteger done = new AtomicInteger();
            String task = "robustness of " + config.model();
            clean = engine.clean();
            context.progress().progress(task, done.incrementAndGet(), total, 0, 0);
            if (attacks.noise() != null) {
                RobustnessConfig.Noise noise = attacks.noise();
                for (int i = 0; i < noise.gaussianSigmas().size(); i++) {
                    outcomes.add(engine.noise(true, i, noise.gaussianSigmas().get(i), noise.draws()));
                    context.progress().progress(task, done.incrementAndGet(), total, 0, 0);
                }
                if (noise.uniform()) {
                    for (int i = 0; i < epsilons.size(); i++) {
                        outcomes.add(engine.noise(false, i, epsilons.get(i), noise.draws()));
                        context.progress().progress(task, done.incrementAndGet(), total, 0, 0);
                    }
                }
            }
            if (attacks.fgsm() != null) {
                outcomes.addAll(engine.fgsm(epsilons));
                context.progress().progress(task, done.incrementAndGet(), total, 0, 0);
            }
            if (attacks.pgd() != null) {
                RobustnessConfig.Pgd pgd = attacks.pgd();
                for (int i = 0; i < epsilons.size(); i++) {
                    outcomes.add(engine.pgd(i, epsilons.get(i), pgd.steps(), pgd.stepSize(), pgd.randomStart()));
                    context.progress().progress(task, done.incrementAndGet(), total, 0, 0);
                }
            }
            if (attacks.square() != null) {
                RobustnessConfig.Square square = attacks.square();
                for (int i = 0; i < epsilons.size(); i++) {
                    outcomes.add(engine.square(i, epsilons.get(i), square.queries(), square.pInit(), geometry));
                    context.progress().progress(task, done.incrementAndGet(), total, 0, 0);
                }
            }
        }

        int cleanCorrect() {
            return (int) clean.correctAfter();
        }

        List<Map<String, Object>> resultRows() {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (AttackEngine.Outcome outcome : outcomes) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("attack", outcome.attack());
                row.put(outcome.levelName(), outcome.level());
                row.put("robustAccuracy", round(outcome.robustAccuracy()));
                if (outcome.draws() == 1) {
                    row.put("correct", outcome.correctAfter());
                    row.put("attackSuccessRate", round(outcome.successRate(cleanCorrect())));
                } else {
                    row.put("draws", outcome.draws());
                    row.put("accuracyDrop", round(clean.robustAccuracy() - outcome.robustAccuracy()));
                }
                row.put("samples", outcome.samples());
                row.put("queries", outcome.queries());
                row.put("meanQueriesPerSample", round((double) outcome.queries() / Math.max(1,
                        outcome.draws() == 1 ? cleanCorrect() : outcome.samples())));
                row.put("seconds", Math.round(outcome.seconds() * 1000) / 1000.0);
                rows.add(row);
            }
            return rows;
        }

        /** Accuracy against epsilon per attack, starting at epsilon 0 with the clean accuracy, for plots. */
        Map<String, Object> series() {
            Map<String, Object> series = new LinkedHashMap<>();
            List<Double> epsilons = new ArrayList<>();
            epsilons.add(0.0);
            epsilons.addAll(config.epsilons());
            series.put("epsilon", epsilons);
            List<Double> worst = new ArrayList<>();
            worst.add(round(clean.robustAccuracy()));
            boolean anyAdversarial = false;
            for (String attack : List.of("uniform", "fgsm", "pgd", "square")) {
                List<Double> values = new ArrayList<>();
                values.add(round(clean.robustAccuracy()));
                for (double eps : config.epsilons()) {
                    find(attack, eps).ifPresent(o -> values.add(round(o.robustAccuracy())));
                }
                if (values.size() > 1) {
                    series.put(attack, values);
                }
            }
            for (double eps : config.epsilons()) {
                Double min = null;
                for (String attack : RobustnessConfig.Attacks.ADVERSARIAL) {
                    var outcome = find(attack, eps);
                    if (outcome.isPresent()) {
                        anyAdversarial = true;
                        min = min == null ? outcome.get().robustAccuracy()
                                : Math.min(min, outcome.get().robustAccuracy());
                    }
                }
                if (min != null) {
                    worst.add(round(min));
                }
            }
            if (anyAdversarial) {
                series.put("worstAdversarial", worst);
            }
            return series;
        }

        java.util.Optional<AttackEngine.Outcome> find(String attack, double level) {
            return outcomes.stream().filter(o -> o.attack().equals(attack) && Math.abs(o.level() - level) < 1e-12)
                    .findFirst();
        }
    }

    // ------------------------------------------------------------------------------------------------ thresholds

    /** Thresholds after applying command-line or Maven overrides, with where each value came from. */
    record EffectiveThresholds(Double minClean, String minCleanSource, Map<Double, Double> minRobust,
            String minRobustSource, Map<String, Map<Double, Double>> perAttack, Double maxNoiseDrop,
            String maxNoiseDropSource) {

        static EffectiveThresholds of(RobustnessConfig config, Map<String, String> overrides) {
            RobustnessConfig.Thresholds t = config.thresholds();
            Double minClean = t.minCleanAccuracy();
            String minCleanSource = minClean == null ? "none" : "policy";
            Double override = override(overrides, OVERRIDE_MIN_CLEAN);
            if (override != null) {
                minClean = override;
                minCleanSource = "override";
            }
            Map<Double, Double> minRobust = new LinkedHashMap<>();
            t.minRobustAccuracy().forEach((eps, value) -> minRobust.put(Double.parseDouble(eps), value));
            String minRobustSource = minRobust.isEmpty() ? "none" : "policy";
            override = override(overrides, OVERRIDE_MIN_ROBUST);
            if (override != null) {
                if (!config.attacks().anyAdversarial()) {
                    throw new GateException("cannot override robustness." + OVERRIDE_MIN_ROBUST + ": the policy runs"
                            + " none of the attacks fgsm, pgd or square");
                }
                minRobust.clear();
                for (double eps : config.epsilons()) {
                    minRobust.put(eps, override);
                }
                minRobustSource = "override";
            }
            Map<String, Map<Double, Double>> perAttack = new LinkedHashMap<>();
            t.minRobustAccuracyPerAttack().forEach((attack, byEps) -> {
                Map<Double, Double> values = new LinkedHashMap<>();
                byEps.forEach((eps, value) -> values.put(Double.parseDouble(eps), value));
                perAttack.put(attack, values);
            });
            Double maxDrop = t.maxNoiseDrop();
            String maxDropSource = maxDrop == null ? "none" : "policy";
            override = override(overrides, OVERRIDE_MAX_NOISE_DROP);
            if (override != null) {
                if (config.attacks().noise() == null) {
                    throw new GateException("cannot override robustness." + OVERRIDE_MAX_NOISE_DROP + ": the policy"
                            + " runs no noise");
                }
                maxDrop = override;
                maxDropSource = "override";
            }
            return new EffectiveThresholds(minClean, minCleanSource, minRobust, minRobustSource, perAttack, maxDrop,
                    maxDropSource);
        }

        private static Double override(Map<String, String> overrides, String key) {
            String text = overrides.get(ID + "." + key);
            if (text == null) {
                return null;
            }
            double value;
            try {
                value = Double.parseDouble(text.trim());
            } catch (NumberFormatException e) {
                throw new GateException("override robustness." + key + "=" + text + " is not a number");
            }
            if (!Double.isFinite(value) || value < 0 || value > 1) {
                throw new GateException("override robustness." + key + "=" + text + " must be a fraction between 0"
                        + " and 1");
            }
            return value;
        }

        Map<String, Object> describe() {
            Map<String, Object> out = new LinkedHashMap<>();
            if (minClean != null) {
                out.put(OVERRIDE_MIN_CLEAN, Map.of("value", minClean, "source", minCleanSource));
            }
            if (!minRobust.isEmpty()) {
                Map<String, Double> values = new LinkedHashMap<>();
                minRobust.forEach((eps, value) -> values.put(Epsilons.format(eps), value));
                out.put(OVERRIDE_MIN_ROBUST, Map.of("value", values, "source", minRobustSource));
            }
            if (!perAttack.isEmpty()) {
                Map<String, Object> values = new LinkedHashMap<>();
                perAttack.forEach((attack, byEps) -> {
                    Map<String, Double> inner = new LinkedHashMap<>();
                    byEps.forEach((eps, value) -> inner.put(Epsilons.format(eps), value));
                    values.put(attack, inner);
                });
                out.put("minRobustAccuracyPerAttack", Map.of("value", values, "source", "policy"));
            }
            if (maxNoiseDrop != null) {
                out.put(OVERRIDE_MAX_NOISE_DROP, Map.of("value", maxNoiseDrop, "source", maxNoiseDropSource));
            }
            return out;
        }
    }

    private static void judge(Suite suite, EffectiveThresholds thresholds, String subject,
            CheckResult.Builder result) {
        AttackEngine.Outcome clean = suite.clean;
        double cleanAccuracy = clean.robustAccuracy();
        if (thresholds.minClean() != null && cleanAccuracy < thresholds.minClean()) {
            result.finding(Finding.of(CLEAN_ACCURACY, subject + ": clean accuracy " + pct(cleanAccuracy) + " ("
                    + clean.correctAfter() + "/" + clean.samples() + ") is below the required "
                    + pct(thresholds.minClean())).subject(subject)
                    .expected(">= " + fmt(thresholds.minClean())).actual(fmt(cleanAccuracy)).build());
        }
        thresholds.minRobust().forEach((eps, required) -> {
            AttackEngine.Outcome worst = null;
            for (String attack : RobustnessConfig.Attacks.ADVERSARIAL) {
                var outcome = suite.find(attack, eps);
                if (outcome.isPresent() && (worst == null
                        || outcome.get().robustAccuracy() < worst.robustAccuracy())) {
                    worst = outcome.get();
                }
            }
            if (worst != null && worst.robustAccuracy() < required) {
                result.finding(Finding.of(ROBUST_ACCURACY, subject + ": robust accuracy at epsilon "
                        + Epsilons.format(eps) + " is " + pct(worst.robustAccuracy()) + " under " + worst.attack()
                        + " (worst of the attacks run), below the required " + pct(required))
                        .subject(subject).expected(">= " + fmt(required) + " at epsilon " + Epsilons.format(eps))
                        .actual(fmt(worst.robustAccuracy()) + " (" + worst.attack() + ")").build());
            }
        });
        thresholds.perAttack().forEach((attack, byEps) -> byEps.forEach((eps, required) -> {
            var outcome = suite.find(attack, eps);
            if (outcome.isPresent() && outcome.get().robustAccuracy() < required) {
                double measured = outcome.get().robustAccuracy();
                result.finding(Finding.of(ROBUST_ACCURACY, subject + ": robust accuracy under " + attack
                        + " at epsilon " + Epsilons.format(eps) + " is " + pct(measured) + ", below the required "
                        + pct(required)).subject(subject)
                        .expected(">= " + fmt(required) + " under " + attack + " at epsilon " + Epsilons.format(eps))
                        .actual(fmt(measured)).build());
            }
        }));
        if (thresholds.maxNoiseDrop() != null) {
            for (AttackEngine.Outcome outcome : suite.outcomes) {
                if (outcome.draws() == 1 && !outcome.attack().equals("gaussian")
                        && !outcome.attack().equals("uniform")) {
                    continue;
                }
                double drop = cleanAccuracy - outcome.robustAccuracy();
                if (drop > thresholds.maxNoiseDrop() + 1e-12) {
                    String setting = outcome.attack() + " noise " + outcome.levelName() + " "
                            + Epsilons.format(outcome.level());
                    result.finding(Finding.of(NOISE_DROP, subject + ": accuracy drops by " + pct(drop) + " under "
                            + setting + " (" + pct(cleanAccuracy) + " -> " + pct(outcome.robustAccuracy())
                            + ", mean of " + outcome.draws() + " draws), more than the allowed "
                            + pct(thresholds.maxNoiseDrop())).subject(subject)
                            .expected("drop <= " + fmt(thresholds.maxNoiseDrop()) + " under " + setting)
                            .actual(fmt(drop)).build());
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static AttackEngine.Geometry geometry(RobustnessConfig.Square square, OnnxModel model, Path modelFile) {
        int d = model.features();
        if (square.imageShape() != null) {
            List<Integer> shape = square.imageShape();
            long product = 1;
            for (int dim : shape) {
                product *= dim;
            }
            if (product != d) {
                throw new InputException(modelFile, "square.imageShape " + shape + " has " + product + " values but"
                        + " the model input " + model.inputShapeText() + " has " + d + " features");
            }
            return shape.size() == 3 ? new AttackEngine.Geometry(shape.get(0), shape.get(1), shape.get(2), "policy")
                    : new AttackEngine.Geometry(1, shape.get(0), shape.get(1), "policy");
        }
        long[] in = model.inputShape();
        if (in.length == 4) {
            return new AttackEngine.Geometry((int) in[1], (int) in[2], (int) in[3], "model input");
        }
        if (in.length == 3) {
            return new AttackEngine.Geometry(1, (int) in[1], (int) in[2], "model input");
        }
        int side = (int) Math.round(Math.sqrt(d));
        if (side * side == d) {
            return new AttackEngine.Geometry(1, side, side, "square number of features");
        }
        return new AttackEngine.Geometry(1, 1, d, "one row of features");
    }

    private static Map<String, Object> modelMetrics(String subject, OnnxModel model, RobustnessConfig config) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("path", subject);
        out.put("input", model.inputName());
        out.put("inputShape", java.util.Arrays.stream(model.inputShape()).boxed().toList());
        out.put("output", model.outputName());
        out.put("outputKind", config.outputKind().toString());
        out.put("classes", model.classes());
        return out;
    }

    private static Map<String, Object> dataMetrics(EvalSetLoader.Raw raw, EvalSet data, RobustnessConfig config) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("source", data.description());
        out.put("format", raw.csv() ? "csv" : "npy");
        out.put("samplesAvailable", raw.n());
        out.put("samples", data.n());
        out.put("features", data.features());
        out.put("sampling", raw.n() > data.n() ? "stratified by label (maxSamples " + config.maxSamples() + ", seed "
                + config.seed() + ")" : "all");
        return out;
    }

    private static Map<String, Object> gradientMetrics(AttackEngine.GradientMethod gradient, int features,
            long tiesResolved) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("method", gradient.name());
        out.put("reason", gradient.reason());
        out.put("step", gradient.step());
        if (!gradient.finiteDifferences()) {
            out.put("directions", gradient.directions());
        }
        out.put("forwardPassesPerEstimate", gradient.rowsPerSample(features));
        if (gradient.finiteDifferences()) {
            out.put("tiedMaximaResolved", tiesResolved);
        }
        out.put("loss", "cross-entropy on the scores (logits, or log-probabilities)");
        return out;
    }

    private static InputDigest digest(String kind, Path baseDir, Path file) {
        try {
            return new InputDigest(kind, SafePaths.relativize(baseDir, file), Files.size(file),
                    Digests.sha256Hex(file));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InputException(file, (kind.equals("model") ? "ONNX model" : "evaluation data file")
                    + " not found");
        } catch (IOException e) {
            throw new InputException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "aigate-robustness-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    static double round(double value) {
        return Double.isFinite(value) ? Math.round(value * 1e6) / 1e6 : 0;
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    private static String pct(double value) {
        return String.format(Locale.ROOT, "%.2f%%", value * 100);
    }
}
