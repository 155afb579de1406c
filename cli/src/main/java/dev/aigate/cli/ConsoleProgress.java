package dev.aigate.cli;

import dev.aigate.core.ProgressListener;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/** Prints progress of long runs to standard error, at most every two seconds, never for short runs. */
final class ConsoleProgress implements ProgressListener {
    private static final long INTERVAL_MILLIS = 2000;
    private final PrintWriter err;
    private final long startedAt = System.currentTimeMillis();
    private final AtomicLong lastPrinted = new AtomicLong(System.currentTimeMillis());

    ConsoleProgress(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void progress(String task, long done, long total, long bytesDone, long bytesTotal) {
        long now = System.currentTimeMillis();
        long last = lastPrinted.get();
        if (now - last < INTERVAL_MILLIS || !lastPrinted.compareAndSet(last, now)) {
            return;
        }
        double seconds = Math.max(0.001, (now - startedAt) / 1000.0);
        if (bytesTotal <= 0) {
            // Work that is not about bytes (e.g. robustness attacks) reports steps.
            err.println(String.format(Locale.ROOT, "aigate: %s: %d/%d steps, %.0f s", task, done, total, seconds));
            err.flush();
            return;
        }
        err.println(String.format(Locale.ROOT, "aigate: %s: %d/%d files, %.1f/%.1f MiB, %.1f MiB/s", task, done,
                total, bytesDone / 1048576.0, bytesTotal / 1048576.0, bytesDone / 1048576.0 / seconds));
        err.flush();
    }
}
