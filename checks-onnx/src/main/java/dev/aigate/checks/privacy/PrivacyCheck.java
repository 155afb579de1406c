package dev.aigate.checks.privacy;

import dev.aigate.checks.robustness.EvalSet;
import dev.aigate.checks.robustness.EvalSetLoader;
import dev.aigate.checks.robustness.OnnxModel;
import dev.aigate.checks.robustness.RobustnessConfig;
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
 * Privacy smoke test: black-box membership inference against an ONNX classifier. Scores a class-balanced sample of
 * the model's training rows (members) and of held-out rows (non-members) with four attacks that need only the model's
 * outputs, measures how well each tells the two apart (ROC AUC, membership advantage, TPR at 1% and 0.1% FPR, with
 * bootstrap confidence intervals) and compares the figures with the policy's thresholds. See docs/privacy.md.
 */
public final class PrivacyCheck implements Check<PrivacyConfig> {
    public static final String ID = "privacy";

    public static final Rule MEMBERSHIP_AUC = new Rule("privacy/membership-auc", Severity.HIGH,
            "A membership inference attack tells training rows from held-out rows with an ROC AUC above the policy's"
                    + " maximum.",
            "Reduce memorisation: regularise (weight decay, dropout, early stopping), train on more data, or train"
                    + " with differential privacy (DP-SGD); expose labels or rounded scores rather than full scores.");
    public static final Rule MEMBERSHIP_ADVANTAGE = new Rule("privacy/membership-advantage", Severity.HIGH,
            "A membership inference attack reaches a membership advantage (TPR - FPR at its best threshold) above the"
                    + " policy's maximum.",
            "Close the gap between training and held-out behaviour: regularise, train on more data or with"
                    + " differential privacy; check that the member and non-member sets come from the same"
                    + " distribution.");
    public static final Rule TPR_AT_LOW_FPR = new Rule("privacy/tpr-at-low-fpr", Severity.HIGH,
            "A membership inference attack identifies more training rows at a low false-positive rate (1% or 0.1%)"
                    + " than the policy allows: some individual rows are confidently exposed.",
            "Find the exposed rows (outliers, duplicates, rare classes are typical), deduplicate or remove them, or"
                    + " train with differential privacy, which bounds exactly this rate.");
    public static final Rule GENERALISATION_GAP = new Rule("privacy/generalisation-gap", Severity.MEDIUM,
            "The model's accuracy on its training rows exceeds its accuracy on held-out rows by more than the policy"
                    + " allows (overfitting, which membership inference exploits).",
            "Regularise or train on more data; a large gap also means the held-out accuracy is the one to report.");

    public static final String OVERRIDE_MAX_AUC = "maxAuc";
    public static final String OVERRIDE_MAX_ADVANTAGE = "maxAdvantage";
    public static final String OVERRIDE_MAX_TPR_ONE = "maxTprAtOnePercentFpr";
    public static final String OVERRIDE_MAX_TPR_TENTH = "maxTprAtTenthPercentFpr";
    public static final String OVERRIDE_MAX_GAP = "maxGeneralisationGap";
    private static final List<String> OVERRIDES = List.of(OVERRIDE_MAX_AUC, OVERRIDE_MAX_ADVANTAGE,
            OVERRIDE_MAX_TPR_ONE, OVERRIDE_MAX_TPR_TENTH, OVERRIDE_MAX_GAP);

