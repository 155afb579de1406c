package dev.aigate.core;

/**
 * The policy (or an override of it) is misconfigured: unknown key, wrong type, missing field. Distinct from a policy
 * violation, which is a {@link Finding}. The message names the file, line and key.
 */
public class PolicyException extends GateException {
    private static final long serialVersionUID = 1L;

    public PolicyException(String message) {
        super(message);
    }

    public PolicyException(String message, Throwable cause) {
        super(message, cause);
    }
}
