package dev.aigate.formats;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A floating-point tensor whose elements lie contiguously in a file, little-endian.
 *
 * @param name the tensor's name in the model
 * @param encoding how each element is stored
 * @param elements number of elements (product of the shape)
 * @param file the file holding the elements (the model file, or an ONNX external data file)
 * @param offset absolute byte offset of element 0 in {@code file}
 */
public record TensorRef(String name, FloatEncoding encoding, long elements, Path file, long offset) {
    public TensorRef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(file, "file");
    }

    public long byteOffsetOf(long element) {
        return offset + element * encoding.width();
    }
}
