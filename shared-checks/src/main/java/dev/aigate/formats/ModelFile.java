package dev.aigate.formats;

import dev.aigate.core.InputException;
import dev.aigate.formats.onnx.OnnxModel;
import dev.aigate.formats.safetensors.SafeTensorsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A parsed and validated model file: its floating-point tensors (with where their bytes lie) and its string metadata.
 * Parsing reads only headers; tensor data is never loaded on the heap.
 */
public interface ModelFile {
    Path path();

    /** {@code safetensors} or {@code onnx}. */
    String format();

    /** The floating-point tensors whose elements can be read and rewritten in place, in file order. */
    List<TensorRef> floatTensors();

    /** The model's string metadata ({@code __metadata__} or {@code metadata_props}). */
    Map<String, String> metadata();

    /** Every file that makes up the model: the model file first, then external data files. */
    List<Path> files();

    /** The files {@link #writePatched} writes for {@code output}: the model file first, then external data files. */
    default List<Path> outputFiles(Path output) {
        return List.of(output);
    }

    /**
     * Writes a copy of the model to {@code output} in which the bytes at the patched offsets are replaced and
     * {@code addMetadata} is added to the model's metadata; everything else is copied byte for byte. The patches are
     * computed while the bulk copy runs. The copy is atomic: on any failure no output file exists.
     */
    void writePatched(Path output, PatchSource patches, Map<String, String> addMetadata, WriteHook hook);

    /** Opens a model by its file name extension ({@code .safetensors} or {@code .onnx}). */
    static ModelFile open(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!Files.exists(path)) {
            throw new InputException(path, "model file does not exist");
        }
        if (!Files.isRegularFile(path)) {
            throw new InputException(path, "not a regular file");
        }
        if (!Files.isReadable(path)) {
            throw new InputException(path, "model file is not readable");
        }
        if (name.endsWith(".safetensors")) {
            return SafeTensorsFile.open(path);
        }
        if (name.endsWith(".onnx")) {
            return OnnxModel.open(path);
        }
        throw new InputException(path, "unsupported model format (expected a .safetensors or .onnx file)");
    }

    /** Fails with a message naming {@code output} when it would overwrite {@code input}. */
    static void refuseSameFile(Path input, Path output) {
        Path in = input.toAbsolutePath().normalize();
        Path out = output.toAbsolutePath().normalize();
        boolean same = in.equals(out);
        if (!same && Files.exists(out)) {
            try {
                same = Files.isSameFile(in, out);
            } catch (IOException e) {
                same = false;
            }
        }
        if (same) {
            throw new InputException(output, "the output path is the input model; write the watermarked copy to"
                    + " another file (the input is never overwritten)");
        }
    }
}
