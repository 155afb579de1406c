package dev.aigate.formats.npy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.aigate.core.GateException;
import dev.aigate.core.io.FuzzFiles;
import java.nio.file.Path;

/**
 * The NumPy reader on arbitrary bytes: an array of at most the element cap, whose values match its shape, or a
 * {@link GateException} naming the file. {@code mvn verify} replays {@code NpyFuzzTestInputs/npy/};
 * {@code tools/fuzz/campaign.sh} fuzzes.
 */
class NpyFuzzTest {
    private static final long MAX_ELEMENTS = 1 << 16;
    private static final Path FILE = Path.of("fuzz.npy");

    @FuzzTest(maxDuration = "60s")
    void npy(byte[] data) {
        NpyReader.NpyArray array;
        try {
            array = NpyReader.parse(FILE, data, MAX_ELEMENTS);
        } catch (GateException refusal) {
            FuzzFiles.requireNamed(refusal, "fuzz.npy");
            return;
        }
        long elements = 1;
        for (long dimension : array.shape()) {
            elements *= dimension;
        }
        if (array.values().length > MAX_ELEMENTS || elements != array.values().length) {
            throw new AssertionError("shape " + NpyReader.shapeText(array.shape()) + " holds " + elements
                    + " elements, but " + array.values().length + " were read (cap " + MAX_ELEMENTS + ")");
        }
    }
}
