package dev.aigate.checks.models;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Checks a GGUF header: magic, version 1 to 3, counts, every key and value (types, string and array lengths inside the
 * file and bounded), tensor infos (at most 4 dimensions, known types, aligned offsets whose data lies inside the file),
 * and hands every chat template ({@code tokenizer.chat_template*}) to {@link ChatTemplate}: llama.cpp front ends and
 * Python bindings render it with Jinja when the model is used.
 */
final class GgufScan {
    private static final int STRING = 8;
    private static final int ARRAY = 9;
    private static final int[] SCALAR_BYTES = {1, 1, 2, 2, 4, 4, 4, 1, -1, -1, 8, 8, 8};
    /** ggml type id to {bytes per block, elements per block}; {0, 0} for ids that are not (or no longer) used. */
    private static final int[][] GGML_TYPES = {
        {4, 1}, {2, 1}, {18, 32}, {20, 32}, {0, 0}, {0, 0}, {22, 32}, {24, 32}, {34, 32}, {36, 32},
        {84, 256}, {110, 256}, {144, 256}, {176, 256}, {210, 256}, {292, 256}, {66, 256}, {74, 256}, {98, 256},
        {50, 256}, {18, 32}, {110, 256}, {82, 256}, {136, 256}, {1, 1}, {2, 1}, {4, 1}, {8, 1}, {8, 1},
        {56, 256}, {2, 1}, {0, 0}, {0, 0}, {0, 0}, {54, 256}, {66, 256}, {0, 0}, {0, 0}, {0, 0}, {17, 32}};

    private final Blob blob;
    private final ScanLimits limits;
    private final String member;
    private final ScanSink sink;
    private long position;
    private int version;
    private final byte[] window = new byte[1 << 16];
    private long windowStart = -1;
    private int windowLength;

    private GgufScan(Blob blob, ScanLimits limits, String member, ScanSink sink) {
        this.blob = blob;
        this.limits = limits;
        this.member = member;
        this.sink = sink;
    }

    static void scan(Blob blob, String member, ScanLimits limits, ScanSink sink) throws IOException {
        new GgufScan(blob, limits, member, sink).run();
    }

    private void run() throws IOException {
        position = 4;
        version = (int) u32("version");
        if (version < 1 || version > 3) {
            throw new MalformedModelException("GGUF version " + version + " is not known");
        }
        long tensors = count("tensor count");
        long keys = count("metadata count");
        if (tensors > 10_000_000L || keys > 1_000_000L) {
            throw new MalformedModelException("GGUF declares " + tensors + " tensors and " + keys
                    + " metadata entries, more than scanned");
        }
        long alignment = 32;
        for (long i = 0; i < keys; i++) {
            String key = string("metadata key");
            long valueOffset = position;
            int type = (int) u32("metadata type of '" + key + "'");
            if (key.equals("general.alignment") && type == 4) {
                alignment = u32("general.alignment");
                if (alignment == 0 || Long.bitCount(alignment) != 1) {
                    throw new MalformedModelException("GGUF general.alignment " + alignment + " is not a power of 2");
                }
            } else if (type == STRING && key.startsWith("tokenizer.chat_template")) {
                String template = string("chat template");
                ChatTemplate.judge(template).ifPresent(problem -> sink.hit(new Hit(Hit.Kind.GGUF_TEMPLATE_CODE,
                        member, valueOffset, key, problem, "chat template " + key)));
            } else {
                value(type, key, 0);
            }
        }
        long[][] infos = new long[(int) Math.min(tensors, 1 << 20)][];
        for (long i = 0; i < tensors; i++) {
            String name = string("tensor name");
            long dims = u32("dimensions of '" + name + "'");
            if (dims < 1 || dims > 4) {
                throw new MalformedModelException("GGUF tensor '" + name + "' has " + dims + " dimensions (1 to 4)");
            }
            long elements = 1;
            for (int d = 0; d < dims; d++) {
                long size = count("dimension of '" + name + "'");
                try {
                    elements = Math.multiplyExact(elements, size);
                } catch (ArithmeticException e) {
                    throw new MalformedModelException("GGUF tensor '" + name + "' shape overflows");
                }
            }
            int type = (int) u32("type of '" + name + "'");
            if (type < 0 || type >= GGML_TYPES.length || GGML_TYPES[type][0] == 0) {
                throw new MalformedModelException("GGUF tensor '" + name + "' has an unknown type " + type);
            }
            long offset = u64("offset of '" + name + "'");
            if (elements % GGML_TYPES[type][1] != 0) {
                throw new MalformedModelException("GGUF tensor '" + name + "' has " + elements
                        + " elements, not a whole number of blocks of its type");
            }
            long bytes = elements / GGML_TYPES[type][1] * GGML_TYPES[type][0];
            if (offset < 0 || offset % alignment != 0 && i < infos.length) {
                throw new MalformedModelException("GGUF tensor '" + name + "' offset " + offset
                        + " is not aligned to " + alignment);
            }
            if (i < infos.length) {
                infos[(int) i] = new long[] {offset, bytes};
            }
        }
        long dataStart = (position + alignment - 1) / alignment * alignment;
        long dataLength = blob.size() - dataStart;
        for (long[] info : infos) {
            if (info != null && (info[0] > dataLength || info[1] > dataLength - info[0])) {
                throw new MalformedModelException("GGUF tensor data [" + info[0] + ", " + (info[0] + info[1])
                        + ") lies outside the " + Math.max(0, dataLength) + " bytes of data in the file");
            }
        }
    }

