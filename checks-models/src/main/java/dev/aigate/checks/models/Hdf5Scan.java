package dev.aigate.checks.models;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A legacy Keras HDF5 file: the root group's {@code model_config} (and {@code training_config}) attributes are the
 * model's configuration, judged by {@link KerasConfig}. An HDF5 file without them holds only arrays, which run no code.
 * jhdf reads the file; anything it cannot read is an error.
 */
final class Hdf5Scan {
    private static final String[] CONFIG_ATTRIBUTES = {"model_config", "training_config"};

    private Hdf5Scan() {
    }

    /** @param file the file on disk when the blob is the whole file, else null */
    static void scan(Blob blob, Path file, String member, ScanLimits limits, Globals globals, ScanSink sink)
            throws IOException {
        try (HdfFile hdf = file != null ? new HdfFile(file) : HdfFile.fromByteBuffer(blob.buffer())) {
            for (String name : CONFIG_ATTRIBUTES) {
                Attribute attribute = hdf.getAttribute(name);
                if (attribute == null) {
                    continue;
                }
                if (attribute.getSizeInBytes() > limits.maxHeaderBytes()) {
                    throw new MalformedModelException("HDF5 attribute '" + name + "' of " + attribute.getSizeInBytes()
                            + " bytes is too large");
                }
                String config = text(attribute.getData(), name);
                KerasConfig.judge(config, member == null ? name : member + "!" + name, globals, sink);
            }
        } catch (MalformedModelException e) {
            throw e;
        } catch (IOException | RuntimeException | StackOverflowError | OutOfMemoryError e) {
            throw new MalformedModelException("HDF5 file cannot be read: " + e, e);
        }
    }

    private static String text(Object data, String name) {
        if (data instanceof String s) {
            return s;
        }
        if (data instanceof String[] array && array.length == 1) {
            return array[0];
        }
        if (data instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        throw new MalformedModelException("HDF5 attribute '" + name + "' is not a string ("
                + (data == null ? "empty" : data.getClass().getSimpleName()) + ")");
    }
}
