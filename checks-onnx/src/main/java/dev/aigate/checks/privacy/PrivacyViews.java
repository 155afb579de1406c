package dev.aigate.checks.privacy;

import dev.aigate.core.CheckResult;
import dev.aigate.core.InputDigest;
import dev.aigate.core.view.View;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the privacy check shows: a one-line verdict on the strongest attack, the ROC curves of every attack against the
 * chance diagonal, the figures with their intervals and thresholds in a table, and the model with its measured leakage
 * for the inventory.
 */
final class PrivacyViews {
    private PrivacyViews() {
    }

    static void add(CheckResult.Builder result, InputDigest model, List<PrivacyCheck.Outcome> outcomes,
            double memberAccuracy, double nonMemberAccuracy, MembershipSample sample, PrivacyCheck.Thresholds limits) {
        PrivacyCheck.Outcome strongest = outcomes.stream().max((a, b) -> Double.compare(a.summary().auc(),
                b.summary().auc())).orElseThrow();
        Double maxAuc = limits.value(PrivacyCheck.OVERRIDE_MAX_AUC);
        result.view(new View.Note(String.format(Locale.ROOT, "%s: strongest membership inference attack %s, AUC %s%s"
                + " on %d members and %d non-members; generalisation gap %s (accuracy %s on members, %s on"
                + " non-members)", model.path(), strongest.attack(), fmt(strongest.summary().auc()),
                maxAuc == null ? "" : " (allowed " + fmt(maxAuc) + ")", sample.members(), sample.nonMembers(),
                fmt(memberAccuracy - nonMemberAccuracy), pct(memberAccuracy), pct(nonMemberAccuracy))));
        result.view(roc(outcomes));
        result.view(table(outcomes, limits));
        List<View.Performance> performance = new ArrayList<>();
        String slice = sample.members() + " training rows vs " + sample.nonMembers() + " held-out rows";
        for (PrivacyCheck.Outcome outcome : outcomes) {
            performance.add(new View.Performance("membership inference AUC", fmt(outcome.summary().auc()),
                    outcome.attack() + " attack, " + slice));
        }
        performance.add(new View.Performance("generalisation gap", fmt(memberAccuracy - nonMemberAccuracy), slice));
        String name = model.path().contains("/") ? model.path().substring(model.path().lastIndexOf('/') + 1)
                : model.path();
        result.view(new View.Component(View.Component.MODEL, name, model.path(), model.sha256(), "model file "
                + model.path(), null, Map.of(), performance));
    }

    private static View roc(List<PrivacyCheck.Outcome> outcomes) {
        List<View.Series> series = new ArrayList<>();
        for (PrivacyCheck.Outcome outcome : outcomes) {
            List<View.Point> points = new ArrayList<>();
            for (List<Double> point : outcome.roc().curve()) {
                points.add(new View.Point(point.get(0), point.get(1)));
            }
            series.add(new View.Series(outcome.attack() + " (AUC " + fmt(outcome.summary().auc()) + ")", points,
                    false));
        }
        series.add(new View.Series("chance", List.of(new View.Point(0, 0), new View.Point(1, 1)), true));
        return new View.Lines("Membership inference ROC (member = positive)", "false-positive rate",
                "true-positive rate", series, List.of(), 0.0, 1.0);
    }

    private static View table(List<PrivacyCheck.Outcome> outcomes, PrivacyCheck.Thresholds limits) {
        List<List<Object>> rows = new ArrayList<>();
        for (PrivacyCheck.Outcome outcome : outcomes) {
            MembershipRoc.Summary s = outcome.summary();
            BootstrapIntervals.AttackIntervals ci = outcome.intervals();
            List<Object> row = new ArrayList<>();
            row.add(outcome.attack());
            row.add(cell(s.auc(), ci == null ? null : ci.auc()));
            row.add(cell(s.advantage(), ci == null ? null : ci.advantage()));
            row.add(cell(s.tprAtOnePercentFpr(), ci == null ? null : ci.tprAtOnePercentFpr()));
            row.add(cell(s.tprAtTenthPercentFpr(), ci == null ? null : ci.tprAtTenthPercentFpr()));
            rows.add(row);
        }
        rows.add(java.util.Arrays.asList("allowed", limit(limits, PrivacyCheck.OVERRIDE_MAX_AUC),
                limit(limits, PrivacyCheck.OVERRIDE_MAX_ADVANTAGE), limit(limits, PrivacyCheck.OVERRIDE_MAX_TPR_ONE),
                limit(limits, PrivacyCheck.OVERRIDE_MAX_TPR_TENTH)));
        return new View.Table("Membership inference per attack (bootstrap intervals in brackets)",
                List.of("Attack", "ROC AUC", "Advantage", "TPR at 1% FPR", "TPR at 0.1% FPR"), rows);
    }

    private static String cell(double value, BootstrapIntervals.Interval interval) {
        return interval == null ? fmt(value) : fmt(value) + " [" + fmt(interval.low()) + ", " + fmt(interval.high())
                + "]";
    }

    private static String limit(PrivacyCheck.Thresholds limits, String key) {
        Double value = limits.value(key);
        return value == null ? "-" : "<= " + fmt(value);
    }

    private static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", fraction * 100);
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }
}