    private static final List<Rule> RULES = List.of(MEMBERSHIP_AUC, MEMBERSHIP_ADVANTAGE, TPR_AT_LOW_FPR,
            GENERALISATION_GAP);

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Privacy smoke test (membership inference)";
    }

    @Override
    public Class<PrivacyConfig> configType() {
        return PrivacyConfig.class;
    }

    @Override
    public List<Rule> rules() {
        return RULES;
    }

    @Override
    public boolean enabled(PrivacyConfig config) {
        return config.enabled();
    }

    @Override
    public Set<String> overridableKeys() {
        return Set.copyOf(OVERRIDES);
    }

    @Override
    public CheckResult run(PrivacyConfig config, CheckContext context) {
        long started = System.nanoTime();
        Path baseDir = context.baseDir();
        Thresholds thresholds = Thresholds.of(config.thresholds(), context.overrides());
        CheckResult.Builder result = CheckResult.builder(ID, title());

        Path modelFile = EvalSetLoader.resolve(baseDir, config.model(), ID + ".model");
        String modelSubject = SafePaths.relativize(baseDir, modelFile);
        // Read the data first: cheap, and its errors need no model.
        EvalSetLoader.Raw members = EvalSetLoader.read(baseDir, config.members(), ID + ".members");
        EvalSetLoader.Raw nonMembers = EvalSetLoader.read(baseDir, config.nonMembers(), ID + ".nonMembers");
        InputDigest modelDigest = digest("model", baseDir, modelFile);
        result.input(modelDigest);
        EvalSetLoader.externalData(baseDir, modelFile).forEach(result::input);
        inputs(result, baseDir, "members", members);
        inputs(result, baseDir, "non-members", nonMembers);

        Map<String, Object> timings = new LinkedHashMap<>();
        long mark = lap(timings, "readData", started);
        ExecutorService pool = context.threads() > 1 ? Executors.newFixedThreadPool(context.threads(),
                daemonThreads()) : null;
        try (OnnxModel model = OnnxModel.open(modelFile, config.input(), config.output(), config.batchSize(),
                (float) config.low())) {
            EvalSet memberSet = prepare(members, baseDir, model, config);
            EvalSet nonMemberSet = prepare(nonMembers, baseDir, model, config);
            MembershipSample.requireDisjoint(members, memberSet, nonMembers, nonMemberSet);
            MembershipSample sample = MembershipSample.draw(memberSet, nonMemberSet, model.classes(),
                    config.maxSamples(), config.seed());
            mark = lap(timings, "loadModelAndSample", mark);

            boolean probabilities = config.outputKind() == RobustnessConfig.OutputKind.PROBABILITIES;
            MembershipAttacks attacks = new MembershipAttacks(model, modelFile, sample.x(), sample.y(),
                    probabilities, config.low(), config.high(), config.seed(), pool);
            List<String> names = config.attacks().names();
            String task = "membership inference on " + config.model();
            int step = 0;
            context.progress().progress(task, step, names.size() + 1, 0, 0);
            MembershipAttacks.Clean clean = attacks.clean();
            mark = lap(timings, "clean", mark);
            context.progress().progress(task, ++step, names.size() + 1, 0, 0);
            List<MembershipRoc> rocs = new ArrayList<>();
            for (String name : names) {
                rocs.add(new MembershipRoc(scores(name, config.attacks(), attacks, clean), sample.members()));
                mark = lap(timings, name, mark);
                context.progress().progress(task, ++step, names.size() + 1, 0, 0);
            }
            PrivacyConfig.Bootstrap bootstrap = config.bootstrap();
            BootstrapIntervals.Result intervals = bootstrap.resamples() == 0 ? null
                    : BootstrapIntervals.compute(rocs, clean.correct(), sample.members(), sample.nonMembers(),
                            bootstrap.resamples(), bootstrap.confidence(), config.seed(), pool);
            lap(timings, "bootstrap", mark);

            double memberAccuracy = accuracy(clean.correct(), 0, sample.members());
            double nonMemberAccuracy = accuracy(clean.correct(), sample.members(), sample.size());
            List<Outcome> outcomes = new ArrayList<>();
            for (int a = 0; a < names.size(); a++) {
                outcomes.add(new Outcome(names.get(a), rocs.get(a).summary(),
                        intervals == null ? null : intervals.attacks().get(a), rocs.get(a)));
            }

            result.metric("model", modelMetrics(modelSubject, model, config));
            result.metric("data", dataMetrics(baseDir, members, nonMembers, sample, config));
            result.metric("seed", config.seed());
            result.metric("inputRange", config.inputRange());
            Map<String, Object> generalisation = new LinkedHashMap<>();
            generalisation.put("memberAccuracy", round(memberAccuracy));
            generalisation.put("nonMemberAccuracy", round(nonMemberAccuracy));
            generalisation.put("gap", round(memberAccuracy - nonMemberAccuracy));
            if (intervals != null) {
                generalisation.put("gapInterval", intervals.generalisationGap().asList());
            }
            result.metric("generalisation", generalisation);
            result.metric("attacks", attackRows(outcomes, config));
            Map<String, Object> roc = new LinkedHashMap<>();
            for (Outcome outcome : outcomes) {
                roc.put(outcome.attack(), outcome.roc().curve());
            }
            result.metric("roc", roc);
            Outcome strongest = outcomes.stream().max((a, b) -> Double.compare(a.summary().auc(),
                    b.summary().auc())).orElseThrow();
            result.metric("strongest", Map.of("attack", strongest.attack(), "auc", round(strongest.summary().auc())));
            Map<String, Object> bootstrapMetrics = new LinkedHashMap<>();
            bootstrapMetrics.put("resamples", bootstrap.resamples());
            bootstrapMetrics.put("confidence", bootstrap.confidence());
            bootstrapMetrics.put("method", "percentile; members and non-members resampled with replacement, each"
                    + " set on its own");
            result.metric("bootstrap", bootstrapMetrics);
            result.metric("thresholds", thresholds.describe());
            result.metric("forwardPasses", attacks.forwardPasses());
            result.metric("seconds", Math.round((System.nanoTime() - started) / 1e6) / 1000.0);
            result.metric("secondsPerStep", timings);
            PrivacyViews.add(result, modelDigest, outcomes, memberAccuracy, nonMemberAccuracy, sample, thresholds);
            judge(outcomes, memberAccuracy, nonMemberAccuracy, intervals, sample, thresholds, modelSubject,
                    bootstrap.confidence(), result);
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        return result.build();
    }

    /** One attack's figures, intervals (null without bootstrap) and ROC. */
    record Outcome(String attack, MembershipRoc.Summary summary, BootstrapIntervals.AttackIntervals intervals,
            MembershipRoc roc) {
    }

    private static double[] scores(String name, PrivacyConfig.Attacks config, MembershipAttacks attacks,
            MembershipAttacks.Clean clean) {
        switch (name) {
            case "loss":
                return clean.loss();
            case "confidence":
                return clean.confidence();
            case "calibrated":
                return attacks.calibrated(clean.logitConfidence(), config.calibrated().sigma(),
                        config.calibrated().draws());
            case "labelOnly":
                return attacks.labelOnly(clean.correct(), config.labelOnly().sigma(), config.labelOnly().draws());
            default:
                throw new IllegalStateException("unknown attack " + name);
        }
    }

    private static EvalSet prepare(EvalSetLoader.Raw raw, Path baseDir, OnnxModel model, PrivacyConfig config) {
        return EvalSetLoader.prepare(raw, describe(baseDir, raw), model.features(), model.inputShapeText(),
                model.classes(), config.low(), config.high(), Integer.MAX_VALUE, config.seed());
    }

    // ------------------------------------------------------------------------------------------------ thresholds

    /** A threshold after command-line or Maven overrides, and where its value came from. */
    record Threshold(String key, Double value, String source) {
    }

    /** The effective thresholds. */
    record Thresholds(Map<String, Threshold> byKey) {
        static Thresholds of(PrivacyConfig.Thresholds policy, Map<String, String> overrides) {
            Map<String, Double> values = new LinkedHashMap<>();
            values.put(OVERRIDE_MAX_AUC, policy.maxAuc());
            values.put(OVERRIDE_MAX_ADVANTAGE, policy.maxAdvantage());
            values.put(OVERRIDE_MAX_TPR_ONE, policy.maxTprAtOnePercentFpr());
            values.put(OVERRIDE_MAX_TPR_TENTH, policy.maxTprAtTenthPercentFpr());
            values.put(OVERRIDE_MAX_GAP, policy.maxGeneralisationGap());
            Map<String, Threshold> byKey = new LinkedHashMap<>();
            values.forEach((key, value) -> {
                String text = overrides.get(ID + "." + key);
                if (text != null) {
                    byKey.put(key, new Threshold(key, parseOverride(key, text), "override"));
                } else if (value != null) {
                    byKey.put(key, new Threshold(key, value, "policy or default"));
                }
            });
            return new Thresholds(byKey);
        }

        Double value(String key) {
            Threshold threshold = byKey.get(key);
            return threshold == null ? null : threshold.value();
        }

        Map<String, Object> describe() {
            Map<String, Object> out = new LinkedHashMap<>();
            byKey.forEach((key, threshold) -> out.put(key, Map.of("value", threshold.value(), "source",
                    threshold.source())));
            return out;
        }

        private static double parseOverride(String key, String text) {
            double value;
            try {
                value = Double.parseDouble(text.trim());
            } catch (NumberFormatException e) {
                throw new GateException("override " + ID + "." + key + "=" + text + " is not a number");
            }
            if (!Double.isFinite(value) || value < 0 || value > 1) {
                throw new GateException("override " + ID + "." + key + "=" + text + " must be a fraction between 0"
                        + " and 1");
            }
            return value;
        }
    }

    // ------------------------------------------------------------------------------------------------ judging

    private static void judge(List<Outcome> outcomes, double memberAccuracy, double nonMemberAccuracy,
            BootstrapIntervals.Result intervals, MembershipSample sample, Thresholds thresholds, String subject,
            double confidence, CheckResult.Builder result) {
        String sizes = sample.members() + " members, " + sample.nonMembers() + " non-members";
        String level = Math.round(confidence * 100) + "% CI ";
        for (Outcome outcome : outcomes) {
            MembershipRoc.Summary s = outcome.summary();
            BootstrapIntervals.AttackIntervals ci = outcome.intervals();
            exceeds(result, MEMBERSHIP_AUC, subject, outcome.attack(), "ROC AUC", s.auc(),
                    ci == null ? null : ci.auc(), level, thresholds.value(OVERRIDE_MAX_AUC), OVERRIDE_MAX_AUC, sizes);
            exceeds(result, MEMBERSHIP_ADVANTAGE, subject, outcome.attack(), "advantage (max TPR - FPR)",
                    s.advantage(), ci == null ? null : ci.advantage(), level,
                    thresholds.value(OVERRIDE_MAX_ADVANTAGE), OVERRIDE_MAX_ADVANTAGE, sizes);
            exceeds(result, TPR_AT_LOW_FPR, subject, outcome.attack(), "TPR at 1% FPR", s.tprAtOnePercentFpr(),
                    ci == null ? null : ci.tprAtOnePercentFpr(), level, thresholds.value(OVERRIDE_MAX_TPR_ONE),
                    OVERRIDE_MAX_TPR_ONE, sizes);
            exceeds(result, TPR_AT_LOW_FPR, subject, outcome.attack(), "TPR at 0.1% FPR", s.tprAtTenthPercentFpr(),
                    ci == null ? null : ci.tprAtTenthPercentFpr(), level, thresholds.value(OVERRIDE_MAX_TPR_TENTH),
                    OVERRIDE_MAX_TPR_TENTH, sizes);
        }
        Double maxGap = thresholds.value(OVERRIDE_MAX_GAP);
        double gap = memberAccuracy - nonMemberAccuracy;
        if (maxGap != null && gap > maxGap + 1e-12) {
            String interval = intervals == null ? "" : " (" + level + range(intervals.generalisationGap()) + ")";
            result.finding(Finding.of(GENERALISATION_GAP, subject + ": generalisation gap " + fmt(gap) + interval
                    + " (accuracy " + pct(memberAccuracy) + " on members, " + pct(nonMemberAccuracy)
                    + " on non-members; " + sizes + ") is above the allowed " + fmt(maxGap) + " (" + OVERRIDE_MAX_GAP
                    + ")").subject(subject).expected("<= " + fmt(maxGap)).actual(fmt(gap)).build());
        }
    }

    private static void exceeds(CheckResult.Builder result, Rule rule, String subject, String attack, String figure,
            double value, BootstrapIntervals.Interval interval, String level, Double max, String key, String sizes) {
        if (max == null || value <= max + 1e-12) {
            return;
        }
        String ci = interval == null ? "" : " (" + level + range(interval) + ")";
        result.finding(Finding.of(rule, subject + ": membership inference " + figure + " " + fmt(value) + ci
                + " under the " + attack + " attack is above the allowed " + fmt(max) + " (" + key + "; " + sizes
                + ")").subject(subject).expected("<= " + fmt(max) + " (" + key + ")")
                .actual(fmt(value) + " (" + attack + " attack" + ci + ")").build());
    }

    // ------------------------------------------------------------------------------------------------ metrics

    private static List<Map<String, Object>> attackRows(List<Outcome> outcomes, PrivacyConfig config) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            MembershipRoc.Summary s = outcome.summary();
            BootstrapIntervals.AttackIntervals ci = outcome.intervals();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("attack", outcome.attack());
            row.put("score", describeScore(outcome.attack(), config.attacks()));
            row.put("auc", round(s.auc()));
            row.put("advantage", round(s.advantage()));
            row.put("balancedAccuracy", round(s.balancedAccuracy()));
            row.put("tprAtOnePercentFpr", round(s.tprAtOnePercentFpr()));
            row.put("tprAtTenthPercentFpr", round(s.tprAtTenthPercentFpr()));
            if (ci != null) {
                row.put("aucInterval", ci.auc().asList());
                row.put("advantageInterval", ci.advantage().asList());
                row.put("balancedAccuracyInterval", ci.balancedAccuracy().asList());
                row.put("tprAtOnePercentFprInterval", ci.tprAtOnePercentFpr().asList());
                row.put("tprAtTenthPercentFprInterval", ci.tprAtTenthPercentFpr().asList());
            }
            PrivacyConfig.Noise noise = outcome.attack().equals("calibrated") ? config.attacks().calibrated()
                    : outcome.attack().equals("labelOnly") ? config.attacks().labelOnly() : null;
            if (noise != null) {
                row.put("sigma", noise.sigma());
                row.put("draws", noise.draws());
            }
            rows.add(row);
        }
        return rows;
    }

    private static String describeScore(String attack, PrivacyConfig.Attacks attacks) {
        switch (attack) {
            case "loss":
                return "log-probability of the true label (minus the cross-entropy loss)";
            case "confidence":
                return "log of the highest predicted probability";
            case "calibrated":
                return "logit-scaled confidence log(p/(1-p)) on the true label minus its mean over "
                        + attacks.calibrated().draws() + " Gaussian neighbours (sigma " + attacks.calibrated().sigma()
                        + ")";
            case "labelOnly":
                return "correct clean prediction plus correct predictions on " + attacks.labelOnly().draws()
                        + " Gaussian-noise copies (sigma " + attacks.labelOnly().sigma() + ")";
            default:
                return attack;
        }
    }

    private static Map<String, Object> modelMetrics(String subject, OnnxModel model, PrivacyConfig config) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("path", subject);
        out.put("input", model.inputName());
        out.put("inputShape", java.util.Arrays.stream(model.inputShape()).boxed().toList());
        out.put("output", model.outputName());
        out.put("outputKind", config.outputKind().toString());
        out.put("classes", model.classes());
        return out;
    }

    private static Map<String, Object> dataMetrics(Path baseDir, EvalSetLoader.Raw members,
            EvalSetLoader.Raw nonMembers, MembershipSample sample, PrivacyConfig config) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("members", setMetrics(baseDir, members, sample.members()));
        out.put("nonMembers", setMetrics(baseDir, nonMembers, sample.nonMembers()));
        out.put("sampling", "class-balanced: per class min(members, non-members) rows from each set"
                + (sample.size() < (long) members.n() + nonMembers.n() ? ", drawn with seed " + config.seed() : "")
                + (sample.members() == config.maxSamples() ? ", scaled to maxSamples " + config.maxSamples() : ""));
        out.put("perClass", java.util.Arrays.stream(sample.perClass()).boxed().toList());
        if (!sample.droppedClasses().isEmpty()) {
            out.put("classesInOneSetOnly", sample.droppedClasses());
        }
        return out;
    }

    private static Map<String, Object> setMetrics(Path baseDir, EvalSetLoader.Raw raw, int sampled) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("source", describe(baseDir, raw));
        out.put("format", raw.csv() ? "csv" : "npy");
        out.put("rows", raw.n());
        out.put("samples", sampled);
        return out;
    }

    private static String describe(Path baseDir, EvalSetLoader.Raw raw) {
        return raw.csv() ? SafePaths.relativize(baseDir, raw.featureFile())
                : SafePaths.relativize(baseDir, raw.featureFile()) + " + "
                        + SafePaths.relativize(baseDir, raw.labelFile());
    }

    private static void inputs(CheckResult.Builder result, Path baseDir, String kind, EvalSetLoader.Raw raw) {
        if (raw.csv()) {
            result.input(digest(kind + "-data", baseDir, raw.featureFile()));
        } else {
            result.input(digest(kind + "-features", baseDir, raw.featureFile()));
            result.input(digest(kind + "-labels", baseDir, raw.labelFile()));
        }
    }

    private static InputDigest digest(String kind, Path baseDir, Path file) {
        try {
            return new InputDigest(kind, SafePaths.relativize(baseDir, file), Files.size(file),
                    Digests.sha256Hex(file));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InputException(file, (kind.equals("model") ? "ONNX model" : kind + " file") + " not found");
        } catch (IOException e) {
            throw new InputException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    private static double accuracy(boolean[] correct, int from, int to) {
        int hits = 0;
        for (int i = from; i < to; i++) {
            if (correct[i]) {
                hits++;
            }
        }
        return to == from ? 0 : (double) hits / (to - from);
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "aigate-privacy-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Records the seconds since {@code since} under {@code step}; returns now. */
    private static long lap(Map<String, Object> timings, String step, long since) {
        long now = System.nanoTime();
        timings.put(step, Math.round((now - since) / 1e6) / 1000.0);
        return now;
    }

    static double round(double value) {
        return Double.isFinite(value) ? Math.round(value * 1e6) / 1e6 : 0;
    }

    private static String range(BootstrapIntervals.Interval interval) {
        return fmt(interval.low()) + "-" + fmt(interval.high());
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    private static String pct(double value) {
        return String.format(Locale.ROOT, "%.2f%%", value * 100);
    }
}
