package dev.aigate.checks.poisoning;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The resplit study's Markdown: clean false failures with Clopper-Pearson bounds, and detection per attack. */
final class ResplitReport {
    private ResplitReport() {
    }

    static String markdown(List<ResplitStudy.Outcome> outcomes) {
        return cleanTable(outcomes) + "\n" + onlyAlone(outcomes) + "\n" + cleanFailures(outcomes) + "\n" + detectionTable(outcomes) + "\n"
                + statsAgreement(outcomes);
    }

    static String cleanTable(List<ResplitStudy.Outcome> outcomes) {
        StringBuilder out = new StringBuilder("| dataset | clean splits |");
        StringBuilder rule = new StringBuilder("|---|---:|");
        for (double level : ResplitStudy.LEVELS) {
            out.append(" failed at ").append(level(level)).append(" | 95% upper bound |");
            rule.append("---:|---:|");
        }
        out.append(" shuffled order failed at ").append(level(ResplitStudy.LEVELS[0]))
                .append(" | orders differ | signals that failed clean splits |\n").append(rule).append("---:|---:|---|\n");
        for (String dataset : ResplitStudy.DATASETS) {
            List<ResplitStudy.Outcome> clean = select(outcomes, dataset, ResplitStudy.CLEAN);
            out.append("| ").append(dataset).append(" | ").append(clean.size()).append(" |");
            List<String> causes = new ArrayList<>();
            for (int i = 0; i < ResplitStudy.LEVELS.length; i++) {
                int failed = failures(clean, i);
                out.append(String.format(Locale.ROOT, " %d (%s) | %s |", failed, rate(failed, clean.size()),
                        rate(clopperPearsonUpper(failed, clean.size()))));
                String signals = causeCounts(clean, i);
                if (!signals.isEmpty()) {
                    causes.add(level(ResplitStudy.LEVELS[i]) + ": " + signals);
                }
            }
            long shuffledFailed = clean.stream().filter(o -> o.order().shuffledFailed()).count();
            long differ = clean.stream().filter(o -> !o.order().agrees()).count();
            out.append(' ').append(shuffledFailed).append(" | ").append(differ).append(" | ")
                    .append(causes.isEmpty() ? "none" : String.join("; ", causes)).append(" |\n");
        }
        return out.toString();
    }

    /**
     * How many failed clean splits failed only through rate signals' alone-significant suspects (every signal that
     * failed them is such a signal), per dataset and level.
     */
    static String onlyAlone(List<ResplitStudy.Outcome> outcomes) {
        StringBuilder out = new StringBuilder("Failed clean splits whose every failing signal fired only through a"
                + " suspect significant alone (its rate test's p-value not below the level):");
        for (String dataset : ResplitStudy.DATASETS) {
            out.append(' ').append(dataset);
            for (int i = 0; i < ResplitStudy.LEVELS.length; i++) {
                int level = i;
                List<ResplitStudy.Outcome> failed = select(outcomes, dataset, ResplitStudy.CLEAN).stream()
                        .filter(o -> o.failed()[level]).toList();
                long onlyAlone = failed.stream()
                        .filter(o -> o.aloneCauses().get(level).size() == o.causes().get(level).size()).count();
                out.append(String.format(Locale.ROOT, " %s: %d of %d", level(ResplitStudy.LEVELS[i]), onlyAlone,
                        failed.size())).append(i + 1 < ResplitStudy.LEVELS.length ? "," : ";");
            }
        }
        return out.append('\n').toString();
    }

    /**
     * The clean splits that fail as shipped (in either order), and those whose two orders are judged differently,
     * with their seeds, so each can be reproduced.
     */
    static String cleanFailures(List<ResplitStudy.Outcome> outcomes) {
        List<String> lines = new ArrayList<>();
        for (ResplitStudy.Outcome o : outcomes) {
            if (!o.caseName().equals(ResplitStudy.CLEAN)) {
                continue;
            }
            ResplitStudy.OrderCheck order = o.order();
            if (o.failed()[0] || order.shuffledFailed() || !order.agrees()) {
                lines.add("* " + o.dataset() + " seed " + o.seed() + ": " + (o.failed()[0] ? "FAIL ("
                        + String.join(", ", o.shippedDetails()) + ")" : "pass") + ", shuffled "
                        + (order.shuffledFailed() ? "FAIL (" + String.join(", ", order.shuffledCauses()) + ")"
                        : "pass") + (order.agrees() ? "" : "; orders differ: " + order.difference()));
            }
        }
        return "Clean splits failed at " + level(ResplitStudy.LEVELS[0]) + " or judged differently in the two orders: "
                + (lines.isEmpty() ? "none.\n" : "\n\n" + String.join("\n", lines) + "\n");
    }

