package dev.aigate.checks.models;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of one or more pickle streams, read forwards with the offset of every byte known, and PEP 3154 frames
 * enforced: an opcode must not cross the end of its frame, and a frame must not start before the previous one ends.
 * Python's C unpickler ignores frame lengths, so a frame that disagrees with its content is a sign of a file built to
 * confuse scanners; it is an error here.
 */
final class PickleInput {
    private static final int BUFFER = 1 << 16;

    private final InputStream in;
    private final byte[] buffer;
    private int bufferPosition;
    private int bufferLimit;
    private long offset;
    private long frameEnd = -1;
    private final long knownLength;

    /**
     * @param knownLength the stream's length when known (for better messages and early length checks), else -1
     */
    PickleInput(InputStream in, long knownLength) {
        this.in = in;
        this.knownLength = knownLength;
        // A small pickle gets a small buffer; at least 16 bytes, enough for the widest fixed-size argument.
        this.buffer = new byte[(int) (knownLength < 0 ? BUFFER : Math.max(16, Math.min(BUFFER, knownLength)))];
    }

    long offset() {
        return offset;
    }

    /** Whether no byte is left. */
    boolean atEnd() throws IOException {
        return !fill(1);
    }

    /** Whether the next bytes are {@code prefix} (not consumed). */
    boolean startsWith(byte[] prefix) throws IOException {
        if (!fill(prefix.length)) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (buffer[bufferPosition + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Bytes left when the length is known, else Long.MAX_VALUE. */
    long remaining() {
        return knownLength < 0 ? Long.MAX_VALUE : knownLength - offset;
    }

    private boolean fill(int wanted) throws IOException {
        if (bufferLimit - bufferPosition >= wanted) {
            return true;
        }
        if (bufferPosition > 0) {
            System.arraycopy(buffer, bufferPosition, buffer, 0, bufferLimit - bufferPosition);
            bufferLimit -= bufferPosition;
            bufferPosition = 0;
        }
        while (bufferLimit < wanted) {
            int n = in.read(buffer, bufferLimit, buffer.length - bufferLimit);
            if (n < 0) {
                return false;
            }
            bufferLimit += n;
        }
        return true;
    }

    /** Called before each opcode: a frame that is used up ends here. */
    void startOpcode() {
        if (frameEnd >= 0 && offset == frameEnd) {
            frameEnd = -1;
        }
    }

    /** Enters a frame of {@code length} bytes that starts at the current offset. */
    void frame(long length, long opcodeOffset) {
        if (frameEnd >= 0) {
            throw new MalformedModelException("FRAME at offset " + opcodeOffset + " starts before the frame that ends"
                    + " at offset " + frameEnd + " is used up");
        }
        if (length < 0 || length > remaining()) {
            throw new MalformedModelException("FRAME at offset " + opcodeOffset + " declares "
                    + Long.toUnsignedString(length) + " bytes but only " + remaining() + " follow");
        }
        frameEnd = offset + length;
    }

    /** Raw data that a loader reads past the pickle machine (joblib arrays) must not sit inside a frame. */
    void requireOutsideFrame(String what) {
        if (frameEnd >= 0 && offset != frameEnd) {
            throw new MalformedModelException(what + " at offset " + offset + " lies inside a pickle frame");
        }
        frameEnd = -1;
    }

    private void need(long count, String what) throws IOException {
        if (frameEnd >= 0 && offset + count > frameEnd) {
            throw new MalformedModelException(what + " at offset " + offset + " runs past the end of its frame at"
                    + " offset " + frameEnd + " (the frame length disagrees with its content)");
        }
        if (count > remaining()) {
            throw truncated(what);
        }
    }

    MalformedModelException truncated(String what) {
        return new MalformedModelException("truncated: the data ends at offset " + offset + " inside " + what
                + " (the stream ends before STOP)");
    }

    int u8(String what) throws IOException {
        need(1, what);
        if (!fill(1)) {
            throw truncated(what);
        }
        offset++;
        return buffer[bufferPosition++] & 0xff;
    }

    /** Little-endian unsigned, 1 to 8 bytes (8 bytes may come back negative: the caller checks). */
    long little(int width, String what) throws IOException {
        need(width, what);
        if (!fill(width)) {
            throw truncated(what);
        }
        long value = 0;
        for (int i = 0; i < width; i++) {
            value |= (long) (buffer[bufferPosition + i] & 0xff) << (8 * i);
        }
        bufferPosition += width;
        offset += width;
        return value;
    }

    long bigEndian8(String what) throws IOException {
        need(8, what);
        if (!fill(8)) {
            throw truncated(what);
        }
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (buffer[bufferPosition + i] & 0xff);
        }
        bufferPosition += 8;
        offset += 8;
        return value;
    }

    /** Exactly {@code count} bytes (count small enough for the heap; the caller bounds it). */
    byte[] bytes(int count, String what) throws IOException {
        need(count, what);
        byte[] out = new byte[count];
        int done = 0;
        while (done < count) {
            if (!fill(1)) {
                throw truncated(what);
            }
            int n = Math.min(count - done, bufferLimit - bufferPosition);
            System.arraycopy(buffer, bufferPosition, out, done, n);
            bufferPosition += n;
            done += n;
        }
        offset += count;
        return out;
    }

    /** Skips {@code count} bytes, keeping the first {@code keep}. */
    byte[] skipKeeping(long count, int keep, String what) throws IOException {
        need(count, what);
        byte[] prefix = bytes((int) Math.min(keep, count), what);
        long left = count - prefix.length;
        while (left > 0) {
            if (!fill(1)) {
                throw truncated(what);
            }
            int n = (int) Math.min(left, bufferLimit - bufferPosition);
            bufferPosition += n;
            left -= n;
            offset += n;
        }
        return prefix;
    }

    /**
     * A protocol 0 argument line without its newline; at most {@code max} bytes are kept (the rest of a longer line is
     * skipped and {@code overflow[0]} set). A line without a newline is truncation.
     */
    byte[] line(int max, String what, boolean[] overflow) throws IOException {
        java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();
        long length = 0;
        overflow[0] = false;
        while (true) {
            if (frameEnd >= 0 && offset >= frameEnd) {
                throw new MalformedModelException(what + " at offset " + offset + " runs past the end of its frame");
            }
            if (!fill(1)) {
                throw truncated(what);
            }
            byte b = buffer[bufferPosition++];
            offset++;
            if (b == '\n') {
                return kept.toByteArray();
            }
            if (length < max) {
                kept.write(b);
            } else {
                overflow[0] = true;
            }
            length++;
        }
    }

    static String ascii(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
