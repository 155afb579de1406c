package dev.aigate.core;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Turns progress calls into a readable line at most once per interval (never during a short run), so long runs show
 * signs of life without flooding a build log. Adapters only choose where the line goes and how often.
 */
public final class ThrottledProgress implements ProgressListener {
    private final Consumer<String> sink;
    private final long intervalMillis;
    private final LongSupplier clock;
    private final long startedAt;
    private final AtomicLong lastPrinted;

    public ThrottledProgress(Consumer<String> sink, long intervalMillis) {
        this(sink, intervalMillis, System::currentTimeMillis);
    }

    /** @param clock milliseconds, injectable for tests */
    public ThrottledProgress(Consumer<String> sink, long intervalMillis, LongSupplier clock) {
        this.sink = sink;
        this.intervalMillis = Math.max(1, intervalMillis);
        this.clock = clock;
        this.startedAt = clock.getAsLong();
        this.lastPrinted = new AtomicLong(startedAt);
    }

    @Override
    public void progress(String task, long done, long total, long bytesDone, long bytesTotal) {
        long now = clock.getAsLong();
        long last = lastPrinted.get();
        if (now - last < intervalMillis || !lastPrinted.compareAndSet(last, now)) {
            return;
        }
        sink.accept(line(task, done, total, bytesDone, bytesTotal, now - startedAt));
    }

    static String line(String task, long done, long total, long bytesDone, long bytesTotal, long elapsedMillis) {
        double seconds = Math.max(0.001, elapsedMillis / 1000.0);
        if (bytesTotal <= 0) {
            // Work that is not about bytes (e.g. robustness attacks) reports steps.
            return String.format(Locale.ROOT, "aigate: %s: %d/%d steps, %.0f s", task, done, total, seconds);
        }
        return String.format(Locale.ROOT, "aigate: %s: %d/%d files, %.1f/%.1f MiB, %.1f MiB/s", task, done, total,
                bytesDone / 1048576.0, bytesTotal / 1048576.0, bytesDone / 1048576.0 / seconds);
    }
}
