package dev.aigate.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MavenProgressLogTest {
    @Test
    void logsAtMostOncePerIntervalWithFilesBytesAndRate() {
        VerdictTranslatorTest.RecordingLog log = new VerdictTranslatorTest.RecordingLog();
        AtomicLong now = new AtomicLong(0);
        MavenProgressLog progress = new MavenProgressLog(log, 10_000, now::get);
        for (int i = 1; i <= 10_000; i++) {
            now.set(i * 6L); // 10,000 files over 60 simulated seconds
            progress.progress("hashing dataset 'd'", i, 10_000, i * 1048576L, 10_000 * 1048576L);
        }
        assertEquals(5, log.infos.size(), log.infos.toString());
        String first = log.infos.get(0);
        assertTrue(first.contains("hashing dataset 'd': 1667/10000 files"), first);
        assertTrue(first.contains("MiB/s"), first);
    }
}
