package dev.aigate.core;

import java.util.Objects;

/**
 * One thing a check found. {@code subject} is the file (relative to the policy directory, with '/' separators) or
 * other named input the finding is about; {@code expected}/{@code actual} carry the evidence.
 *
 * @param waiverId the id of the waiver that covers this finding, or null when it is not waived
 */
public record Finding(
        String ruleId,
        Severity severity,
        String message,
        String subject,
        Integer line,
        String expected,
        String actual,
        String remediation,
        String waiverId) {

    public Finding {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        // Messages quote file names and YAML keys: no control character from them reaches a terminal or report raw.
        message = dev.aigate.core.io.Printable.escape(message);
    }

    public static Builder of(Rule rule, String message) {
        return new Builder(rule, message);
    }

    public String checkId() {
        int slash = ruleId.indexOf('/');
        return slash < 0 ? ruleId : ruleId.substring(0, slash);
    }

    public boolean waived() {
        return waiverId != null;
    }

    /** True when this finding counts against the verdict: not informational and not waived. */
    public boolean isViolation() {
        return severity != Severity.INFO && !waived();
    }

    public Finding withSeverity(Severity newSeverity) {
        return new Finding(ruleId, newSeverity, message, subject, line, expected, actual, remediation, waiverId);
    }

    public Finding withWaiver(String id) {
        return new Finding(ruleId, severity, message, subject, line, expected, actual, remediation, id);
    }

    /** Builds a finding with the rule's default severity and remediation. */
    public static final class Builder {
        private final Rule rule;
        private final String message;
        private String subject;
        private Integer line;
        private String expected;
        private String actual;
        private String remediation;

        private Builder(Rule rule, String message) {
            this.rule = Objects.requireNonNull(rule, "rule");
            this.message = Objects.requireNonNull(message, "message");
            this.remediation = rule.remediation();
        }

        public Builder subject(String value) {
            this.subject = value;
            return this;
        }

        public Builder line(Integer value) {
            this.line = value;
            return this;
        }

        public Builder expected(Object value) {
            this.expected = value == null ? null : String.valueOf(value);
            return this;
        }

        public Builder actual(Object value) {
            this.actual = value == null ? null : String.valueOf(value);
            return this;
        }

        public Builder remediation(String value) {
            this.remediation = value;
            return this;
        }

        public Finding build() {
            return new Finding(rule.id(), rule.defaultSeverity(), message, subject, line, expected, actual,
                    remediation, null);
        }
    }
}
