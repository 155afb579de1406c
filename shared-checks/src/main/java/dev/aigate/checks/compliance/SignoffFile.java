package dev.aigate.checks.compliance;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;
import java.util.List;

/**
 * The sign-off file: dated approvals of checklist items by named people in named roles.
 *
 * @param version the format version; this aigate reads {@value ChecklistFile#VERSION}
 */
public record SignoffFile(@JsonProperty(required = true) Integer version, List<Signoff> signoffs) {
    public SignoffFile {
        if (version == null || version != ChecklistFile.VERSION) {
            throw new IllegalArgumentException("sign-off file version " + version + " is not supported (this aigate"
                    + " reads version " + ChecklistFile.VERSION + ")");
        }
        signoffs = Validation.copyWithoutNulls(signoffs, "signoffs");
    }

    /**
     * One approval.
     *
     * @param item the checklist item id it approves
     * @param date the day it was given; a sign-off dated after today does not count yet
     * @param expires optional last day it counts; an expired sign-off does not count
     */
    public record Signoff(
            @JsonProperty(required = true) String item,
            @JsonProperty(required = true) String approver,
            @JsonProperty(required = true) String role,
            @JsonProperty(required = true) LocalDate date,
            LocalDate expires,
            String note) {

        public Signoff {
            Validation.requireItemId(item);
            approver = Validation.requireText(approver, "approver");
            role = Validation.requireText(role, "role");
            if (expires != null && expires.isBefore(date)) {
                throw new IllegalArgumentException("sign-off of '" + item + "' expires (" + expires
                        + ") before it is dated (" + date + ")");
            }
        }

        public boolean expiredOn(LocalDate today) {
            return expires != null && expires.isBefore(today);
        }

        public String describe() {
            return "by " + approver + " (" + role + ") on " + date + (expires == null ? "" : ", expires " + expires);
        }
    }
}
