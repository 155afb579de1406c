package dev.aigate.checks.models;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;

/**
 * Fuzz harnesses for the pickle machine and the archive and format readers. In {@code mvn verify} they run their
 * committed seed corpus (src/test/resources/.../ScannerFuzzTestInputs/) as regression tests; with JAZZER_FUZZ=1 they
 * fuzz. Whatever the input, a scan either finishes or fails with {@link MalformedModelException} (or an I/O error):
 * never another exception, a hang or an out-of-memory error.
 */
class ScannerFuzzTest {
    private static final String[] NAMES = {"model.pkl", "model.pt", "model.zip", "model.safetensors", "model.gguf",
        "model.onnx", "model.npy", "model.h5", "model.keras", "model.tar", "model.7z", "model.pkl.gz", "model.bin",
        "notes.txt"};
    private static final ScanLimits SMALL = new ScanLimits(200_000, 10_000, 10_000, 1 << 16, 4096, 64, 256, 3,
            16 << 20, 64 << 20, 1000, 4 << 20, 1 << 20);

    private static void scan(byte[] data, String name) {
        try {
            new ModelScanner(new Globals(java.util.List.of()), SMALL).scan(data, name);
        } catch (MalformedModelException | IOException expected) {
            // a refusal, which the check reports as an error naming the file
        }
    }

    @FuzzTest(maxDuration = "30s")
    void pickleMachine(byte[] data) {
        scan(data, "model.pkl");
    }

    @FuzzTest(maxDuration = "30s")
    void zipArchives(byte[] data) {
        scan(data, "model.pt");
    }

    @FuzzTest(maxDuration = "30s")
    void tarArchives(byte[] data) {
        scan(data, "model.tar");
    }

    @FuzzTest(maxDuration = "30s")
    void kerasArchives(byte[] data) {
        scan(data, "model.keras");
    }

    @FuzzTest(maxDuration = "30s")
    void hdf5(byte[] data) {
        scan(data, "model.h5");
    }

    @FuzzTest(maxDuration = "30s")
    void gguf(byte[] data) {
        scan(data, "model.gguf");
    }

    @FuzzTest(maxDuration = "30s")
    void anyFormat(FuzzedDataProvider data) {
        String name = NAMES[data.consumeInt(0, NAMES.length - 1)];
        scan(data.consumeRemainingAsBytes(), name);
    }
}
