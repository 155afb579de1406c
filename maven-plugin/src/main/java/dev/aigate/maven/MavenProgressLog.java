package dev.aigate.maven;

import dev.aigate.core.ProgressListener;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.maven.plugin.logging.Log;

/** Logs progress at most once per interval, so long runs show signs of life without flooding the build log. */
final class MavenProgressLog implements ProgressListener {
    private final Log log;
    private final long intervalMillis;
    private final java.util.function.LongSupplier clock;
    private final long startedAt;
    private final AtomicLong lastLogged;

    MavenProgressLog(Log log, long intervalMillis) {
        this(log, intervalMillis, System::currentTimeMillis);
    }

    MavenProgressLog(Log log, long intervalMillis, java.util.function.LongSupplier clock) {
        this.log = log;
        this.intervalMillis = Math.max(1000, intervalMillis);
        this.clock = clock;
        this.startedAt = clock.getAsLong();
        this.lastLogged = new AtomicLong(startedAt);
    }

    @Override
    public void progress(String task, long done, long total, long bytesDone, long bytesTotal) {
        long now = clock.getAsLong();
        long last = lastLogged.get();
        if (now - last < intervalMillis || !lastLogged.compareAndSet(last, now)) {
            return;
        }
        double seconds = Math.max(0.001, (now - startedAt) / 1000.0);
        if (bytesTotal <= 0) {
            // Work that is not about bytes (e.g. robustness attacks) reports steps.
            log.info(String.format(Locale.ROOT, "aigate: %s: %d/%d steps, %.0f s", task, done, total, seconds));
            return;
        }
        log.info(String.format(Locale.ROOT, "aigate: %s: %d/%d files, %s/%s, %.1f MiB/s", task, done, total,
                mib(bytesDone), mib(bytesTotal), bytesDone / 1048576.0 / seconds));
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
