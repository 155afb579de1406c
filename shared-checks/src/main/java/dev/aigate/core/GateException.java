package dev.aigate.core;

/**
 * The gate could not evaluate: an input it cannot read or trust, or an internal fault. Always an ERROR verdict, never a
 * pass. The message names the file and the problem, so adapters print it as it is.
 */
public class GateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public GateException(String message) {
        super(message);
    }

    public GateException(String message, Throwable cause) {
        super(message, cause);
    }
}
