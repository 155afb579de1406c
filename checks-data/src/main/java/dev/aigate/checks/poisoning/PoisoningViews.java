package dev.aigate.checks.poisoning;

import dev.aigate.core.CheckResult;
import dev.aigate.core.Severity;
import dev.aigate.core.view.View;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the report shows of a poisoning verdict: one sentence, the rows per class with the suspects among them, a
 * chart of the suspect new rows per signal and the signals' table (each test's count, rates and p-value).
 */
final class PoisoningViews {
    private PoisoningViews() {
    }

    static void add(CheckResult.Builder result, String subject, int approvedRows, int newRows,
            List<Map<String, Object>> classes, List<Signals.Signal> signals) {
        Set<Integer> named = new TreeSet<>();
        List<String> fired = new ArrayList<>();
        for (Signals.Signal signal : signals) {
            if (signal.fired()) {
                fired.add(shortName(signal));
                signal.rows().forEach(suspect -> named.add(suspect.row()));
            }
        }
        result.view(new View.Note(fired.isEmpty()
                ? subject + ": no signal fired; " + newRows + " new rows judged against " + approvedRows
                        + " approved rows"
                : subject + ": " + named.size() + " rows named by " + String.join(", ", fired) + "; " + newRows
                        + " new rows judged against " + approvedRows + " approved rows"));
        List<List<Object>> classRows = new ArrayList<>();
        for (Map<String, Object> c : classes) {
            classRows.add(List.of(c.get("class"), c.get("rows"), c.get("newRows"), c.get("suspectRows")));
        }
        result.view(new View.Table("Rows per class", List.of("Class", "Rows", "New rows", "Named rows"),
                classRows));
        List<View.Bar> bars = new ArrayList<>();
        List<List<Object>> signalRows = new ArrayList<>();
        for (Signals.Signal signal : signals) {
            Map<String, Object> stats = signal.stats();
            if (!stats.containsKey("suspects")) {
                continue; // table-level signals (label shift, classes, drift) are findings, not row counts
            }
            bars.add(new View.Bar(shortName(signal), signal.rows().size(), tone(signal)));
            String verdict = signal.fired() ? "fired" : Boolean.TRUE.equals(stats.get("notJudged")) ? "not judged"
                    : "no";
            signalRows.add(java.util.Arrays.asList(shortName(signal), verdict,
                    signal.rows().size(), percent(stats.get("rate")), percent(stats.get("baselineRate")),
                    stats.get("pValue") instanceof Double p ? Text.num(p) : null));
        }
        result.view(new View.Bars("Suspect new rows per signal", bars));
        result.view(new View.Table("Signals", List.of("Signal", "Fired", "Suspect rows", "Rate among new rows",
                "Approved rows' rate", "p-value"), signalRows));
    }

    private static String percent(Object rate) {
        return rate instanceof Double r ? Text.percent(r) : null;
    }

    private static String shortName(Signals.Signal signal) {
        return signal.rule().id().substring("poisoning/".length());
    }

    private static View.Tone tone(Signals.Signal signal) {
        if (!signal.fired()) {
            return View.Tone.NEUTRAL;
        }
        return signal.rule().defaultSeverity().compareTo(Severity.HIGH) >= 0 ? View.Tone.DANGER : View.Tone.WARNING;
    }
}
