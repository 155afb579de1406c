package dev.aigate.report;

import dev.aigate.core.CheckResult;
import dev.aigate.core.CheckStatus;
import dev.aigate.core.Finding;
import dev.aigate.core.GateResult;
import dev.aigate.core.Severity;
import dev.aigate.core.WaiverUse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A few readable lines about a gate run, shared by the Maven log and the CLI so both say the same thing. Each line is
 * tagged with how loud it should be.
 */
public final class TextSummary {
    /** Lines listed per check before the rest are summarised as "and N more". */
    static final int MAX_LISTED = 20;

    private TextSummary() {
    }

    public enum Level { INFO, WARN, ERROR }

    /** One line; control characters from inputs in it are escaped, so it can go to a terminal as it is. */
    public record Line(Level level, String text) {
        public Line {
            text = dev.aigate.core.io.Printable.escape(text);
        }
    }

    public static List<Line> of(GateExecution.Outcome outcome) {
        GateResult result = outcome.result();
        List<Line> lines = new ArrayList<>();
        lines.add(info("aigate " + result.toolVersion() + ": "
                + (result.policyFile() == null ? "no policy" : "policy " + result.policyFile())
                + (result.policySha256() == null ? "" : " (sha256 " + result.policySha256().substring(0, 12) + ")")
                + ", failing level " + result.failOn().label()
                + ("override".equals(result.failOnSource()) ? " (overridden)" : "")));
        if (result.error() != null) {
            lines.add(new Line(Level.ERROR, "ERROR: " + result.error()));
        }
        for (CheckResult check : result.checks()) {
            lines.add(new Line(levelOf(check.status()), String.format(Locale.ROOT, "%-9s %s (%s)%s",
                    check.status(), check.title(), check.checkId(), details(check))));
            if (check.status() == CheckStatus.ERROR) {
                lines.add(new Line(Level.ERROR, "  ERROR: " + check.error()));
            }
            for (dev.aigate.core.view.View view : check.views()) {
                if (view instanceof dev.aigate.core.view.View.Note note) {
                    lines.add(info("  " + note.text()));
                }
            }
            List<Finding> shown = check.findings().stream().filter(f -> f.isViolation() || f.waived()).toList();
            for (int i = 0; i < shown.size() && i < MAX_LISTED; i++) {
                Finding finding = shown.get(i);
                Level level = !finding.isViolation() ? Level.INFO
                        : finding.severity().atLeast(result.failOn()) ? Level.ERROR : Level.WARN;
                lines.add(new Line(level, "  [" + finding.severity().label().toUpperCase(Locale.ROOT) + "] "
                        + finding.ruleId() + ": " + finding.message()
                        + (finding.waived() ? " (waived by " + finding.waiverId() + ")" : "")));
            }
            if (shown.size() > MAX_LISTED) {
                lines.add(info("  ... and " + (shown.size() - MAX_LISTED) + " more; see the report"));
            }
        }
        for (WaiverUse use : result.waivers()) {
            if (!"used".equals(use.status())) {
                lines.add(new Line("expired".equals(use.status()) ? Level.WARN : Level.INFO, "waiver "
                        + use.waiver().id() + " (" + use.waiver().rule() + "): " + use.status()));
            }
        }
        if (outcome.reportError() != null) {
            lines.add(new Line(Level.ERROR, "ERROR: " + outcome.reportError()));
        }
        // A file URI, so terminals and IDEs make the report one click away.
        String reports = outcome.reports() == null ? "" : " | report: " + outcome.reports().html().toUri();
        lines.add(new Line(levelOfVerdict(outcome), "verdict " + outcome.verdict() + counts(result) + reports));
        return lines;
    }

    private static String details(CheckResult check) {
        if (check.status() == CheckStatus.SKIPPED) {
            return ": " + check.skipReason();
        }
        if (check.status() == CheckStatus.ERROR) {
            return "";
        }
        long waived = check.findings().stream().filter(Finding::waived).count();
        return ": " + check.violations().size() + " violation(s)" + (waived > 0 ? ", " + waived + " waived" : "")
                + ", " + check.inputs().size() + " input(s), " + check.durationMillis() + " ms";
    }

    private static String counts(GateResult result) {
        List<String> parts = new ArrayList<>();
        for (Severity severity : new Severity[] {Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW}) {
            long count = result.violations().stream().filter(f -> f.severity() == severity).count();
            if (count > 0) {
                parts.add(count + " " + severity.label());
            }
        }
        return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
    }

    private static Level levelOf(CheckStatus status) {
        switch (status) {
            case FAILED:
            case ERROR:
                return Level.ERROR;
            case WARNED:
                return Level.WARN;
            default:
                return Level.INFO;
        }
    }

    private static Level levelOfVerdict(GateExecution.Outcome outcome) {
        switch (outcome.verdict()) {
            case FAIL:
            case ERROR:
                return Level.ERROR;
            case WARN:
                return Level.WARN;
            default:
                return Level.INFO;
        }
    }

    private static Line info(String text) {
        return new Line(Level.INFO, text);
    }

    /** The message for a failed build: each failing violation or error on its own line. */
    public static String failureMessage(GateExecution.Outcome outcome) {
        GateResult result = outcome.result();
        StringBuilder message = new StringBuilder();
        switch (outcome.verdict()) {
            case ERROR:
                message.append("aigate could not evaluate the gate (ERROR):");
                result.errors().forEach(error -> message.append("\n  - ").append(error));
                if (outcome.reportError() != null) {
                    message.append("\n  - ").append(outcome.reportError());
                }
                break;
            case FAIL: {
                List<Finding> failing = result.failingViolations();
                message.append("aigate gate FAILED: ").append(failing.size()).append(" violation(s) at or above ")
                        .append(result.failOn().label()).append(':');
                for (int i = 0; i < failing.size() && i < 50; i++) {
                    Finding f = failing.get(i);
                    message.append("\n  - [").append(f.severity().label()).append("] ").append(f.ruleId())
                            .append(": ").append(f.message());
                }
                if (failing.size() > 50) {
                    message.append("\n  ... and ").append(failing.size() - 50).append(" more");
                }
                break;
            }
            default:
                message.append("aigate gate ").append(outcome.verdict());
        }
        if (outcome.reports() != null) {
            message.append("\nSee ").append(outcome.reports().html().toUri());
        }
        return message.toString();
    }
}
