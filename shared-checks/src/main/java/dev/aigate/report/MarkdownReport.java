package dev.aigate.report;

import dev.aigate.core.CheckResult;
import dev.aigate.core.Finding;
import dev.aigate.core.GateResult;
import dev.aigate.core.InputDigest;
import dev.aigate.core.WaiverUse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A short Markdown summary for a pull-request comment or a CI summary page: the verdict, a line per check, the first
 * findings of each check, the waivers, and links to the full reports. Values from inputs are escaped.
 */
public final class MarkdownReport implements dev.aigate.report.spi.ReportFormat {
    public static final String FILE_NAME = "aigate-summary.md";
    /** Inputs listed in full up to this many; the JSON report always has all of them. */
    /** Findings listed per check; the full reports have all of them. */
    static final int MAX_FINDINGS_PER_CHECK = 20;

    /** For the report writer, which finds formats through the ReportFormat service. */
    public MarkdownReport() {
    }

    @Override
    public String fileName() {
        return FILE_NAME;
    }

    @Override
    public byte[] render(Input input) throws IOException {
        return dev.aigate.report.spi.ReportFormat.bytes(out -> write(input.result(), out));
    }

    public static void write(GateResult result, OutputStream out) throws IOException {
        out.write(render(result).getBytes(StandardCharsets.UTF_8));
    }

    public static String render(GateResult result) {
        StringBuilder md = new StringBuilder();
        md.append("# aigate: ").append(icon(result.verdict().name())).append(' ').append(result.verdict())
                .append("\n\n");
        if (result.project() != null) {
            md.append("Project: ").append(escape(result.project())).append("  \n");
        }
        md.append("Policy: `").append(code(String.valueOf(result.policyFile()))).append("` (sha256 `")
                .append(result.policySha256()).append("`), failing level **").append(result.failOn().label())
                .append("** (").append(result.failOnSource()).append(")  \n");
        md.append("aigate ").append(escape(result.toolVersion())).append(", ").append(result.startedAt())
                .append(", ").append(result.durationMillis()).append(" ms\n\n");
        md.append("Full report: [").append(HtmlReport.FILE_NAME).append("](").append(HtmlReport.FILE_NAME)
                .append(") · [").append(JsonReport.FILE_NAME).append("](").append(JsonReport.FILE_NAME)
                .append(") · [").append(SarifReport.FILE_NAME).append("](").append(SarifReport.FILE_NAME)
                .append(")\n\n");
        if (result.error() != null) {
            md.append("**The gate could not evaluate:** ").append(escape(result.error())).append("\n\n");
        }
        if (!result.checks().isEmpty()) {
            md.append("| Check | Status | Violations | Waived |\n|---|---|---|---|\n");
            for (CheckResult check : result.checks()) {
                md.append("| ").append(escape(check.title())).append(" | ").append(icon(check.status().name()))
                        .append(' ').append(check.status()).append(" | ").append(check.violations().size())
                        .append(" | ").append(check.findings().stream().filter(Finding::waived).count())
                        .append(" |\n");
            }
            md.append('\n');
        }
        for (CheckResult check : result.checks()) {
            if (check.error() != null) {
                md.append("## ").append(escape(check.title())).append(": ERROR\n\n")
                        .append(escape(check.error())).append("\n\n");
            }
            List<Finding> findings = new java.util.ArrayList<>(check.findings());
            // Violations first, most severe first; then waived and informational findings.
            findings.sort(java.util.Comparator.comparing((Finding f) -> !f.isViolation())
                    .thenComparing(Finding::severity, java.util.Comparator.reverseOrder()));
            List<String> notes = check.views().stream().filter(v -> v instanceof dev.aigate.core.view.View.Note)
                    .map(v -> ((dev.aigate.core.view.View.Note) v).text()).toList();
            if (!findings.isEmpty() || !notes.isEmpty()) {
                md.append("## ").append(escape(check.title())).append("\n\n");
                notes.forEach(note -> md.append("- ").append(escape(note)).append('\n'));
                md.append(notes.isEmpty() ? "" : "\n");
            }
            if (!findings.isEmpty()) {
                md.append("| Severity | Rule | Finding | Expected | Actual |\n|---|---|---|---|---|\n");
                for (Finding finding : findings.subList(0, Math.min(findings.size(), MAX_FINDINGS_PER_CHECK))) {
                    md.append("| ").append(finding.severity().label())
                            .append(finding.waived() ? " (waived: " + escape(finding.waiverId()) + ")" : "")
                            .append(" | `").append(code(finding.ruleId())).append("` | ")
                            .append(escape(finding.message())).append(" | ")
                            .append(escape(nullToEmpty(finding.expected()))).append(" | ")
                            .append(escape(nullToEmpty(finding.actual()))).append(" |\n");
                }
                if (findings.size() > MAX_FINDINGS_PER_CHECK) {
                    md.append("\n").append(findings.size() - MAX_FINDINGS_PER_CHECK)
                            .append(" more findings are in the full report.\n");
                }
                md.append('\n');
            }
        }
        if (!result.waivers().isEmpty()) {
            md.append("## Waivers\n\n| Waiver | Rule | Status | Approved by | Expires | Reason |\n"
                    + "|---|---|---|---|---|---|\n");
            for (WaiverUse use : result.waivers()) {
                md.append("| ").append(escape(use.waiver().id())).append(" | `").append(code(use.waiver().rule()))
                        .append("` | ").append(use.status()).append(use.matched() > 0 ? " (" + use.matched() + ")" : "")
                        .append(" | ").append(escape(use.waiver().approvedBy())).append(" | ")
                        .append(use.waiver().expires()).append(" (").append(use.daysLeft()).append(" days) | ")
                        .append(escape(use.waiver().reason())).append(" |\n");
            }
            md.append('\n');
        }
        appendInputs(md, result);
        return md.toString();
    }

