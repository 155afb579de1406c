package dev.aigate.checks.compliance;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where a checklist item comes from: a framework key (used for the per-framework summary) and the precise citation.
 *
 * @param framework e.g. {@code eu-ai-act}, {@code nist-ai-rmf}, {@code owasp-ml-top10}, {@code gdpr}, {@code ccpa}
 * @param ref e.g. {@code Art. 15(5)}, {@code MEASURE 2.7}, {@code ML01:2023}
 */
public record Reference(@JsonProperty(required = true) String framework, @JsonProperty(required = true) String ref) {
    public Reference {
        if (framework == null || !Validation.FRAMEWORK.matcher(framework).matches()) {
            throw new IllegalArgumentException("framework '" + framework + "' must be 1-64 lower-case letters, digits,"
                    + " '.' or '-', e.g. eu-ai-act");
        }
        ref = Validation.requireText(ref, "ref");
    }

    @Override
    public String toString() {
        return framework + " " + ref;
    }
}
