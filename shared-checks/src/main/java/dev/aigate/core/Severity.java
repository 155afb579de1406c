package dev.aigate.core;

import java.util.Locale;

/** How serious a finding is. {@link #INFO} never counts as a violation; the others are compared to the failing level. */
public enum Severity {
    INFO, LOW, MEDIUM, HIGH, CRITICAL;

    /** The failing level when neither the policy nor the user names one. */
    public static final Severity DEFAULT_FAIL_ON = HIGH;

    public boolean atLeast(Severity other) {
        return compareTo(other) >= 0;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a user-supplied level such as {@code high} or {@code HIGH}. */
    public static Severity parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a severity is required (one of info, low, medium, high, critical)");
        }
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown severity '" + text + "' (expected one of info, low, medium, high, critical)");
        }
    }
}
