package dev.aigate.core;

import java.nio.file.Path;

/** An input file (dataset, lock file, model) is missing, unreadable, malformed or unsafe. */
public class InputException extends GateException {
    private static final long serialVersionUID = 1L;

    public InputException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public InputException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
