package dev.aigate.checks.compliance;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code compliance} section of the policy. Paths are relative to the policy file's directory (the project).
 *
 * @param checklist the project's checklist file (which extends built-in profiles and adds or overrides items)
 * @param signoffs the sign-off file; default {@value #DEFAULT_SIGNOFFS}; a missing file means no sign-offs
 * @param modelCard the model card {@code modelCard} rules read unless they name another; default
 *     {@value #DEFAULT_MODEL_CARD}
 */
public record ComplianceConfig(
        Boolean enabled,
        @JsonProperty(required = true) String checklist,
        String signoffs,
        String modelCard) {

    public static final String DEFAULT_CHECKLIST = "compliance/checklist.yml";
    public static final String DEFAULT_SIGNOFFS = "compliance/signoffs.yml";
    public static final String DEFAULT_MODEL_CARD = "MODEL_CARD.md";

    public ComplianceConfig {
        enabled = enabled == null ? Boolean.TRUE : enabled;
        Validation.requireInsideProject(checklist, "checklist");
        signoffs = signoffs == null ? DEFAULT_SIGNOFFS : Validation.requireInsideProject(signoffs, "signoffs");
        modelCard = modelCard == null ? DEFAULT_MODEL_CARD : Validation.requireInsideProject(modelCard, "modelCard");
    }
}
