package dev.aigate.formats.safetensors;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.aigate.core.GateException;
import dev.aigate.core.io.FuzzFiles;
import dev.aigate.formats.TensorRef;
import dev.aigate.formats.WeightReader;
import java.nio.file.Path;
import java.util.Map;

/**
 * The SafeTensors reader on arbitrary bytes: a file whose every float tensor can be read at its first and last
 * element (the header's offsets were checked against the file), or a {@link GateException} naming the file.
 * {@code mvn verify} replays {@code SafeTensorsFuzzTestInputs/header/}; {@code tools/fuzz/campaign.sh} fuzzes.
 */
class SafeTensorsFuzzTest {
    private static final Path FILE = FuzzFiles.folder("safetensors").resolve("model.safetensors");

    @FuzzTest(maxDuration = "60s")
    void header(byte[] data) {
        SafeTensorsFile file;
        try {
            file = SafeTensorsFile.open(FuzzFiles.write(FILE, data));
        } catch (GateException refusal) {
            FuzzFiles.requireNamed(refusal, "model.safetensors");
            return;
        }
        file.entries();
        file.metadata();
        file.headerWith(Map.of("aigate.fuzz", "1"));
        try (WeightReader reader = new WeightReader()) {
            for (TensorRef tensor : file.floatTensors()) {
                if (tensor.elements() > 0) {
                    reader.read(tensor, 0);
                    reader.read(tensor, tensor.elements() - 1);
                }
            }
        }
    }
}
