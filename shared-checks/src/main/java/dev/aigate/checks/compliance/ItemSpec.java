package dev.aigate.checks.compliance;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.aigate.core.Severity;
import java.util.List;

/**
 * One checklist item as written in a checklist or built-in profile.
 *
 * @param id unique across the resolved checklist; path-like ({@code owasp-ml/ML01}) so waivers can select it
 * @param references the frameworks and exact provisions the item implements
 * @param severity of the violation when a required item is unmet; default high
 * @param required whether an unmet item is a violation (default true); an unmet optional item is informational
 * @param manual whether the item needs a sign-off; when true and no {@code signoff} rule is listed, one is implied
 * @param evidence every rule must hold for the item to be met
 * @param applicableIf when set and the declared value differs, the item is not applicable
 * @param notApplicable marks the item not applicable, with the reason
 */
public record ItemSpec(
        @JsonProperty(required = true) String id,
        @JsonProperty(required = true) String title,
        String description,
        List<Reference> references,
        Severity severity,
        Boolean required,
        Boolean manual,
        List<EvidenceRule> evidence,
        ApplicableIf applicableIf,
        NotApplicable notApplicable) {

    public ItemSpec {
        Validation.requireItemId(id);
        title = Validation.requireText(title, "title");
        references = Validation.copyWithoutNulls(references, "references");
        severity = severity == null ? Severity.HIGH : severity;
        required = required == null ? Boolean.TRUE : required;
        manual = manual == null ? Boolean.FALSE : manual;
        evidence = Validation.copyWithoutNulls(evidence, "evidence");
        if (evidence.isEmpty() && !manual) {
            throw new IllegalArgumentException("item '" + id + "' needs at least one evidence rule (one of "
                    + String.join(", ", EvidenceRule.TYPES) + ") or 'manual: true'");
        }
    }

    /** This item with the fields an override sets replaced. */
    public ItemSpec with(ItemOverride override) {
        return new ItemSpec(id,
                override.title() != null ? override.title() : title,
                override.description() != null ? override.description() : description,
                override.references() != null ? override.references() : references,
                override.severity() != null ? override.severity() : severity,
                override.required() != null ? override.required() : required,
                override.manual() != null ? override.manual() : manual,
                override.evidence() != null ? override.evidence() : evidence,
                override.applicableIf() != null ? override.applicableIf() : applicableIf,
                override.notApplicable() != null ? override.notApplicable() : notApplicable);
    }

    /** The evidence rules to evaluate: the listed ones, plus a sign-off for a manual item that lists none. */
    public List<EvidenceRule> effectiveEvidence() {
        if (!manual || evidence.stream().anyMatch(rule -> rule.signoff() != null)) {
            return evidence;
        }
        List<EvidenceRule> rules = new java.util.ArrayList<>(evidence);
        rules.add(EvidenceRule.signoffRule());
        return List.copyOf(rules);
    }
}
