package dev.aigate.core;

/**
 * The user asked for something the gate does not offer: an unknown option, a missing required one, a value of the
 * wrong form. An ERROR like any misconfiguration (exit code 2), but reported as a usage error so that a front end can
 * point at its help.
 */
public class UsageException extends PolicyException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
