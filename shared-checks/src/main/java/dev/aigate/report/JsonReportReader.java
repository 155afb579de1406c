package dev.aigate.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.aigate.core.CheckResult;
import dev.aigate.core.CheckStatus;
import dev.aigate.core.Finding;
import dev.aigate.core.InputDigest;
import dev.aigate.core.InputException;
import dev.aigate.core.Rule;
import dev.aigate.core.Severity;
import dev.aigate.core.Verdict;
import dev.aigate.core.WaiverUse;
import dev.aigate.core.policy.Waiver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a JSON report back into a {@link dev.aigate.core.GateResult}, for tools that combine or re-render reports
 * without running the checks again (the Maven aggregate goal, the site report). Reports are untrusted input: size
 * bounded, schema major version checked, every problem an {@link InputException} naming the file.
 */
public final class JsonReportReader {
    public static final long MAX_BYTES = 256L * 1024 * 1024;
    private static final ObjectMapper MAPPER = JsonMapper.builder(com.fasterxml.jackson.core.JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64)
                    .maxDocumentLength(MAX_BYTES).build()).build()).build();

    private JsonReportReader() {
    }

    public static JsonNode readTree(Path file) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new InputException(file, "report is larger than " + MAX_BYTES + " bytes");
            }
            try (InputStream in = dev.aigate.core.io.BoundedFiles.openRegular(file, "gate report")) {
                JsonNode tree = MAPPER.readTree(in);
                String version = tree == null ? "" : tree.path("schemaVersion").asText("");
                if (!version.startsWith("1.")) {
                    throw new InputException(file, "not an aigate report of schema version 1.x (schemaVersion '"
                            + version + "')");
                }
                return tree;
            }
        } catch (NoSuchFileException e) {
            throw new InputException(file, "gate report not found");
        } catch (JsonProcessingException e) {
            throw new InputException(file, "malformed gate report: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InputException(file, "cannot read gate report: " + e.getMessage(), e);
        }
    }

    public static dev.aigate.core.GateResult read(Path file) {
        try {
            return fromTree(readTree(file));
        } catch (RuntimeException e) {
            if (e instanceof InputException) {
                throw e;
            }
            throw new InputException(file, "gate report does not match its schema: " + e.getMessage(), e);
        }
    }

    public static dev.aigate.core.GateResult fromTree(JsonNode report) {
        JsonNode run = report.path("run");
        JsonNode policy = report.path("policy");
        List<CheckResult> checks = new ArrayList<>();
        for (JsonNode check : report.path("checks")) {
            checks.add(check(check));
        }
        List<WaiverUse> waivers = new ArrayList<>();
        for (JsonNode waiver : report.path("waivers")) {
            Waiver w = new Waiver(waiver.path("id").asText(), waiver.path("rule").asText(),
                    text(waiver.path("subject")), waiver.path("reason").asText(), waiver.path("approvedBy").asText(),
                    LocalDate.parse(waiver.path("expires").asText()));
            waivers.add(new WaiverUse(w, waiver.path("status").asText(), waiver.path("matched").asInt(),
                    waiver.path("daysLeft").asLong()));
        }
        List<Rule> rules = new ArrayList<>();
        for (JsonNode rule : report.path("rules")) {
            rules.add(new Rule(rule.path("id").asText(), Severity.parse(rule.path("defaultSeverity").asText()),
                    rule.path("description").asText(), text(rule.path("remediation"))));
        }
        Map<String, String> context = new LinkedHashMap<>();
        for (String key : List.of("commit", "branch", "build", "buildUrl")) {
            if (run.hasNonNull(key)) {
                context.put(key, run.path(key).asText());
            }
        }
        Map<String, String> overrides = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = policy.path("overrides").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            overrides.put(field.getKey(), field.getValue().asText());
        }
        String policyPath = text(policy.path("path"));
        return new dev.aigate.core.GateResult(report.path("tool").path("version").asText(),
                text(run.path("project")), policyPath == null ? null : Path.of(policyPath),
                text(policy.path("sha256")), Severity.parse(policy.path("failOn").asText("high")),
                policy.path("failOnSource").asText("policy"), Instant.parse(run.path("startedAt").asText()),
                Instant.parse(run.path("finishedAt").asText()), Verdict.valueOf(report.path("verdict").asText()),
                checks, waivers, text(report.path("error")), overrides, rules, context);
    }

    private static CheckResult check(JsonNode check) {
        String id = check.path("id").asText();
        String title = check.path("title").asText(id);
        CheckStatus status = CheckStatus.valueOf(check.path("status").asText());
        long duration = check.path("durationMillis").asLong();
        if (status == CheckStatus.ERROR) {
            return CheckResult.error(id, title, check.path("error").asText("unknown error"), duration);
        }
        if (status == CheckStatus.SKIPPED) {
            return CheckResult.skipped(id, title, check.path("skipReason").asText(""));
        }
        CheckResult.Builder builder = CheckResult.builder(id, title);
        for (JsonNode input : check.path("inputs")) {
            builder.input(new InputDigest(input.path("kind").asText(), input.path("path").asText(),
                    input.path("size").asLong(), input.path("sha256").asText()));
        }
        Iterator<Map.Entry<String, JsonNode>> metrics = check.path("metrics").fields();
        while (metrics.hasNext()) {
            Map.Entry<String, JsonNode> metric = metrics.next();
            builder.metric(metric.getKey(), MAPPER.convertValue(metric.getValue(), Object.class));
        }
        for (JsonNode view : check.path("views")) {
            try {
                builder.view(MAPPER.treeToValue(view, dev.aigate.core.view.View.class));
            } catch (java.io.IOException | IllegalArgumentException e) {
                // A view of a newer minor version this reader does not know: it is presentation, not evidence.
            }
        }
        List<Finding> findings = new ArrayList<>();
        for (JsonNode finding : check.path("findings")) {
            findings.add(new Finding(finding.path("rule").asText(), Severity.parse(finding.path("severity").asText()),
                    finding.path("message").asText(), text(finding.path("subject")),
                    finding.has("line") ? finding.path("line").asInt() : null, text(finding.path("expected")),
                    text(finding.path("actual")), text(finding.path("remediation")), text(finding.path("waiver"))));
        }
        return builder.build().evaluated(status, findings).withDuration(duration);
    }

    private static String text(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() ? null : node.asText();
    }
}
