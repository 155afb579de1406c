package dev.aigate.checks.compliance;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Marks an item as not applicable to this project, with the reason a reviewer will read in the report. */
public record NotApplicable(@JsonProperty(required = true) String reason) {
    public NotApplicable {
        reason = Validation.requireText(reason, "reason");
    }
}
