package dev.aigate.core.policy;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;

/**
 * An approved exception to the policy: which findings it covers ({@code rule}, optionally narrowed by a {@code subject}
 * glob), why, who approved it, and until when. An expired waiver covers nothing and is itself a violation.
 *
 * @param rule a rule id such as {@code datasets/file-modified}, or {@code datasets/*} for every rule of a check
 * @param subject optional glob on the finding's subject (a path relative to the policy), e.g. {@code data/raw/**}
 */
public record Waiver(
        String id,
        @JsonProperty(required = true) String rule,
        String subject,
        @JsonProperty(required = true) String reason,
        @JsonProperty(required = true) String approvedBy,
        @JsonProperty(required = true) LocalDate expires) {

    public Waiver {
        requireText(rule, "rule");
        requireText(reason, "reason");
        requireText(approvedBy, "approvedBy");
        if (subject != null && !subject.isBlank()) {
            try {
                dev.aigate.core.files.Glob.of(subject);
            } catch (dev.aigate.core.PolicyException e) {
                throw new IllegalArgumentException("'subject' pattern " + e.getMessage());
            }
        }
    }

    private static void requireText(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("'" + key + "' must not be empty");
        }
    }

    public Waiver withId(String newId) {
        return new Waiver(newId, rule, subject, reason, approvedBy, expires);
    }

    public boolean expiredOn(LocalDate today) {
        return expires.isBefore(today);
    }
}
