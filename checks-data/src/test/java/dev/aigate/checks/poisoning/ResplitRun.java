package dev.aigate.checks.poisoning;

import dev.aigate.core.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One judgement of a candidate: the verdict (failed when a signal of default severity HIGH or above fired, as
 * {@link Evaluation} counts it), the signals that fired, the rows they name (as pool origins, so two orders of the
 * same rows compare), and each signal's statistics, from which {@link #failedFromStats} re-judges at a looser level.
 */
record ResplitRun(boolean failed, List<String> fired, Set<Integer> flagged, List<SignalRecord> signals) {
    /** The rate signals whose level is a policy setting and whose firing rule is "suspects and (p below it or strong)". */
    static final Set<String> RATE_RULES = Set.of("out-of-range", "neighbour-disagreement", "model-disagreement",
            "corroborated-disagreement", "outlier", "covariance-outlier");

    /** What one signal reported; {@code pValue}, {@code psi} are NaN and {@code beyondApproved} -1 where absent. */
    record SignalRecord(String rule, boolean high, boolean fired, int suspects, double pValue, int beyondApproved,
            double psi) {
        /**
         * Whether it would fire at {@code level} by its recorded statistics. Rate signals: suspects and (p below the
         * level, or a suspect beyond the approved data); label shift: p below the level with PSI at least its 0.1
         * minimum; class outlier: p below the level. Every other signal keeps its verdict: feature drift and trigger report only features and classes
         * that fired; conflicting duplicates use a fixed 0.001 (or fire on any suspect when the approved data has
         * none); class vanished or appeared and train/evaluation overlap have no test.
         */
        boolean firesAt(double level) {
            if (RATE_RULES.contains(rule)) {
                return suspects > 0 && (pValue < level || beyondApproved > 0);
            }
            if (rule.equals("label-shift")) {
                return pValue < level && psi >= 0.1;
            }
            if (rule.equals("class-outlier")) {
                return pValue < level;
            }
            return fired;
        }
    }

    static ResplitRun judge(ResplitCandidate candidate, Table table, Baseline baseline, Table evaluation,
            PoisoningConfig config, int threads) {
        List<Signals.Signal> signals = new Judge(table, baseline, config, threads).run(evaluation);
        boolean failed = false;
        List<String> fired = new ArrayList<>();
        Set<Integer> flagged = new TreeSet<>();
        List<SignalRecord> records = new ArrayList<>();
        for (Signals.Signal signal : signals) {
            String rule = signal.rule().id().substring("poisoning/".length());
            boolean high = signal.rule().defaultSeverity().compareTo(Severity.HIGH) >= 0;
            records.add(record(rule, high, signal));
            if (!signal.fired()) {
                continue;
            }
            fired.add(rule);
            failed |= high;
            for (Signals.Suspect suspect : signal.rows()) {
                flagged.add(candidate.origin(suspect.row()));
            }
        }
        return new ResplitRun(failed, List.copyOf(fired), Set.copyOf(flagged), List.copyOf(records));
    }

    private static SignalRecord record(String rule, boolean high, Signals.Signal signal) {
        Map<String, Object> stats = signal.stats();
        return new SignalRecord(rule, high, signal.fired(), number(stats, "suspects", signal.rows().size()).intValue(),
                number(stats, "pValue", Double.NaN).doubleValue(), number(stats, "beyondApproved", -1).intValue(),
                number(stats, "psi", Double.NaN).doubleValue());
    }

    private static Number number(Map<String, Object> stats, String key, Number absent) {
        return stats.get(key) instanceof Number value ? value : absent;
    }

    /** The verdict at {@code level} from the recorded statistics alone (see {@link SignalRecord#firesAt}). */
    boolean failedFromStats(double level) {
        return signals.stream().anyMatch(s -> s.high() && s.firesAt(level));
    }

    /** The HIGH signals that fired (the causes of a failed verdict). */
    List<String> causes() {
        List<String> out = new ArrayList<>();
        for (SignalRecord s : signals) {
            if (s.high() && s.fired() && !out.contains(s.rule())) {
                out.add(s.rule());
            }
        }
        return out;
    }

    /**
     * The HIGH rate signals that fired at {@code level} only through a suspect significant alone (their rate test's
     * p-value is not below the level).
     */
    List<String> aloneCauses(double level) {
        List<String> out = new ArrayList<>();
        for (SignalRecord s : signals) {
            if (s.high() && s.fired() && RATE_RULES.contains(s.rule()) && !(s.pValue() < level)
                    && s.beyondApproved() > 0 && !out.contains(s.rule())) {
                out.add(s.rule());
            }
        }
        return out;
    }

    /**
     * The HIGH signals that fired with their evidence: suspects, p-value and how many suspects are significant alone
     * (which fire a rate signal whatever its p-value), e.g. "outlier (4 suspects, p 0.31, 1 alone)".
     */
    List<String> causeDetails() {
        List<String> out = new ArrayList<>();
        for (SignalRecord s : signals) {
            if (s.high() && s.fired()) {
                out.add(s.rule() + " (" + s.suspects() + " suspects" + (Double.isNaN(s.pValue()) ? ""
                        : String.format(java.util.Locale.ROOT, ", p %.2g", s.pValue()))
                        + (s.beyondApproved() > 0 ? ", " + s.beyondApproved() + " alone" : "") + ")");
            }
        }
        return out;
    }

    int caught(Set<Integer> poisoned) {
        return (int) flagged.stream().filter(poisoned::contains).count();
    }
}
