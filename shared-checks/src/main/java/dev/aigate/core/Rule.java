package dev.aigate.core;

import java.util.Objects;

/**
 * A rule a check can raise findings for. The id is qualified by the check, e.g. {@code datasets/file-modified}, and is
 * what waivers and severity overrides name.
 */
public record Rule(String id, Severity defaultSeverity, String description, String remediation) {
    public Rule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(defaultSeverity, "defaultSeverity");
        Objects.requireNonNull(description, "description");
    }

    public String checkId() {
        int slash = id.indexOf('/');
        return slash < 0 ? id : id.substring(0, slash);
    }
}
