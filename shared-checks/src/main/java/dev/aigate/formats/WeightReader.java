package dev.aigate.formats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads single elements of tensors by positional reads through a small window, so reading a few thousand scattered
 * weights of a multi-gigabyte model touches only the pages around them and never maps or loads the whole file.
 * Reads are fastest in ascending offset order.
 */
public final class WeightReader implements AutoCloseable {
    private static final int WINDOW = 4096;
    private final Map<Path, FileChannel> channels = new HashMap<>();
    private final ByteBuffer window = ByteBuffer.allocateDirect(WINDOW).order(ByteOrder.LITTLE_ENDIAN);
    private Path windowFile;
    private long windowStart = -1;
    private int windowLength;

    public float read(TensorRef tensor, long element) {
        long offset = tensor.byteOffsetOf(element);
        int width = tensor.encoding().width();
        try {
            if (!tensor.file().equals(windowFile) || offset < windowStart
                    || offset + width > windowStart + windowLength) {
                fill(tensor.file(), offset, width);
            }
            int at = (int) (offset - windowStart);
            int bits = width == 4 ? window.getInt(at) : window.getShort(at) & 0xffff;
            return tensor.encoding().decode(bits);
        } catch (IOException e) {
            throw new UncheckedIOException(tensor.file() + ": cannot read tensor '" + tensor.name() + "': "
                    + e.getMessage(), e);
        }
    }

    private void fill(Path file, long offset, int width) throws IOException {
        FileChannel channel = channels.get(file);
        if (channel == null) {
            channel = FileChannel.open(file, StandardOpenOption.READ);
            channels.put(file, channel);
        }
        window.clear();
        long at = offset;
        while (window.position() < width) {
            int n = channel.read(window, at + window.position());
            if (n < 0) {
                throw new IOException("unexpected end of file at offset " + (at + window.position()));
            }
        }
        windowFile = file;
        windowStart = offset;
        windowLength = window.position();
    }

    @Override
    public void close() {
        for (FileChannel channel : channels.values()) {
            try {
                channel.close();
            } catch (IOException e) {
                // read-only; nothing to lose
            }
        }
        channels.clear();
    }
}
