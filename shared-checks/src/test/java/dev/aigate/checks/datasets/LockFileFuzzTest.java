package dev.aigate.checks.datasets;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.aigate.core.GateException;
import dev.aigate.core.io.FuzzFiles;
import java.nio.file.Path;

/**
 * The dataset lock reader on arbitrary bytes: a lock or a {@link GateException} naming the file. {@code mvn verify}
 * replays {@code LockFileFuzzTestInputs/lockFile/}; {@code tools/fuzz/campaign.sh} fuzzes.
 */
class LockFileFuzzTest {
    private static final Path FILE = FuzzFiles.folder("lock").resolve("aigate-datasets.lock.json");

    @FuzzTest(maxDuration = "60s")
    void lockFile(byte[] data) {
        try {
            DatasetLock lock = LockFileIO.read(FuzzFiles.write(FILE, data));
            for (DatasetLock.Entry entry : lock.datasets()) {
                lock.find(entry.name());
            }
        } catch (GateException refusal) {
            FuzzFiles.requireNamed(refusal, "aigate-datasets.lock.json");
        }
    }
}
