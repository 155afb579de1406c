package dev.aigate.checks.poisoning;

import dev.aigate.core.CheckResult;
import dev.aigate.core.Finding;
import dev.aigate.core.GateException;
import dev.aigate.core.InputDigest;
import dev.aigate.core.Rule;
import dev.aigate.core.ToolVersion;
import dev.aigate.core.io.BoundedFiles;
import dev.aigate.core.io.Digests;
import dev.aigate.core.io.SafePaths;
import dev.aigate.core.spi.Action;
import dev.aigate.core.spi.ActionContext;
import dev.aigate.core.spi.ActionResult;
import dev.aigate.core.spi.Check;
import dev.aigate.core.spi.CheckContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Data-poisoning signals: judges a labelled table against the statistics recorded when it was approved (label
 * shift, feature drift, out-of-range values, conflicting duplicates, neighbour label disagreement, outliers, trigger
 * patterns, overlap with the evaluation set) and names every suspect row. See docs/poisoning.md.
 */
public final class PoisoningCheck implements Check<PoisoningConfig> {
    public static final String ID = "poisoning";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Data-poisoning signals";
    }

    @Override
    public Class<PoisoningConfig> configType() {
        return PoisoningConfig.class;
    }

    @Override
    public List<Rule> rules() {
        return Signals.RULES;
    }

    @Override
    public boolean enabled(PoisoningConfig config) {
        return config.enabled();
    }

    @Override
    public List<Action<PoisoningConfig>> actions() {
        return List.of(new BaselineAction());
    }

    @Override
    public CheckResult run(PoisoningConfig config, CheckContext context) {
        long started = System.nanoTime();
        Path baseDir = context.baseDir().toAbsolutePath().normalize();
        CheckResult.Builder result = CheckResult.builder(ID, title());
        Path baselineFile = TableLoader.resolve(baseDir, config.baseline());
        byte[] baselineBytes = BoundedFiles.read(baselineFile, BaselineIO.MAX_BASELINE_BYTES, "poisoning baseline");
        String baselineSha = Digests.sha256Hex(baselineBytes);
        Path lockFile = TableLoader.resolve(baseDir, config.lockFile());
        String dataset = BaselineLock.verify(baseDir, lockFile, baselineFile, baselineSha);
        Baseline baseline = BaselineIO.parse(baselineFile, baselineBytes);
        if (baseline.neighbours().k() != config.neighbours()) {
            throw new dev.aigate.core.InputException(baselineFile, "the baseline was recorded with neighbours: "
                    + baseline.neighbours().k() + " but the policy says " + config.neighbours() + "; re-approve with"
                    + " 'aigate poisoning baseline'");
        }
        result.input(new InputDigest("poisoning-baseline", SafePaths.relativize(baseDir, baselineFile),
                baselineBytes.length, baselineSha));
        context.progress().progress("poisoning signals", 0, 3, 0, 0);
        Table table = TableLoader.load(baseDir, config.data(), config.allowMissing());
        List<Baseline.FileDigest> files = TableLoader.digests(baseDir, table);
        TableLoader.inputs("training-data", files).forEach(result::input);
        Table evaluation = null;
        if (config.evaluation() != null && config.leakage().enabled()) {
            evaluation = TableLoader.load(baseDir, config.evaluation(), config.allowMissing());
            TableLoader.inputs("evaluation-data", TableLoader.digests(baseDir, evaluation)).forEach(result::input);
        }
        context.progress().progress("poisoning signals", 1, 3, 0, 0);
        Judge judge = new Judge(table, baseline, config, context.threads());
        List<Signals.Signal> signals = judge.run(evaluation);
        context.progress().progress("poisoning signals", 3, 3, 0, 0);
        String subject = SafePaths.relativize(baseDir, table.files().get(0));
        report(config, table, judge, signals, subject, result);
        result.metric("baseline", Judge.stats("file", SafePaths.relativize(baseDir, baselineFile), "lockedIn",
                dataset, "rows", baseline.rows(), "recordedBy", baseline.tool()));
        result.metric("seconds", Math.round((System.nanoTime() - started) / 1e6) / 1000.0);
        return result.build();
    }

    private static void report(PoisoningConfig config, Table table, Judge judge, List<Signals.Signal> signals,
            String subject, CheckResult.Builder result) {
        List<Map<String, Object>> signalMetrics = new ArrayList<>();
        List<Map<String, Object>> suspectRows = new ArrayList<>();
        Map<Integer, Integer> suspectsByClass = new LinkedHashMap<>();
        for (Signals.Signal signal : signals) {
            Map<String, Object> metric = new LinkedHashMap<>();
            metric.put("rule", signal.rule().id());
            metric.put("fired", signal.fired());
            metric.put("suspectRows", signal.rows().size());
            metric.putAll(signal.stats());
            signalMetrics.add(metric);
            if (!signal.fired()) {
                continue;
            }
            List<Signals.Suspect> rows = new ArrayList<>(signal.rows());
            rows.sort(Comparator.comparingDouble(Signals.Suspect::score).reversed()
                    .thenComparingInt(Signals.Suspect::row));
            StringBuilder message = new StringBuilder(subject).append(": ").append(signal.statement());
            int shown = Math.min(config.maxRowsInMessage(), rows.size());
            for (int i = 0; i < shown; i++) {
                Signals.Suspect row = rows.get(i);
                message.append(i == 0 ? ": " : "; ").append(table.where(row.row())).append(" (").append(row.detail())
                        .append(")");
            }
            if (rows.size() > shown) {
                message.append("; and ").append(rows.size() - shown).append(" more (all in the JSON report)");
            }
            Finding.Builder finding = Finding.of(signal.rule(), message.toString()).subject(subject)
                    .expected(signal.expected()).actual(signal.actual());
            if (!rows.isEmpty()) {
                finding.line(table.rowNumbers()[rows.get(0).row()]);
            }
            result.finding(finding.build());
            for (Signals.Suspect row : signal.rows()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put(table.whereWord(), table.rowNumbers()[row.row()]);
                entry.put("rule", row.rule().id());
                entry.put("label", table.classes().get(table.labels()[row.row()]));
                entry.put("score", row.score());
                List<Integer> conflicts = new ArrayList<>();
                for (int other : row.conflicts()) {
                    conflicts.add(table.rowNumbers()[other]);
                }
                entry.put("conflictsWith", conflicts);
                entry.put("detail", row.detail());
                suspectRows.add(entry);
                suspectsByClass.merge(table.labels()[row.row()], 1, Integer::sum);
            }
        }
        suspectRows.sort(Comparator.comparingInt((Map<String, Object> m) -> (Integer) m.get(table.whereWord()))
                .thenComparing(m -> (String) m.get("rule")));
        result.metric("file", subject);
        result.metric("rows", table.rows());
        result.metric("approvedRows", table.rows() - judge.newRows.length);
        result.metric("newRows", judge.newRows.length);
        result.metric("neighbourReference", judge.referenceIsApproved ? "approved rows" : "all rows");
        List<Map<String, Object>> classes = classTable(table, judge, suspectsByClass);
        result.metric("classes", classes);
        result.metric("signals", signalMetrics);
        result.metric("suspectRows", suspectRows);
        PoisoningViews.add(result, subject, table.rows() - judge.newRows.length, judge.newRows.length, classes,
                signals);
    }

    private static List<Map<String, Object>> classTable(Table table, Judge judge, Map<Integer, Integer> suspects) {
        Map<String, long[]> counts = new LinkedHashMap<>();
        for (String name : judge.baselineClasses) {
            counts.put(name, new long[4]);
        }
        for (int r = 0; r < table.rows(); r++) {
            long[] c = counts.computeIfAbsent(table.classes().get(table.labels()[r]), x -> new long[4]);
            c[1]++;
            if (!judge.approved[r]) {
                c[2]++;
            }
        }
        suspects.forEach((label, count) -> counts.get(table.classes().get(label))[3] = count);
        List<Map<String, Object>> rows = new ArrayList<>();
        counts.forEach((name, c) -> rows.add(Judge.stats("class", name, "rows", c[1], "newRows", c[2],
                "suspectRows", c[3])));
        return rows;
    }

    /** Records the approved statistics of the table the policy names, beside the dataset lock. */
    static final class BaselineAction implements Action<PoisoningConfig> {
        @Override
        public String name() {
            return "baseline";
        }

        @Override
        public String summary() {
            return "Approve the training table: record its statistics as the poisoning baseline (then lock it with"
                    + " the datasets).";
        }

        @Override
        public PolicyUse policy() {
            return PolicyUse.REQUIRED;
        }

        @Override
        public ActionResult run(PoisoningConfig config, ActionContext context) {
            Path baseDir = context.baseDir();
            Table table = TableLoader.load(baseDir, config.data(), config.allowMissing());
            List<Baseline.FileDigest> files = TableLoader.digests(baseDir, table);
            Baseline baseline = BaselineBuilder.compute(table, config.neighbours(), context.threads(),
                    "aigate " + ToolVersion.get(), files, config.data().categorical());
            Path target = TableLoader.resolve(baseDir, config.baseline());
            try {
                BaselineIO.write(target, baseline);
            } catch (IOException e) {
                throw new GateException("cannot write the poisoning baseline " + target + ": " + e.getMessage(), e);
            }
            long[] agreement = baseline.neighbours().agreement();
            return ActionResult.builder()
                    .info("recorded the poisoning baseline of " + SafePaths.relativize(baseDir, table.files().get(0))
                            + ": " + table.rows() + " rows, " + baseline.classes().size() + " classes, "
                            + table.features() + " features; " + agreement[0] + " of " + baseline.neighbours().queries()
                            + " rows share their label with none of their " + config.neighbours() + " nearest rows; "
                            + baseline.conflictingRows() + " rows conflict with a duplicate")
                    .info("now lock it with the datasets ('aigate datasets lock'): the gate refuses a baseline the"
                            + " lock does not cover")
                    .wrote(target)
                    .build();
        }
    }
}
