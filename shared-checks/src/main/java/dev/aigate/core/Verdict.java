package dev.aigate.core;

/**
 * The outcome of a gate run. ERROR means the gate could not evaluate and always fails the build; it is never
 * mistaken for a policy violation.
 */
public enum Verdict {
    PASS, WARN, FAIL, ERROR;

    /** The worse of two verdicts, ordered PASS &lt; WARN &lt; FAIL &lt; ERROR. */
    public Verdict worst(Verdict other) {
        return compareTo(other) >= 0 ? this : other;
    }

    /** CLI exit code: 0 PASS or WARN, 1 FAIL, 2 ERROR. */
    public int exitCode() {
        switch (this) {
            case FAIL:
                return 1;
            case ERROR:
                return 2;
            default:
                return 0;
        }
    }

    public boolean failsBuild() {
        return this == FAIL || this == ERROR;
    }
}
