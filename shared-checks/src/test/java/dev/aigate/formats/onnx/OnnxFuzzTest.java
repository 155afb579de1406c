package dev.aigate.formats.onnx;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.aigate.core.GateException;
import dev.aigate.core.io.FuzzFiles;
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
                requireInsideItsFile(tensor);
                if (tensor.elements() > 0) {
                    reader.read(tensor, 0);
                    reader.read(tensor, tensor.elements() - 1);
                }
            }
        }
    }

    /** Every element lies in the tensor's file: reads at any index (as watermark carriers are chosen) stay inside. */
    static void requireInsideItsFile(TensorRef tensor) {
        try {
            long end = Math.addExact(tensor.offset(), Math.multiplyExact(tensor.elements(), tensor.encoding().width()));
            if (tensor.offset() < 0 || end > java.nio.file.Files.size(tensor.file())) {
                throw new AssertionError("tensor '" + tensor.name() + "' of " + tensor.elements() + " elements at "
                        + tensor.offset() + " ends past its file");
            }
        } catch (ArithmeticException e) {
            throw new AssertionError("tensor '" + tensor.name() + "' of " + tensor.elements() + " elements overflows",
                    e);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
