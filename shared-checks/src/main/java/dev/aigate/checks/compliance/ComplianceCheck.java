package dev.aigate.checks.compliance;

import com.fasterxml.jackson.core.JsonPointer;
import dev.aigate.core.CheckResult;
import dev.aigate.core.Finding;
import dev.aigate.core.InputDigest;
import dev.aigate.core.PolicyException;
import dev.aigate.core.Rule;
import dev.aigate.core.Severity;
import dev.aigate.core.io.Digests;
import dev.aigate.core.policy.ConfigBinder;
import dev.aigate.core.policy.YamlDocument;
import dev.aigate.core.spi.Check;
import dev.aigate.core.spi.CheckContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns a compliance checklist into build evidence: every item is met, unmet or not applicable, decided by files,
 * model card fields, document keys, the verdicts of the other checks in the same gate, and dated sign-offs. Runs
 * after the other checks (phase {@value #PHASE}) so that it sees their evaluated results.
 */
public final class ComplianceCheck implements Check<ComplianceConfig> {
    public static final String ID = "compliance";
    public static final int PHASE = 100;

    public static final Rule ITEM_UNMET = new Rule("compliance/item-unmet", Severity.HIGH,
            "A required checklist item lacks evidence. The finding takes the item's own severity.",
            "Provide the evidence the message names (where it was looked for is listed), mark the item"
                    + " 'notApplicable' with a reason, or waive it (waiver subject: the item id).");
    public static final Rule SIGNOFF_MISSING = new Rule("compliance/signoff-missing", Severity.HIGH,
            "A required item needs a sign-off and has none that counts (its other evidence, if any, is in place)."
                    + " The finding takes the item's own severity.",
            "Record the approval in the sign-off file: item, approver, role, date (and optional expires).");
    public static final Rule SIGNOFF_EXPIRED = new Rule("compliance/signoff-expired", Severity.HIGH,
            "A required item's sign-off has expired and no other sign-off counts. The finding takes the item's own"
                    + " severity.",
            "Have the item reviewed again and record a new dated sign-off.");
    public static final Rule OPTIONAL_UNMET = new Rule("compliance/optional-item-unmet", Severity.INFO,
            "An optional checklist item (required: false) lacks evidence; informational only.",
            "Provide the evidence, or remove the item from the checklist.");

    private static final List<Rule> RULES = List.of(ITEM_UNMET, SIGNOFF_MISSING, SIGNOFF_EXPIRED, OPTIONAL_UNMET);

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Compliance checklist";
    }

    @Override
    public Class<ComplianceConfig> configType() {
        return ComplianceConfig.class;
    }

    @Override
    public List<dev.aigate.core.spi.Action<ComplianceConfig>> actions() {
        return List.of(new InitAction());
    }

    /** The checks the checklist's {@code check} rules judge, so that a compliance-only run includes them. */
    @Override
    public Set<String> requires(ComplianceConfig config, java.nio.file.Path baseDir) {
        return referencedChecks(new ChecklistLoader(baseDir).load(config.checklist()));
    }

    @Override
    public List<Rule> rules() {
        return RULES;
    }

    @Override
    public boolean enabled(ComplianceConfig config) {
        return config.enabled();
    }

    @Override
    public int phase() {
        return PHASE;
    }

    @Override
    public CheckResult run(ComplianceConfig config, CheckContext context) {
        ProjectFiles files = new ProjectFiles(context.baseDir());
        Checklist checklist = new ChecklistLoader(context.baseDir()).load(config.checklist());
        CheckResult.Builder result = CheckResult.builder(ID, title());
        for (Checklist.Source source : checklist.sources()) {
            result.input(new InputDigest(source.kind().equals("profile") ? "compliance-profile"
                    : "compliance-checklist", source.name(), source.size(), source.sha256()));
        }
        LocalDate today = LocalDate.ofInstant(context.clock().instant(), context.clock().getZone());
        Path signoffPath = files.resolve(config.signoffs());
        boolean signoffsExist = files.isFile(signoffPath, "sign-off file");
        List<EvidenceEvaluator.SignoffEntry> signoffs = signoffsExist
                ? readSignoffs(files, config.signoffs(), signoffPath, checklist, result) : List.of();
        EvidenceEvaluator evaluator = new EvidenceEvaluator(files, config, context.earlierResults(), today,
                signoffsExist, signoffs);

        List<Map<String, Object>> itemMetrics = new ArrayList<>();
        Map<String, int[]> frameworks = new TreeMap<>();
        int met = 0;
        int unmet = 0;
        int notApplicable = 0;
        int waived = 0;
        for (Checklist.Item item : checklist.items()) {
            Map<String, Object> metric = judge(item, evaluator, result, context);
            itemMetrics.add(metric);
            String status = (String) metric.get("status");
            switch (status) {
                case "met":
                    met++;
                    break;
                case "unmet":
                    unmet++;
                    break;
                case "waived":
                    waived++;
                    break;
                default:
                    notApplicable++;
            }
            Set<String> keys = new LinkedHashSet<>();
            item.spec().references().forEach(reference -> keys.add(reference.framework()));
            for (String framework : keys) {
                int[] counts = frameworks.computeIfAbsent(framework, k -> new int[4]);
                counts["met".equals(status) ? 0 : "unmet".equals(status) ? 1 : "waived".equals(status) ? 3 : 2]++;
            }
        }
        evaluator.inputs().forEach(result::input);

        Map<String, Object> summary = new LinkedHashMap<>();
        frameworks.forEach((framework, counts) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("met", counts[0]);
            row.put("total", counts[0] + counts[1] + counts[3]);
            row.put("unmet", counts[1]);
            row.put("waived", counts[3]);
            row.put("notApplicable", counts[2]);
            summary.put(framework, row);
        });
        Map<String, Object> checklistMetric = new LinkedHashMap<>();
        checklistMetric.put("file", config.checklist());
        List<String> profiles = new ArrayList<>();
        checklist.sources().stream().filter(s -> s.kind().equals("profile")).forEach(s -> profiles.add(s.name()));
        checklistMetric.put("profiles", profiles);
        checklistMetric.put("signoffs", config.signoffs());
        checklistMetric.put("signoffsFound", signoffsExist);
        checklistMetric.put("modelCard", config.modelCard());
        result.metric("checklist", checklistMetric);
        result.metric("items", itemMetrics);
        result.metric("met", met);
        result.metric("unmet", unmet);
        result.metric("notApplicable", notApplicable);
        result.metric("waived", waived);
        result.metric("frameworks", summary);
        List<dev.aigate.core.view.View.Part> parts = new ArrayList<>();
        List<List<Object>> rows = new ArrayList<>();
        frameworks.forEach((framework, counts) -> {
            parts.add(new dev.aigate.core.view.View.Part(framework, counts[0], counts[0] + counts[1] + counts[3]));
            rows.add(List.of(framework, counts[0], counts[1], counts[3], counts[2]));
        });
        if (!parts.isEmpty()) {
            result.view(new dev.aigate.core.view.View.Progress("Compliance items met per framework", parts));
            result.view(new dev.aigate.core.view.View.Table("Checklist items per framework",
                    List.of("Framework", "Met", "Unmet", "Waived", "Not applicable"), rows));
        }
        result.view(new dev.aigate.core.view.View.Note(met + " of " + (met + unmet + waived) + " applicable item(s)"
                + " met" + (waived > 0 ? ", " + waived + " waived" : "") + (notApplicable > 0 ? ", " + notApplicable
                + " not applicable" : "")));
        return result.build();
    }

    private static Map<String, Object> judge(Checklist.Item item, EvidenceEvaluator evaluator,
            CheckResult.Builder result, CheckContext context) {
        ItemSpec spec = item.spec();
        Map<String, Object> metric = new LinkedHashMap<>();
        metric.put("id", spec.id());
        metric.put("title", spec.title());
        metric.put("severity", spec.severity().label());
        metric.put("required", spec.required());
        metric.put("manual", spec.manual());
        List<Map<String, Object>> references = new ArrayList<>();
        for (Reference reference : spec.references()) {
            Map<String, Object> ref = new LinkedHashMap<>();
            ref.put("framework", reference.framework());
            ref.put("ref", reference.ref());
            references.add(ref);
        }
        metric.put("references", references);
        metric.put("definedAt", item.definedAt());
        if (item.overriddenAt() != null) {
            metric.put("overriddenAt", item.overriddenAt());
        }
        if (spec.notApplicable() != null) {
            metric.put("status", "not-applicable");
            metric.put("reason", spec.notApplicable().reason());
            return metric;
        }
        if (spec.applicableIf() != null) {
            Optional<String> reason = evaluator.notApplicable(spec.applicableIf());
            if (reason.isPresent()) {
                metric.put("status", "not-applicable");
                metric.put("reason", reason.get());
                return metric;
            }
        }
        List<Map<String, Object>> evidence = new ArrayList<>();
        List<EvidenceEvaluator.Outcome> failed = new ArrayList<>();
        for (EvidenceRule rule : spec.effectiveEvidence()) {
            EvidenceEvaluator.Outcome outcome = evaluator.evaluate(rule, spec.id());
            Map<String, Object> row = new LinkedHashMap<>(outcome.evidence());
            row.put("status", outcome.met() ? "met" : "unmet");
            row.put("requirement", outcome.requirement());
            row.put("detail", outcome.detail());
            evidence.add(row);
            if (!outcome.met()) {
                failed.add(outcome);
            }
        }
        metric.put("evidence", evidence);
        if (failed.isEmpty()) {
            metric.put("status", "met");
            return metric;
        }
        metric.put("status", "unmet");
        Rule rule;
        if (!spec.required()) {
            rule = OPTIONAL_UNMET;
        } else if (failed.stream().allMatch(EvidenceEvaluator.Outcome::signoffOnly)) {
            rule = failed.stream().anyMatch(EvidenceEvaluator.Outcome::signoffExpired) ? SIGNOFF_EXPIRED
                    : SIGNOFF_MISSING;
        } else {
            rule = ITEM_UNMET;
        }
        List<String> details = new ArrayList<>();
        List<String> requirements = new ArrayList<>();
        for (EvidenceEvaluator.Outcome outcome : failed) {
            details.add(outcome.detail());
            requirements.add(outcome.requirement());
        }
        String references_ = spec.references().isEmpty() ? "" : " [" + String.join("; ",
                spec.references().stream().map(Reference::toString).toList()) + "]";
        String message = "item '" + spec.id() + "' (" + spec.title() + ")" + references_ + " is not met: "
                + String.join("; ", details) + " (item at " + item.origin() + ")";
        metric.put("rule", rule.id());
        metric.put("missing", details);
        Finding finding = Finding.of(rule, message).subject(spec.id()).line(item.line())
                .expected(String.join("; ", requirements)).actual(String.join("; ", details)).build();
        Finding severe = spec.required() ? finding.withSeverity(spec.severity()) : finding;
        result.finding(severe);
        // A policy waiver covering the item's finding makes the item waived (the evaluator marks the finding).
        context.waivers().apply(severe).ifPresent(waiver -> {
            metric.put("status", "waived");
            metric.put("waiver", waiver);
        });
        return metric;
    }

    private static List<EvidenceEvaluator.SignoffEntry> readSignoffs(ProjectFiles files, String relative, Path path,
            Checklist checklist, CheckResult.Builder result) {
        byte[] bytes = files.readSmall(path, YamlDocument.MAX_BYTES);
        result.input(new InputDigest("compliance-signoffs", relative, bytes.length, Digests.sha256Hex(bytes)));
        YamlDocument document = YamlDocument.parse(Path.of(relative), bytes);
        if (!document.root().isObject()) {
            throw new PolicyException(document.where(JsonPointer.empty()) + ": a sign-off file must be a mapping"
                    + " with 'version: 1' and 'signoffs'");
        }
        SignoffFile file = ConfigBinder.bind(document, JsonPointer.empty(), SignoffFile.class);
        List<EvidenceEvaluator.SignoffEntry> entries = new ArrayList<>();
        for (int i = 0; i < file.signoffs().size(); i++) {
            SignoffFile.Signoff signoff = file.signoffs().get(i);
            JsonPointer at = JsonPointer.compile("/signoffs/" + i);
            if (checklist.item(signoff.item()).isEmpty()) {
                throw new PolicyException(document.where(at.appendProperty("item")) + ": 'signoffs[" + i
                        + "].item': item '" + signoff.item() + "' is referenced but not defined in the checklist "
                        + "(remove the sign-off or fix the id)");
            }
            entries.add(new EvidenceEvaluator.SignoffEntry(signoff, document.lineOf(at)));
        }
        return entries;
    }

    /** Every check id the items' {@code check} rules name, in checklist order. */
    public static Set<String> referencedChecks(Checklist checklist) {
        Set<String> ids = new LinkedHashSet<>();
        for (Checklist.Item item : checklist.items()) {
            if (item.spec().notApplicable() != null) {
                continue;
            }
            List<String> found = new ArrayList<>();
            item.spec().evidence().forEach(rule -> rule.checkIds(found));
            ids.addAll(found);
        }
        return ids;
    }
}
