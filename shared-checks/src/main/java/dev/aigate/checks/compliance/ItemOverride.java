package dev.aigate.checks.compliance;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.aigate.core.Severity;
import java.util.List;

/**
 * Changes an inherited item (from a built-in profile or an extended checklist) by id: every field given replaces the
 * inherited one; fields left out keep their inherited value.
 */
public record ItemOverride(
        @JsonProperty(required = true) String id,
        String title,
        String description,
        List<Reference> references,
        Severity severity,
        Boolean required,
        Boolean manual,
        List<EvidenceRule> evidence,
        ApplicableIf applicableIf,
        NotApplicable notApplicable) {

    public ItemOverride {
        Validation.requireItemId(id);
        if (title != null) {
            title = Validation.requireText(title, "title");
        }
        references = references == null ? null : Validation.copyWithoutNulls(references, "references");
        evidence = evidence == null ? null : Validation.copyWithoutNulls(evidence, "evidence");
        if (title == null && description == null && references == null && severity == null && required == null
                && manual == null && evidence == null && applicableIf == null && notApplicable == null) {
            throw new IllegalArgumentException("the override of '" + id + "' changes nothing; give at least one of"
                    + " title, description, references, severity, required, manual, evidence, applicableIf,"
                    + " notApplicable");
        }
    }
}
