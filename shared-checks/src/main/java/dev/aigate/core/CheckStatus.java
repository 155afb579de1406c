package dev.aigate.core;

/** What happened to one check in a gate run. */
public enum CheckStatus {
    /** Ran and produced no violations (it may still have informational or waived findings). */
    PASSED,
    /** Ran and produced at least one violation below the failing level. */
    WARNED,
    /** Ran and produced at least one violation at or above the failing level. */
    FAILED,
    /** Could not be evaluated: bad input, missing file, internal fault. */
    ERROR,
    /** Not run, with the reason in {@link CheckResult#skipReason()}. */
    SKIPPED
}
