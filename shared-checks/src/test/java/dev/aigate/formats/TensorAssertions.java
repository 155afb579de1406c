package dev.aigate.formats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** What the weight readers' fuzz harnesses hold every tensor to. */
public final class TensorAssertions {
    private TensorAssertions() {
    }

    /** Every element lies in the tensor's file: reads at any index (as watermark carriers are chosen) stay inside. */
    public static void requireInsideItsFile(TensorRef tensor) {
        try {
            long end = Math.addExact(tensor.offset(), Math.multiplyExact(tensor.elements(), tensor.encoding().width()));
            if (tensor.offset() < 0 || end > Files.size(tensor.file())) {
                throw new AssertionError("tensor '" + tensor.name() + "' of " + tensor.elements() + " elements at "
                        + tensor.offset() + " ends past its file");
            }
        } catch (ArithmeticException e) {
            throw new AssertionError("tensor '" + tensor.name() + "' of " + tensor.elements() + " elements overflows",
                    e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
