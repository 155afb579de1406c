package dev.aigate.formats.onnx;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.aigate.core.GateException;
import dev.aigate.core.io.FuzzFiles;
import dev.aigate.formats.TensorAssertions;
import dev.aigate.formats.TensorRef;
import dev.aigate.formats.WeightReader;
import java.nio.file.Path;
import java.util.Map;

/**
 * The ONNX protobuf reader on arbitrary bytes: a model whose every float initializer can be read at its first and
 * last element, or a {@link GateException} naming the file. The model's folder holds one external-data file
 * ({@code weights.bin}); a location outside the folder must be refused. {@code mvn verify} replays
 * {@code OnnxFuzzTestInputs/model/}; {@code tools/fuzz/campaign.sh} fuzzes.
 */
class OnnxFuzzTest {
    private static final Path FOLDER = FuzzFiles.folder("onnx");
    private static final Path FILE = FOLDER.resolve("model.onnx");

    static {
        // an external-data file the fuzzer can name and read from
        FuzzFiles.write(FOLDER.resolve("weights.bin"), new byte[256]);
    }

    @FuzzTest(maxDuration = "60s")
    void model(byte[] data) {
        OnnxModel model;
        try {
            model = OnnxModel.open(FuzzFiles.write(FILE, data));
        } catch (GateException refusal) {
            FuzzFiles.requireNamed(refusal, "model.onnx");
            return;
        }
        model.initializers();
        model.metadata();
        for (Path file : model.files()) {
            if (!file.toAbsolutePath().normalize().startsWith(FOLDER.toAbsolutePath().normalize())) {
                throw new AssertionError("the model names a file outside its folder: " + file);
            }
        }
        OnnxModel.metadataBytes(Map.of("aigate.fuzz", "1"));
        try (WeightReader reader = new WeightReader()) {
            for (TensorRef tensor : model.floatTensors()) {
                TensorAssertions.requireInsideItsFile(tensor);
                if (tensor.elements() > 0) {
                    reader.read(tensor, 0);
                    reader.read(tensor, tensor.elements() - 1);
                }
            }
        }
    }
}
