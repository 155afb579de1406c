package dev.aigate.checks.poisoning;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Prints every signal of chosen evaluation cases (a tuning aid, run by hand with -Ddebug.cases=ds/case,... and optionally -Ddebug.alpha=LEVEL, every level at once). */
class EvaluationDebug {
    @org.junit.jupiter.api.Test
    void print() throws Exception {
        String cases = System.getProperty("debug.cases");
        if (cases == null) {
            return;
        }
        Path work = Files.createTempDirectory("eval");
        for (String item : cases.split(",")) {
            String[] parts = item.split("/");
            Table approved = Evaluation.read(Evaluation.gunzip(Evaluation.ROOT.resolve(parts[0]).resolve(
                    "approved.csv.gz"), work));
            String level = System.getProperty("debug.alpha");
            PoisoningConfig config = level == null ? PoisoningEvaluationTest.defaults()
                    : ResplitStudy.atLevel(Double.parseDouble(level));
            Baseline baseline = BaselineBuilder.compute(approved, 10, 2, "t", List.of(), List.of());
            System.out.println("== " + item + " baseline rangeExcess top " + java.util.Arrays.toString(
                    java.util.Arrays.copyOf(baseline.rangeExcess(), Math.min(8, baseline.rangeExcess().length)))
                    + " distance q99 " + baseline.neighbours().distanceQuantiles()[99] + " max "
                    + baseline.neighbours().distanceQuantiles()[100]);
            Table table = Evaluation.read(Evaluation.gunzip(Evaluation.ROOT.resolve(parts[0]).resolve(parts[1]
                    + ".csv.gz"), work));
            Table evaluation = Evaluation.read(Evaluation.gunzip(Evaluation.ROOT.resolve(parts[0]).resolve(
                    "evaluation.csv.gz"), work));
            java.util.Set<Integer> truth = new java.util.HashSet<>();
            for (com.fasterxml.jackson.databind.JsonNode c : Evaluation.manifest().get("datasets").get(parts[0])
                    .get("cases")) {
                if (c.get("case").asText().equals(parts[1])) {
                    c.get("poisonedLines").forEach(line -> truth.add(line.asInt()));
                }
            }
            for (Signals.Signal s : new Judge(table, baseline, config, 2).run(evaluation)) {
                System.out.println((s.fired() ? "FIRED " : "      ") + s.rule().id() + ": " + s.statement());
                if (s.fired() || s.rule() == Signals.OUTLIER || s.rule() == Signals.NEIGHBOUR_DISAGREEMENT
                        || s.rule() == Signals.MODEL_DISAGREEMENT || s.rule() == Signals.CORROBORATED_DISAGREEMENT) {
                    for (Signals.Suspect r : s.rows().subList(0, Math.min(40, s.rows().size()))) {
                        System.out.println("    " + (truth.contains(table.rowNumbers()[r.row()]) ? "P " : "- ")
                                + table.where(r.row()) + " " + r.score() + " " + r.detail());
                    }
                }
            }
        }
    }
}
