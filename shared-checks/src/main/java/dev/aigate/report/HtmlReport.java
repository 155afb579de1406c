package dev.aigate.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HTML report for release managers, generated from the JSON report (one model, many views) with a Mustache
 * template that escapes every value. Self-contained (no scripts, fonts or images); the stylesheet is both embedded and
 * written next to the file as {@value #CSS_FILE_NAME}, so the page also reads well under Jenkins' default Content
 * Security Policy, which blocks inline styles and scripts. Charts are inline SVG with presentation attributes.
 */
public final class HtmlReport implements dev.aigate.report.spi.ReportFormat {
    public static final String FILE_NAME = "aigate-report.html";
    public static final String CSS_FILE_NAME = "aigate-report.css";
    /** The meta tag that records which JSON report the page was generated from. */
    public static final String DIGEST_META = "aigate-report-sha256";

    private static final String TEMPLATE = "dev/aigate/report/html/report.mustache";
    private static final String CSS = "/dev/aigate/report/html/report.css";
    private static final Mustache MUSTACHE = new DefaultMustacheFactory().compile(TEMPLATE);

    /** For the report writer, which finds formats through the ReportFormat service. */
    public HtmlReport() {
    }

    @Override
    public String fileName() {
        return FILE_NAME;
    }

    /** The stylesheet, also embedded: the page reads well from disk and under Jenkins' Content Security Policy. */
    @Override
    public java.util.Map<String, byte[]> companions() {
        return java.util.Map.of(CSS_FILE_NAME, css().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public byte[] render(Input input) throws IOException {
        return dev.aigate.report.spi.ReportFormat.bytes(out -> write(input.report(), input.jsonSha256(), out));
    }

    public static String css() {
        try (InputStream in = HtmlReport.class.getResourceAsStream(CSS)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("aigate jar is missing " + CSS, e);
        }
    }

    /** Renders the report; {@code jsonSha256} is the digest of the JSON report's bytes, recorded in the page. */
    public static void write(JsonNode report, String jsonSha256, OutputStream out) throws IOException {
        // Mustache escapes markup; control characters from inputs are escaped on the way out, like everywhere.
        Writer writer = dev.aigate.core.io.Printable.writer(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        MUSTACHE.execute(writer, view(report, jsonSha256));
        writer.flush();
    }

    static Map<String, Object> view(JsonNode report, String jsonSha256) {
        Map<String, Object> view = new LinkedHashMap<>();
        String verdict = report.path("verdict").asText("ERROR");
        view.put("verdict", verdict);
        view.put("verdictClass", verdict.toLowerCase(Locale.ROOT));
        view.put("headline", headline(report));
        view.put("project", text(report.path("run").path("project")));
        view.put("css", css());
        view.put("jsonSha256", jsonSha256);
        view.put("digestMeta", DIGEST_META);
        view.put("toolVersion", report.path("tool").path("version").asText());
        view.put("error", text(report.path("error")));
        List<Map<String, String>> facts = new ArrayList<>();
        fact(facts, "Project", report.path("run").path("project"));
        fact(facts, "Started", report.path("run").path("startedAt"));
        fact(facts, "Duration", report.path("run").path("durationMillis").isMissingNode() ? null
                : report.path("run").path("durationMillis").asLong() + " ms");
        fact(facts, "Commit", report.path("run").path("commit").isMissingNode() ? null
                : report.path("run").path("commit").asText() + (report.path("run").path("dirty").asBoolean()
                        ? " (with uncommitted changes)" : ""));
        fact(facts, "Branch", report.path("run").path("branch"));
        fact(facts, "Build", report.path("run").path("build"));
        fact(facts, "Build URL", report.path("run").path("buildUrl"));
        fact(facts, "Policy", report.path("policy").path("path"));
        fact(facts, "Policy SHA-256", report.path("policy").path("sha256"));
        fact(facts, "Failing level", report.path("policy").path("failOn").asText() + " ("
                + report.path("policy").path("failOnSource").asText() + ")");
        Iterator<Map.Entry<String, JsonNode>> overrides = report.path("policy").path("overrides").fields();
        while (overrides.hasNext()) {
            Map.Entry<String, JsonNode> override = overrides.next();
            fact(facts, "Override " + override.getKey(), override.getValue());
        }
        fact(facts, "aigate", report.path("tool").path("version"));
        view.put("facts", facts);

        List<Map<String, Object>> checks = new ArrayList<>();
        for (JsonNode check : report.path("checks")) {
            checks.add(check(check, report));
        }
        view.put("checks", checks);
        view.put("hasChecks", !checks.isEmpty());

        List<Map<String, Object>> waivers = new ArrayList<>();
        for (JsonNode waiver : report.path("waivers")) {
            Map<String, Object> w = new LinkedHashMap<>();
            for (String key : List.of("id", "rule", "subject", "reason", "approvedBy", "expires", "status")) {
                w.put(key, text(waiver.path(key)));
            }
            w.put("matched", waiver.path("matched").asInt());
            w.put("daysLeft", waiver.path("daysLeft").asLong());
            w.put("statusClass", waiver.path("status").asText().replace('-', '_'));
            waivers.add(w);
        }
        view.put("waivers", waivers);
        view.put("hasWaivers", !waivers.isEmpty());
        return view;
    }

    private static String headline(JsonNode report) {
        String verdict = report.path("verdict").asText();
        JsonNode summary = report.path("summary");
        switch (verdict) {
            case "PASS":
                return "Every check passed.";
            case "WARN":
                return "No violation at or above " + report.path("policy").path("failOn").asText()
                        + ", but there are warnings.";
            case "FAIL":
                return summary.path("failing").asLong() + " violation(s) at or above "
                        + report.path("policy").path("failOn").asText() + ": the build is refused.";
            default:
                return "The gate could not evaluate its inputs: the build is refused.";
        }
    }

    private static Map<String, Object> check(JsonNode check, JsonNode report) {
        Map<String, Object> view = new LinkedHashMap<>();
        String id = check.path("id").asText();
        String status = check.path("status").asText();
        view.put("id", id);
        view.put("title", check.path("title").asText(id));
        view.put("status", status);
        view.put("statusClass", status.toLowerCase(Locale.ROOT));
        view.put("error", text(check.path("error")));
        view.put("skipReason", text(check.path("skipReason")));
        view.put("durationMillis", check.path("durationMillis").asLong());
        List<Map<String, Object>> findings = new ArrayList<>();
        long violations = 0;
        long waived = 0;
        for (JsonNode finding : check.path("findings")) {
            Map<String, Object> f = new LinkedHashMap<>();
            String severity = finding.path("severity").asText();
            f.put("severity", severity);
            f.put("rule", finding.path("rule").asText());
            f.put("message", finding.path("message").asText());
            f.put("subject", text(finding.path("subject")));
            f.put("line", finding.path("line").isMissingNode() ? null : finding.path("line").asInt());
            f.put("expected", text(finding.path("expected")));
            f.put("actual", text(finding.path("actual")));
            f.put("remediation", text(finding.path("remediation")));
            f.put("waiver", text(finding.path("waiver")));
            boolean violation = finding.path("violation").asBoolean();
            f.put("rowClass", violation ? "sev-" + severity : "not-violation");
            violations += violation ? 1 : 0;
            waived += finding.hasNonNull("waiver") ? 1 : 0;
            findings.add(f);
        }
        view.put("findings", findings);
        view.put("hasFindings", !findings.isEmpty());
        List<Map<String, Object>> inputs = new ArrayList<>();
        int inputCount = check.path("inputs").size();
        for (JsonNode input : check.path("inputs")) {
            if (inputs.size() == InputListing.SHOWN) {
                break;
            }
            Map<String, Object> in = new LinkedHashMap<>();
            in.put("kind", input.path("kind").asText());
            in.put("path", input.path("path").asText());
            in.put("size", input.path("size").asLong());
            in.put("sha256", input.path("sha256").asText());
            inputs.add(in);
        }
        view.put("inputs", inputs);
        view.put("inputCount", inputCount);
        view.put("hasInputs", !inputs.isEmpty());
        view.put("moreInputs", inputCount > inputs.size() ? InputListing.more(inputCount - inputs.size()) : null);
        String summary;
        if ("ERROR".equals(status)) {
            summary = "could not evaluate: " + check.path("error").asText();
        } else if ("SKIPPED".equals(status)) {
            summary = "skipped: " + check.path("skipReason").asText();
        } else {
            summary = violations + " violation(s)" + (waived > 0 ? ", " + waived + " waived" : "") + ", "
                    + inputCount + " input(s) judged";
        }
        view.put("summary", summary);
        ViewRenderer.Rendered rendered = ViewRenderer.render(check.path("views"));
        List<Map<String, Object>> charts = new ArrayList<>();
        for (SvgChart chart : rendered.charts()) {
            charts.add(chart.view());
        }
        view.put("charts", charts);
        view.put("notes", rendered.notes());
        view.put("tables", rendered.tables());
        List<Map<String, String>> metrics = ViewRenderer.scalarMetrics(check.path("metrics"));
        view.put("metrics", metrics);
        view.put("hasMetrics", !metrics.isEmpty());
        return view;
    }

    private static void fact(List<Map<String, String>> facts, String name, Object value) {
        String text = value instanceof JsonNode ? text((JsonNode) value) : (String) value;
        if (text != null && !text.isBlank()) {
            facts.add(Map.of("name", name, "value", text));
        }
    }

    private static String text(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() ? null : node.asText();
    }

    static long daysBetween(LocalDate from, LocalDate to) {
        return java.time.temporal.ChronoUnit.DAYS.between(from, to);
    }
}
