package dev.aigate.checks.compliance;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Makes an item conditional on a declared fact, e.g. privacy items apply only when {@code personalData} is
 * {@code true} in {@code compliance/privacy.yml}. Fails closed: when the file or key is missing the item applies.
 */
public record ApplicableIf(
        @JsonProperty(required = true) String file,
        @JsonProperty(required = true) String path,
        @JsonProperty(required = true) JsonNode equals) {

    public ApplicableIf {
        Validation.requireInsideProject(file, "file");
        path = Validation.requireText(path, "path");
        if (equals == null || !equals.isValueNode() || equals.isNull()) {
            throw new IllegalArgumentException("'equals' must be a text, number or true/false value");
        }
    }
}
