package dev.aigate.checks.robustness;

import dev.aigate.core.CheckResult;
import dev.aigate.core.InputDigest;
import dev.aigate.core.view.View;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the robustness check shows: accuracy against epsilon per attack (with the required levels), the same figures in
 * a table, a one-line verdict, and the model with its measured accuracy for the inventory.
 */
final class RobustnessViews {
    private static final List<String> PLOTTED = List.of("uniform", "fgsm", "pgd", "square");

    private RobustnessViews() {
    }

    static void add(CheckResult.Builder result, InputDigest model, List<Double> epsilons, AttackEngine.Outcome clean,
            List<AttackEngine.Outcome> outcomes, Double minClean, Map<Double, Double> minRobust,
            Map<String, Map<Double, Double>> perAttack) {
        result.view(new View.Note(String.format(Locale.ROOT, "%s: clean accuracy %s%s; %s", model.path(),
                pct(clean.robustAccuracy()), minClean == null ? "" : " (required " + pct(minClean) + ")",
                worst(epsilons, outcomes))));
        result.view(chart(epsilons, clean, outcomes, minClean, minRobust));
        result.view(table(clean, outcomes, minClean, minRobust, perAttack));
        List<View.Performance> performance = new ArrayList<>();
        performance.add(new View.Performance("accuracy", fmt(clean.robustAccuracy()), "clean evaluation set"));
        for (AttackEngine.Outcome outcome : outcomes) {
            if (PLOTTED.contains(outcome.attack()) || outcome.levelName().equals("epsilon")) {
                performance.add(new View.Performance("robust accuracy", fmt(outcome.robustAccuracy()),
                        outcome.attack() + " at L-infinity " + outcome.levelName() + " " + fmt(outcome.level())));
            }
        }
        String name = model.path().contains("/") ? model.path().substring(model.path().lastIndexOf('/') + 1)
                : model.path();
        result.view(new View.Component(View.Component.MODEL, name, model.path(), model.sha256(), "model file "
                + model.path(), null, Map.of(), performance));
    }

    private static String worst(List<Double> epsilons, List<AttackEngine.Outcome> outcomes) {
        List<String> parts = new ArrayList<>();
        for (double eps : epsilons) {
            outcomes.stream().filter(o -> RobustnessConfig.Attacks.ADVERSARIAL.contains(o.attack())
                    && Math.abs(o.level() - eps) < 1e-12)
                    .min((a, b) -> Double.compare(a.robustAccuracy(), b.robustAccuracy()))
                    .ifPresent(o -> parts.add(pct(o.robustAccuracy()) + " at epsilon " + fmt(eps) + " (" + o.attack()
                            + ")"));
        }
        return parts.isEmpty() ? "no adversarial attack run" : "worst robust accuracy " + String.join(", ", parts);
    }

    private static View chart(List<Double> epsilons, AttackEngine.Outcome clean, List<AttackEngine.Outcome> outcomes,
            Double minClean, Map<Double, Double> minRobust) {
        List<View.Series> series = new ArrayList<>();
        for (String attack : PLOTTED) {
            List<View.Point> points = new ArrayList<>();
            points.add(new View.Point(0, clean.robustAccuracy()));
            for (double eps : epsilons) {
                outcomes.stream().filter(o -> o.attack().equals(attack) && Math.abs(o.level() - eps) < 1e-12)
                        .findFirst().ifPresent(o -> points.add(new View.Point(eps, o.robustAccuracy())));
            }
            if (points.size() > 1) {
                series.add(new View.Series(attack, points, false));
            }
        }
        if (!minRobust.isEmpty()) {
            List<View.Point> required = new ArrayList<>();
            minRobust.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> required.add(new View.Point(e.getKey(), e.getValue())));
            series.add(new View.Series("required (policy)", required, true));
        }
        List<View.Threshold> thresholds = minClean == null ? List.of()
                : List.of(new View.Threshold("min clean accuracy " + fmt(minClean), minClean));
        return new View.Lines("Accuracy against perturbation budget (L-infinity epsilon)", "epsilon", "accuracy",
                series, thresholds, 0.0, 1.0);
    }

    private static View table(AttackEngine.Outcome clean, List<AttackEngine.Outcome> outcomes, Double minClean,
            Map<Double, Double> minRobust, Map<String, Map<Double, Double>> perAttack) {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(row("clean", "", clean.robustAccuracy(), minClean, clean.samples()));
        for (AttackEngine.Outcome outcome : outcomes) {
            Double required = null;
            if (RobustnessConfig.Attacks.ADVERSARIAL.contains(outcome.attack())) {
                Double own = lookup(perAttack.get(outcome.attack()), outcome.level());
                Double common = lookup(minRobust, outcome.level());
                required = own == null ? common : common == null ? own : Double.valueOf(Math.max(own, common));
            }
            rows.add(row(outcome.attack(), outcome.levelName() + " " + fmt(outcome.level()),
                    outcome.robustAccuracy(), required, outcome.samples()));
        }
        return new View.Table("Accuracy per attack", List.of("Attack", "Budget", "Accuracy", "Required", "Samples"),
                rows);
    }

    private static List<Object> row(String attack, String budget, double accuracy, Double required, int samples) {
        List<Object> row = new ArrayList<>();
        row.add(attack);
        row.add(budget);
        row.add(Math.round(accuracy * 10000) / 10000.0);
        row.add(required == null ? null : ">= " + fmt(required));
        row.add(samples);
        return row;
    }

    private static Double lookup(Map<Double, Double> byLevel, double level) {
        if (byLevel == null) {
            return null;
        }
        for (Map.Entry<Double, Double> entry : byLevel.entrySet()) {
            if (Math.abs(entry.getKey() - level) < 1e-12) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", fraction * 100);
    }

    private static String fmt(double value) {
        String text = String.format(Locale.ROOT, "%.4f", value).replaceAll("0+$", "");
        return text.endsWith(".") ? text + "0" : text;
    }
}
