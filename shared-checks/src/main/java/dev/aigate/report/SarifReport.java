package dev.aigate.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * SARIF 2.1.0, generated from the JSON report: one run; the rules of the checks that ran; one result per finding
 * with its file (relative to the policy directory) and line. Waived findings carry an accepted suppression with the
 * waiver's reason. Levels follow the gate: failing violations are errors, other violations warnings, info notes.
 */
public final class SarifReport implements dev.aigate.report.spi.ReportFormat {
    public static final String FILE_NAME = "aigate-report.sarif";
    private static final String BASE_ID = "POLICYDIR";

    /** For the report writer, which finds formats through the ReportFormat service. */
    public SarifReport() {
    }

    @Override
    public String fileName() {
        return FILE_NAME;
    }

    @Override
    public byte[] render(Input input) throws IOException {
        return dev.aigate.report.spi.ReportFormat.bytes(out -> write(input.report(), out));
    }

    public static void write(JsonNode report, OutputStream out) throws IOException {
        JsonReport.mapper().writeValue(out, toTree(report));
    }

    public static ObjectNode toTree(JsonNode report) {
        ObjectNode sarif = JsonReport.mapper().createObjectNode();
        sarif.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        sarif.put("version", "2.1.0");
        ObjectNode run = sarif.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "aigate");
        driver.put("semanticVersion", semver(report.path("tool").path("version").asText("0.0.0")));
        driver.put("version", report.path("tool").path("version").asText());
        driver.put("informationUri", "https://aigate.dev/");
        ArrayNode rules = driver.putArray("rules");
        Map<String, Integer> ruleIndex = new HashMap<>();
        for (JsonNode rule : report.path("rules")) {
            ruleIndex.put(rule.path("id").asText(), rules.size());
            ObjectNode node = rules.addObject();
            node.put("id", rule.path("id").asText());
            node.putObject("shortDescription").put("text", rule.path("description").asText());
            if (rule.hasNonNull("remediation")) {
                node.putObject("help").put("text", rule.path("remediation").asText());
            }
            node.putObject("defaultConfiguration").put("level", level(rule.path("defaultSeverity").asText(),
                    report.path("policy").path("failOn").asText("high")));
            node.putObject("properties").putArray("tags").add("ai-security").add(rule.path("id").asText()
                    .split("/")[0]);
        }

        String policyPath = report.path("policy").path("path").asText(null);
        if (policyPath != null) {
            Path dir = Path.of(policyPath).toAbsolutePath().getParent();
            if (dir != null) {
                run.putObject("originalUriBaseIds").putObject(BASE_ID).put("uri", dir.toUri().toString());
            }
        }

        ArrayNode results = run.putArray("results");
        String failOn = report.path("policy").path("failOn").asText("high");
        for (JsonNode check : report.path("checks")) {
            for (JsonNode finding : check.path("findings")) {
                results.add(result(finding, failOn, ruleIndex));
            }
        }

        ObjectNode invocation = run.putArray("invocations").addObject();
        String verdict = report.path("verdict").asText();
        invocation.put("executionSuccessful", !"ERROR".equals(verdict));
        ArrayNode notifications = invocation.putArray("toolExecutionNotifications");
        if (report.hasNonNull("error")) {
            notification(notifications, report.path("error").asText());
        }
        for (JsonNode check : report.path("checks")) {
            if (check.hasNonNull("error")) {
                notification(notifications, "[" + check.path("id").asText() + "] " + check.path("error").asText());
            }
        }
        ObjectNode properties = run.putObject("properties");
        properties.put("verdict", verdict);
        properties.put("policySha256", report.path("policy").path("sha256").asText(null));
        properties.put("failOn", failOn);
        return sarif;
    }

    private static ObjectNode result(JsonNode finding, String failOn, Map<String, Integer> ruleIndex) {
        ObjectNode result = JsonReport.mapper().createObjectNode();
        String ruleId = finding.path("rule").asText();
        result.put("ruleId", ruleId);
        if (ruleIndex.containsKey(ruleId)) {
            result.put("ruleIndex", ruleIndex.get(ruleId));
        }
        result.put("level", level(finding.path("severity").asText(), failOn));
        StringBuilder text = new StringBuilder(finding.path("message").asText());
        if (finding.hasNonNull("expected") || finding.hasNonNull("actual")) {
            text.append(" (expected: ").append(finding.path("expected").asText("-")).append("; actual: ")
                    .append(finding.path("actual").asText("-")).append(')');
        }
        result.putObject("message").put("text", text.toString());
        if (finding.hasNonNull("subject")) {
            ObjectNode physical = result.putArray("locations").addObject().putObject("physicalLocation");
            ObjectNode artifact = physical.putObject("artifactLocation");
            artifact.put("uri", uriOf(finding.path("subject").asText()));
            artifact.put("uriBaseId", BASE_ID);
            if (finding.path("line").asInt(0) > 0) {
                physical.putObject("region").put("startLine", finding.path("line").asInt());
            }
        }
        if (finding.hasNonNull("waiver")) {
            ObjectNode suppression = result.putArray("suppressions").addObject();
            suppression.put("kind", "external");
            suppression.put("status", "accepted");
            suppression.put("justification", "waiver " + finding.path("waiver").asText());
        }
        ObjectNode properties = result.putObject("properties");
        properties.put("severity", finding.path("severity").asText());
        copy(finding, properties, "expected");
        copy(finding, properties, "actual");
        copy(finding, properties, "remediation");
        return result;
    }

    private static void copy(JsonNode from, ObjectNode to, String key) {
        if (from.hasNonNull(key)) {
            to.put(key, from.path(key).asText());
        }
    }

    private static void notification(ArrayNode notifications, String text) {
        ObjectNode note = notifications.addObject();
        note.put("level", "error");
        note.putObject("message").put("text", text);
    }

    /** error for severities that fail the gate, warning for other violations, note for info. */
    static String level(String severity, String failOn) {
        int rank = rank(severity);
        if (rank == 0) {
            return "note";
        }
        return rank >= rank(failOn) ? "error" : "warning";
    }

    private static int rank(String severity) {
        switch (severity) {
            case "low":
                return 1;
            case "medium":
                return 2;
            case "high":
                return 3;
            case "critical":
                return 4;
            default:
                return 0;
        }
    }

    /** A relative URI reference for a '/'-separated path, with every unsafe character escaped. */
    static String uriOf(String path) {
        try {
            String uri = new URI(null, null, path, null).toASCIIString();
            // A ':' in the first segment would read as a scheme.
            int colon = uri.indexOf(':');
            return colon >= 0 && (uri.indexOf('/') < 0 || colon < uri.indexOf('/')) ? "./" + uri : uri;
        } catch (URISyntaxException e) {
            return path.replace(" ", "%20");
        }
    }

    private static String semver(String version) {
        return version.matches("\\d+\\.\\d+\\.\\d+.*") ? version : "0.0.0";
    }
}
