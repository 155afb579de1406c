package dev.aigate.core;

/**
 * The gate could not evaluate: an input it cannot read or trust, or an internal fault. Always an ERROR verdict, never a
 * pass. The message names the file and the problem, so adapters print it as it is: control characters from file names
 * or YAML keys in it are escaped ({@link dev.aigate.core.io.Printable}).
 */
public class GateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public GateException(String message) {
        super(dev.aigate.core.io.Printable.escape(message));
    }

    public GateException(String message, Throwable cause) {
        super(dev.aigate.core.io.Printable.escape(message), cause);
    }
}
