package dev.aigate.checks.models;

/**
 * A model file (or archive member) that cannot be scanned to the end: truncated, an invalid opcode, a frame or size
 * that disagrees with its content, a bound exceeded. The scan turns it into an ERROR naming the file and member; it is
 * never a pass.
 */
final class MalformedModelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MalformedModelException(String problem) {
        super(problem);
    }

    MalformedModelException(String problem, Throwable cause) {
        super(problem, cause);
    }
}
