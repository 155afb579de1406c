package dev.aigate.core;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The git index reader on arbitrary bytes: an answer or none, and only IOException or a buffer under/overflow inside
 * the reader (which {@link GitWorkTree#dirty(Path)} turns into "no answer"); never a hang or another exception. The
 * work tree is a directory that does not exist, so nothing outside is read. {@code mvn verify} replays the seeds in
 * {@code GitIndexFuzzTestInputs/}; {@code JAZZER_FUZZ=1 mvn test -pl shared-checks -Dtest=GitIndexFuzzTest} fuzzes.
 */
class GitIndexFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void index(byte[] data) {
        try {
            GitWorkTree.dirty(ByteBuffer.wrap(data), Path.of("/nonexistent-aigate-work-tree"));
        } catch (IOException | java.nio.BufferUnderflowException | IllegalArgumentException
                | IndexOutOfBoundsException expected) {
            // refused, as dirty(Path) reports "no answer"
        }
    }
}
