package dev.aigate.checks.poisoning;

import dev.aigate.core.Rule;
import java.util.List;

/**
 * How a row signal turns its suspects into a verdict: a one-sided test of their count among the judged (new) rows
 * against the approved data's own count, or a p-value given; {@code strong} suspects are beyond anything the approved
 * data shows and fire the signal on their own.
 */
final class RowTest {
    private RowTest() {
    }

    /** Judged against the baseline's own rate with a one-sided binomial test. */
    static Signals.Signal rate(Rule rule, List<Signals.Suspect> suspects, int judged, double baselineCount,
            long baselineRows, double alpha, String what, int strong, String strongText) {
        double p = Stats.rateTest(suspects.size(), judged, baselineCount, baselineRows);
        return withP(rule, suspects, judged, p, baselineRows == 0 ? 0 : baselineCount / baselineRows, alpha, what,
                strong, strongText);
    }

    /** Fires below {@code alpha}, or on {@code strong} suspects alone. */
    static Signals.Signal withP(Rule rule, List<Signals.Suspect> suspects, int judged, double p, double baselineRate,
            double alpha, String what, int strong, String strongText) {
        boolean fired = !suspects.isEmpty() && (p < alpha || strong > 0);
        if (strong > 0) {
            what = what + "; " + strongText;
        }
        double rate = judged == 0 ? 0 : suspects.size() / (double) judged;
        return new Signals.Signal(rule, fired, suspects.size() + " of " + judged + " new rows " + what + " ("
                + Text.percent(rate) + "; the approved data's own rate is " + Text.percent(baselineRate) + ", p = "
                + Text.num(p) + ")", "at most the approved rate " + Text.percent(baselineRate) + " (p >= "
                + Text.num(alpha) + ")", suspects.size() + " of " + judged + " (" + Text.percent(rate) + ")",
                suspects, Judge.stats("suspects", suspects.size(), "judged", judged, "rate", Judge.round(rate),
                "baselineRate", Judge.round(baselineRate), "pValue", p, "beyondApproved", strong));
    }
}
