package dev.aigate.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigate.core.CheckResult;
import dev.aigate.core.CheckStatus;
import dev.aigate.core.Finding;
import dev.aigate.core.GateResult;
import dev.aigate.core.InputDigest;
import dev.aigate.core.Severity;
import dev.aigate.core.WaiverUse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;

/**
 * The versioned JSON report: the contract that the Jenkins steps and other tools read. Its shape is fixed by
 * {@value #SCHEMA_RESOURCE}; a change that breaks readers bumps {@link #SCHEMA_VERSION}'s major number, an addition
 * its minor number (1.1 added each check's {@code views}; 1.0 reports are still read, without them).
 */
public final class JsonReport implements dev.aigate.report.spi.ReportFormat {
    public static final String SCHEMA_VERSION = "1.1";
    public static final String SCHEMA_RESOURCE = "/dev/aigate/report/aigate-report-1.schema.json";
    public static final String FILE_NAME = "aigate-report.json";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private static final com.fasterxml.jackson.databind.ObjectWriter VIEW_WRITER =
            MAPPER.writerFor(dev.aigate.core.view.View.class);

    /** For the report writer, which finds formats through the ReportFormat service. */
    public JsonReport() {
    }

    @Override
    public String fileName() {
        return FILE_NAME;
    }

    @Override
    public byte[] render(Input input) throws IOException {
        return input.json();
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static void write(GateResult result, OutputStream out) throws IOException {
        MAPPER.writeValue(out, toTree(result));
    }

    public static ObjectNode toTree(GateResult result) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schemaVersion", SCHEMA_VERSION);
        ObjectNode tool = root.putObject("tool");
        tool.put("name", "aigate");
        tool.put("version", result.toolVersion());
        ObjectNode run = root.putObject("run");
        if (result.project() != null) {
            run.put("project", result.project());
        }
        // "dirty" is a boolean: whether tracked files had uncommitted changes when the gate ran.
        result.context().forEach((key, value) -> {
            if (key.equals("dirty")) {
                run.put(key, Boolean.parseBoolean(value));
            } else {
                run.put(key, value);
            }
        });
        run.put("startedAt", result.startedAt().toString());
        run.put("finishedAt", result.finishedAt().toString());
        run.put("durationMillis", result.durationMillis());
        ObjectNode policy = root.putObject("policy");
        policy.put("path", result.policyFile() == null ? null : result.policyFile().toString());
        policy.put("sha256", result.policySha256());
        policy.put("failOn", result.failOn().label());
        policy.put("failOnSource", result.failOnSource());
        ObjectNode overrides = policy.putObject("overrides");
        result.overrides().forEach(overrides::put);
        root.put("verdict", result.verdict().name());
        if (result.error() != null) {
            root.put("error", result.error());
        }
        root.set("summary", summary(result));
        ArrayNode checks = root.putArray("checks");
        for (CheckResult check : result.checks()) {
            checks.add(check(check));
        }
        ArrayNode rules = root.putArray("rules");
        java.util.Set<String> ran = new java.util.HashSet<>();
        result.checks().forEach(check -> ran.add(check.checkId()));
        for (dev.aigate.core.Rule rule : result.rules()) {
            if (ran.contains(rule.checkId())) {
                ObjectNode node = rules.addObject();
                node.put("id", rule.id());
                node.put("defaultSeverity", rule.defaultSeverity().label());
                node.put("description", rule.description());
                if (rule.remediation() != null) {
                    node.put("remediation", rule.remediation());
                }
            }
        }
        ArrayNode waivers = root.putArray("waivers");
        for (WaiverUse use : result.waivers()) {
            ObjectNode waiver = waivers.addObject();
            waiver.put("id", use.waiver().id());
            waiver.put("rule", use.waiver().rule());
            if (use.waiver().subject() != null) {
                waiver.put("subject", use.waiver().subject());
            }
            waiver.put("reason", use.waiver().reason());
            waiver.put("approvedBy", use.waiver().approvedBy());
            waiver.put("expires", use.waiver().expires().toString());
            waiver.put("status", use.status());
            waiver.put("matched", use.matched());
            waiver.put("daysLeft", use.daysLeft());
        }
        return root;
    }

    private static ObjectNode summary(GateResult result) {
        ObjectNode summary = MAPPER.createObjectNode();
        ObjectNode statuses = summary.putObject("checks");
        for (CheckStatus status : CheckStatus.values()) {
            statuses.put(status.name().toLowerCase(Locale.ROOT),
                    result.checks().stream().filter(c -> c.status() == status).count());
        }
        ObjectNode violations = summary.putObject("violations");
        for (Severity severity : Severity.values()) {
            if (severity != Severity.INFO) {
                violations.put(severity.label(),
                        result.violations().stream().filter(f -> f.severity() == severity).count());
            }
        }
        summary.put("failing", result.failingViolations().size());
        summary.put("waived", result.checks().stream().flatMap(c -> c.findings().stream())
                .filter(Finding::waived).count());
        summary.put("info", result.checks().stream().flatMap(c -> c.findings().stream())
                .filter(f -> f.severity() == Severity.INFO).count());
        return summary;
    }

    private static ObjectNode check(CheckResult check) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", check.checkId());
        node.put("title", check.title());
        node.put("status", check.status().name());
        node.put("durationMillis", check.durationMillis());
        if (check.error() != null) {
            node.put("error", check.error());
        }
        if (check.skipReason() != null) {
            node.put("skipReason", check.skipReason());
        }
        ArrayNode inputs = node.putArray("inputs");
        for (InputDigest input : check.inputs()) {
            ObjectNode in = inputs.addObject();
            in.put("kind", input.kind());
            in.put("path", input.path());
            in.put("size", input.size());
            in.put("sha256", input.sha256());
        }
        ArrayNode findings = node.putArray("findings");
        for (Finding finding : check.findings()) {
            findings.add(finding(finding));
        }
        node.set("metrics", MAPPER.valueToTree(check.metrics()));
        ArrayNode views = node.putArray("views");
        // One by one: each view's declared type (View) carries the "type" tag; a list would lose it.
        for (dev.aigate.core.view.View view : check.views()) {
            try {
                views.add(MAPPER.readTree(VIEW_WRITER.writeValueAsBytes(view)));
            } catch (IOException e) {
                throw new IllegalStateException("cannot serialise a view of check '" + check.checkId() + "'", e);
            }
        }
        return node;
    }

    private static JsonNode finding(Finding finding) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("rule", finding.ruleId());
        node.put("severity", finding.severity().label());
        node.put("message", finding.message());
        putIfPresent(node, "subject", finding.subject());
        if (finding.line() != null && finding.line() > 0) {
            node.put("line", finding.line());
        }
        putIfPresent(node, "expected", finding.expected());
        putIfPresent(node, "actual", finding.actual());
        putIfPresent(node, "remediation", finding.remediation());
        putIfPresent(node, "waiver", finding.waiverId());
        node.put("violation", finding.isViolation());
        return node;
    }

    private static void putIfPresent(ObjectNode node, String key, String value) {
        if (value != null) {
            node.put(key, value);
        }
    }
}
