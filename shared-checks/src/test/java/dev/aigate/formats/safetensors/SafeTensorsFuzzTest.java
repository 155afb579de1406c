package dev.aigate.formats.safetensors;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.aigate.core.GateException;
import dev.aigate.core.io.FuzzFiles;
import dev.aigate.formats.TensorAssertions;
import dev.aigate.formats.TensorRef;
import dev.aigate.formats.WeightReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The SafeTensors reader on arbitrary bytes: a file whose every float tensor can be read at its first and last
 * element (the header's offsets were checked against the file) and whose header, with metadata added as embedding
 * adds it, reads back as the same tensors; or a {@link GateException} naming the file.
 * {@code mvn verify} replays {@code SafeTensorsFuzzTestInputs/header/}; {@code tools/fuzz/campaign.sh} fuzzes.
 */
class SafeTensorsFuzzTest {
    private static final Path FILE = FuzzFiles.folder("safetensors").resolve("model.safetensors");
    private static final Path REWRITTEN = FuzzFiles.folder("safetensors").resolve("rewritten.safetensors");

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
        requireRoundTrip(file, data);
        try (WeightReader reader = new WeightReader()) {
            for (TensorRef tensor : file.floatTensors()) {
                TensorAssertions.requireInsideItsFile(tensor);
                if (tensor.elements() > 0) {
                    reader.read(tensor, 0);
                    reader.read(tensor, tensor.elements() - 1);
                }
            }
        }
    }

    /** The header that embedding writes (metadata added) must read back as the same tensors plus that metadata. */
    private static void requireRoundTrip(SafeTensorsFile file, byte[] data) {
        if (file.metadata().containsKey("aigate.fuzz")) {
            return; // embedding refuses a model that already carries its metadata
        }
        byte[] header = file.headerWith(Map.of("aigate.fuzz", "1"));
        int dataStart = (int) file.dataStart();
        ByteBuffer rewritten = ByteBuffer.allocate(8 + header.length + data.length - dataStart)
                .order(ByteOrder.LITTLE_ENDIAN);
        rewritten.putLong(header.length).put(header).put(data, dataStart, data.length - dataStart);
        SafeTensorsFile again = SafeTensorsFile.open(FuzzFiles.write(REWRITTEN, rewritten.array()));
        if (!describe(again.entries()).equals(describe(file.entries()))
                || !"1".equals(again.metadata().get("aigate.fuzz"))) {
            throw new AssertionError("the header with metadata added reads back differently: "
                    + new String(header, StandardCharsets.UTF_8));
        }
    }

    private static List<String> describe(List<SafeTensorsFile.Entry> entries) {
        return entries.stream().map(e -> e.name() + " " + e.dtype() + " " + Arrays.toString(e.shape()) + " "
                + (e.end() - e.begin())).toList();
    }
}
