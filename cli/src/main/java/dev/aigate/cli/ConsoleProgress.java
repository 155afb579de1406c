package dev.aigate.cli;

import dev.aigate.core.ProgressListener;
import dev.aigate.core.ThrottledProgress;
import java.io.PrintWriter;

/** Progress of long runs on standard error, at most every two seconds, never for short runs. */
final class ConsoleProgress {
    private static final long INTERVAL_MILLIS = 2000;

    private ConsoleProgress() {
    }

    static ProgressListener to(PrintWriter err) {
        return new ThrottledProgress(line -> {
            err.println(line);
            err.flush();
        }, INTERVAL_MILLIS);
    }
}