    private void value(int type, String key, int depth) throws IOException {
        if (type == STRING) {
            skipString("value of '" + key + "'");
        } else if (type == ARRAY) {
            if (depth > 2) {
                throw new MalformedModelException("GGUF arrays nested too deep in '" + key + "'");
            }
            int elementType = (int) u32("array type of '" + key + "'");
            long count = count("array length of '" + key + "'");
            if (elementType == STRING || elementType == ARRAY) {
                if (count > blob.size()) {
                    throw new MalformedModelException("GGUF array '" + key + "' declares " + count + " elements");
                }
                for (long i = 0; i < count; i++) {
                    value(elementType, key, depth + 1);
                }
            } else {
                int width = width(elementType, key);
                if (count > (blob.size() - position) / width) {
                    throw new MalformedModelException("GGUF array '" + key + "' of " + count
                            + " elements runs past the end of the file");
                }
                position += count * width;
            }
        } else {
            position += width(type, key);
            require(0, "value of '" + key + "'");
        }
    }

    private int width(int type, String key) {
        if (type < 0 || type >= SCALAR_BYTES.length || SCALAR_BYTES[type] < 0) {
            throw new MalformedModelException("GGUF metadata '" + key + "' has an unknown type " + type);
        }
        return SCALAR_BYTES[type];
    }

    private long count(String what) throws IOException {
        long value = version == 1 ? u32(what) : u64(what);
        if (value < 0) {
            throw new MalformedModelException("GGUF " + what + " is out of range");
        }
        return value;
    }

    private String string(String what) throws IOException {
        long length = count(what + " length");
        if (length > limits.maxHeaderBytes() || length > blob.size() - position) {
            throw new MalformedModelException("GGUF " + what + " of " + length + " bytes runs past the end of the file"
                    + " or the limit");
        }
        byte[] bytes = blob.readFully(position, (int) length);
        position += length;
        return Utf8.decode(bytes, 0, bytes.length).orElse(new String(bytes, StandardCharsets.ISO_8859_1));
    }

    private void skipString(String what) throws IOException {
        long length = count(what + " length");
        if (length > blob.size() - position) {
            throw new MalformedModelException("GGUF " + what + " of " + length + " bytes runs past the end of the file");
        }
        position += length;
    }

    private void require(int bytes, String what) {
        if (position + bytes > blob.size()) {
            throw new MalformedModelException("GGUF file truncated inside " + what);
        }
    }

    /** Small reads go through a window, so that a vocabulary of many short strings is not a read call each. */
    private byte[] bytes(long at, int length) throws IOException {
        if (windowStart < 0 || at < windowStart || at + length > windowStart + windowLength) {
            windowStart = at;
            windowLength = 0;
            int n;
            while (windowLength < window.length
                    && (n = blob.read(at + windowLength, window, windowLength, window.length - windowLength)) > 0) {
                windowLength += n;
            }
            if (length > windowLength) {
                throw new MalformedModelException("GGUF file truncated at offset " + at);
            }
        }
        byte[] out = new byte[length];
        System.arraycopy(window, (int) (at - windowStart), out, 0, length);
        return out;
    }

    private long u32(String what) throws IOException {
        require(4, what);
        long value = ZipArchive.u32(bytes(position, 4), 0);
        position += 4;
        return value;
    }

    private long u64(String what) throws IOException {
        require(8, what);
        long value = ZipArchive.i64(bytes(position, 8), 0);
        position += 8;
        return value;
    }
}