    private static void appendInputs(StringBuilder md, GateResult result) {
        long total = result.checks().stream().mapToLong(c -> c.inputs().size()).sum();
        if (total == 0) {
            return;
        }
        md.append("<details><summary>Inputs judged (").append(total).append(")</summary>\n\n")
                .append("| Check | Input | Size | SHA-256 |\n|---|---|---|---|\n");
        long shown = 0;
        for (CheckResult check : result.checks()) {
            for (InputDigest input : check.inputs()) {
                if (shown++ >= InputListing.SHOWN) {
                    break;
                }
                md.append("| ").append(check.checkId()).append(" | `").append(code(input.path())).append("` | ")
                        .append(input.size()).append(" | `").append(input.sha256()).append("` |\n");
            }
        }
        if (total > InputListing.SHOWN) {
            md.append("\n").append(InputListing.more(total - InputListing.SHOWN)).append("\n");
        }
        md.append("\n</details>\n");
    }

    private static String icon(String status) {
        switch (status) {
            case "PASS":
            case "PASSED":
                return "✅";
            case "WARN":
            case "WARNED":
                return "⚠️";
            case "SKIPPED":
                return "⏭️";
            default:
                return "❌";
        }
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }

    /** Escapes text for a Markdown table cell: no HTML, no table breaks, no line breaks. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<':
                    out.append("&lt;");
                    break;
                case '>':
                    out.append("&gt;");
                    break;
                case '&':
                    out.append("&amp;");
                    break;
                case '|':
                    out.append("\\|");
                    break;
                case '\n':
                case '\r':
                    out.append(' ');
                    break;
                case '\\':
                case '`':
                case '*':
                case '_':
                case '[':
                case ']':
                    out.append('\\').append(c);
                    break;
                default:
                    out.append(dev.aigate.core.io.Printable.unsafe(c)
                            ? dev.aigate.core.io.Printable.escape(String.valueOf(c)).replace("\\", "\\\\") : c);
            }
        }
        return out.toString();
    }

    /** Text inside an inline code span: backticks and line breaks would end it. */
    private static String code(String text) {
        return dev.aigate.core.io.Printable.escape(text.replace('`', '\'').replace('\n', ' ').replace('\r', ' ')
                .replace("|", "\\|"));
    }
}
