package dev.aigate.core;

import java.util.List;

/** Rules the gate itself raises about the policy (waivers), reported under the pseudo-check {@code policy}. */
public final class PolicyRules {
    public static final String CHECK_ID = "policy";
    public static final String TITLE = "Policy and waivers";

    public static final Rule WAIVER_EXPIRED = new Rule("policy/waiver-expired", Severity.HIGH,
            "A waiver in the policy has passed its expiry date; it no longer covers any finding.",
            "Renew the waiver with a new approval and expiry date, or fix the findings it covered and remove it.");
    public static final Rule WAIVER_EXPIRING = new Rule("policy/waiver-expiring", Severity.LOW,
            "A waiver in the policy expires soon (within the policy's waiverWarningDays, 14 by default); when it"
                    + " lapses, the findings it covers count again and the expired waiver fails the build.",
            "Renew the waiver with its approver (a new expiry date), or fix the findings it covers and remove it.");
    public static final Rule WAIVER_UNUSED = new Rule("policy/waiver-unused", Severity.INFO,
            "A waiver matched no finding in this run.",
            "Remove the waiver if the finding it covered is gone, or correct its rule or subject.");

    public static final List<Rule> ALL = List.of(WAIVER_EXPIRED, WAIVER_EXPIRING, WAIVER_UNUSED);

    private PolicyRules() {
    }
}