    static String detectionTable(List<ResplitStudy.Outcome> outcomes) {
        StringBuilder out = new StringBuilder("| dataset | attack | splits |");
        StringBuilder rule = new StringBuilder("|---|---|---:|");
        for (double level : ResplitStudy.LEVELS) {
            out.append(" caught at ").append(level(level)).append(" |");
            rule.append("---:|");
        }
        out.append(" caught at ").append(level(ResplitStudy.LEVELS[0])).append(" where the clean split passes |")
                .append(" poisoned rows named at ").append(level(ResplitStudy.LEVELS[0])).append(" |\n").append(rule)
                .append("---:|---:|\n");
        for (String dataset : ResplitStudy.DATASETS) {
            for (ResplitAttack attack : ResplitAttack.values()) {
                List<ResplitStudy.Outcome> runs = select(outcomes, dataset, attack.caseName);
                if (runs.isEmpty()) {
                    continue;
                }
                out.append("| ").append(dataset).append(" | ").append(attack.caseName).append(" | ")
                        .append(runs.size()).append(" |");
                for (int i = 0; i < ResplitStudy.LEVELS.length; i++) {
                    int caught = failures(runs, i);
                    out.append(String.format(Locale.ROOT, " %d (%s) |", caught, rate(caught, runs.size())));
                }
                // A split whose clean candidate already fails says nothing about the attack.
                List<ResplitStudy.Outcome> cleanPasses = runs.stream()
                        .filter(o -> !cleanFailed(outcomes, dataset, o.seed())).toList();
                int attributable = failures(cleanPasses, 0);
                out.append(String.format(Locale.ROOT, " %d of %d (%s) |", attributable, cleanPasses.size(),
                        rate(attributable, cleanPasses.size())));
                int poisoned = runs.stream().mapToInt(ResplitStudy.Outcome::poisoned).sum();
                int named = runs.stream().mapToInt(ResplitStudy.Outcome::caught).sum();
                out.append(String.format(Locale.ROOT, " %d of %d (%s) |%n", named, poisoned, rate(named, poisoned)));
            }
        }
        return out.toString();
    }

    /** How often recomputing a looser verdict from the shipped run's statistics differs from re-judging. */
    static String statsAgreement(List<ResplitStudy.Outcome> outcomes) {
        StringBuilder out = new StringBuilder("Verdicts recomputed from the shipped run's statistics that differ from"
                + " re-judging at the level:");
        for (int i = 1; i < ResplitStudy.LEVELS.length; i++) {
            int level = i;
            long differ = outcomes.stream().filter(o -> o.failed()[level] != o.fromStats()[level]).count();
            out.append(String.format(Locale.ROOT, " %s: %d of %d;", level(ResplitStudy.LEVELS[i]), differ,
                    outcomes.size()));
        }
        return out.append('\n').toString();
    }

    /** Whether the clean candidate of that split fails at the shipped level (true when it was not judged). */
    static boolean cleanFailed(List<ResplitStudy.Outcome> outcomes, String dataset, int seed) {
        return outcomes.stream().filter(o -> o.dataset().equals(dataset) && o.seed() == seed
                && o.caseName().equals(ResplitStudy.CLEAN)).findFirst().map(o -> o.failed()[0]).orElse(true);
    }

    static List<ResplitStudy.Outcome> select(List<ResplitStudy.Outcome> outcomes, String dataset, String caseName) {
        return outcomes.stream().filter(o -> o.dataset().equals(dataset) && o.caseName().equals(caseName))
                .collect(Collectors.toList());
    }

    static int failures(List<ResplitStudy.Outcome> outcomes, int level) {
        return (int) outcomes.stream().filter(o -> o.failed()[level]).count();
    }

    private static String causeCounts(List<ResplitStudy.Outcome> clean, int level) {
        Map<String, Integer> counts = new TreeMap<>();
        Map<String, Integer> alone = new TreeMap<>();
        for (ResplitStudy.Outcome o : clean) {
            if (o.failed()[level]) {
                o.causes().get(level).forEach(c -> counts.merge(c, 1, Integer::sum));
                o.aloneCauses().get(level).forEach(c -> alone.merge(c, 1, Integer::sum));
            }
        }
        return counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()
                + (alone.containsKey(e.getKey()) ? " (" + alone.get(e.getKey()) + " alone)" : ""))
                .collect(Collectors.joining(", "));
    }

    /**
     * The exact (Clopper-Pearson) 95% upper bound of a rate seen {@code x} times in {@code n}: the p at which
     * P(X <= x) = 0.025, i.e. the 0.975 quantile of Beta(x + 1, n - x), found by bisection.
     */
    static double clopperPearsonUpper(int x, int n) {
        if (x >= n) {
            return 1;
        }
        double lo = 0;
        double hi = 1;
        for (int i = 0; i < 100; i++) {
            double mid = (lo + hi) / 2;
            if (Stats.regularizedBeta(mid, x + 1, n - x) < 0.975) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    private static String rate(int x, int n) {
        return n == 0 ? "-" : rate(x / (double) n);
    }

    private static String rate(double r) {
        return String.format(Locale.ROOT, "%.3f", r);
    }

    private static String level(double level) {
        return String.format(Locale.ROOT, "%s", level);
    }
}
