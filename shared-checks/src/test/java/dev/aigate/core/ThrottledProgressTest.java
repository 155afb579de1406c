package dev.aigate.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ThrottledProgressTest {
    @Test
    void printsAtMostOncePerIntervalWithFilesBytesAndRate() {
        List<String> lines = new ArrayList<>();
        AtomicLong now = new AtomicLong(0);
        ThrottledProgress progress = new ThrottledProgress(lines::add, 10_000, now::get);
        for (int i = 1; i <= 10_000; i++) {
            now.set(i * 6L); // 10,000 files over 60 simulated seconds
            progress.progress("hashing dataset 'd'", i, 10_000, i * 1048576L, 10_000 * 1048576L);
        }
        assertEquals(5, lines.size(), lines.toString());
        assertEquals("aigate: hashing dataset 'd': 1667/10000 files, 1667.0/10000.0 MiB, 166.7 MiB/s", lines.get(0));
    }

    @Test
    void shortRunsPrintNothingAndStepWorkCountsSteps() {
        List<String> lines = new ArrayList<>();
        ThrottledProgress progress = new ThrottledProgress(lines::add, 10_000, () -> 5);
        progress.progress("x", 1, 2, 0, 0);
        assertTrue(lines.isEmpty());
        assertEquals("aigate: robustness: 3/10 steps, 12 s", ThrottledProgress.line("robustness", 3, 10, 0, 0, 12_000));
    }
}
