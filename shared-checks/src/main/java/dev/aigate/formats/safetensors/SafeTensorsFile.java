package dev.aigate.formats.safetensors;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigate.core.InputException;
import dev.aigate.formats.FloatEncoding;
import dev.aigate.formats.ModelFile;
import dev.aigate.formats.PatchSource;
import dev.aigate.formats.Patches;
import dev.aigate.formats.StagedFile;
import dev.aigate.formats.TensorRef;
import dev.aigate.formats.WriteHook;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A SafeTensors file: an 8-byte little-endian header length N, N bytes of UTF-8 JSON (tensor name to dtype, shape and
 * data offsets relative to the data section, plus an optional {@code __metadata__} string map), then the data. Only
 * the header is read; it is validated strictly (bounded length, strict JSON without duplicate names, known dtypes,
 * shapes that match byte lengths, offsets in range and not overlapping).
 */
public final class SafeTensorsFile implements ModelFile {
    /** The largest header accepted, as in the reference implementation. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;
    public static final String METADATA_KEY = "__metadata__";

    private static final Map<String, Integer> DTYPE_BYTES = Map.ofEntries(
            Map.entry("BOOL", 1), Map.entry("U8", 1), Map.entry("I8", 1), Map.entry("F8_E5M2", 1),
            Map.entry("F8_E4M3", 1), Map.entry("F8_E8M0", 1), Map.entry("I16", 2), Map.entry("U16", 2),
            Map.entry("F16", 2), Map.entry("BF16", 2), Map.entry("I32", 4), Map.entry("U32", 4),
            Map.entry("F32", 4), Map.entry("F64", 8), Map.entry("I64", 8), Map.entry("U64", 8),
            Map.entry("C64", 8));
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One tensor as the header declares it; offsets are relative to the data section. */
    public record Entry(String name, String dtype, long[] shape, long begin, long end) {
        public long elements() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }
    }

    private final Path path;
    private final long fileSize;
    private final byte[] header;
    private final List<Entry> entries;
    private final Map<String, String> metadata;
    private final int metadataClose;
    private final boolean metadataEmpty;

    private SafeTensorsFile(Path path, long fileSize, byte[] header, List<Entry> entries, Map<String, String> metadata,
            int metadataClose, boolean metadataEmpty) {
        this.path = path;
        this.fileSize = fileSize;
        this.header = header;
        this.entries = entries;
        this.metadata = metadata;
        this.metadataClose = metadataClose;
        this.metadataEmpty = metadataEmpty;
    }

    public static SafeTensorsFile open(Path file) {
        Path path = file.toAbsolutePath().normalize();
        // Only a regular file, checked without following links just before opening (a FIFO would block for ever).
        try (FileChannel channel = FileChannel.open(dev.aigate.core.io.BoundedFiles.realRegularFile(path,
                "SafeTensors file"), StandardOpenOption.READ, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            long size = channel.size();
            if (size < 8) {
                throw new InputException(file, "truncated SafeTensors file: " + size + " bytes, shorter than the"
                        + " 8-byte header length");
            }
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, lengthBytes, 0);
            long headerLength = lengthBytes.getLong(0);
            if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
                throw new InputException(file, "SafeTensors header length " + Long.toUnsignedString(headerLength)
                        + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes");
            }
            if (8 + headerLength > size) {
                throw new InputException(file, "truncated SafeTensors file: header length " + headerLength
                        + " is larger than the " + (size - 8) + " bytes after it");
            }
            if (headerLength < 2) {
                throw new InputException(file, "SafeTensors header of " + headerLength + " bytes is too short to be"
                        + " a JSON object");
            }
            ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
            readFully(channel, headerBytes, 8);
            byte[] header = headerBytes.array();
            return parse(file, path, size, header);
        } catch (IOException e) {
            throw new InputException(file, "cannot read SafeTensors file: " + e.getMessage(), e);
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long at) throws IOException {
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at + buffer.position());
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
        }
    }

    private static SafeTensorsFile parse(Path shown, Path path, long size, byte[] header) {
        if (header[0] != '{') {
            throw new InputException(shown, "SafeTensors header does not start with a JSON object ('{')");
        }
        long dataLength = size - 8 - header.length;
        List<Entry> entries = new ArrayList<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        int metadataClose = -1;
        boolean metadataEmpty = true;
        try (JsonParser parser = JSON.createParser(header)) {
            expect(shown, parser.nextToken(), JsonToken.START_OBJECT, "the header");
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                if (METADATA_KEY.equals(name)) {
                    expect(shown, parser.nextToken(), JsonToken.START_OBJECT, "'" + METADATA_KEY + "'");
                    while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                        String key = parser.currentName();
                        if (parser.nextToken() != JsonToken.VALUE_STRING) {
                            throw new InputException(shown, "SafeTensors '" + METADATA_KEY + "' value of '" + key
                                    + "' is not a string");
                        }
                        metadata.put(key, parser.getText());
                        metadataEmpty = false;
                    }
                    metadataClose = (int) parser.currentTokenLocation().getByteOffset();
                } else {
                    entries.add(entry(shown, parser, name, dataLength));
                }
            }
            expect(shown, token, JsonToken.END_OBJECT, "the header");
            if (parser.nextToken() != null) {
                throw new InputException(shown, "SafeTensors header has content after its JSON object");
            }
        } catch (JsonParseException e) {
            String message = e.getOriginalMessage();
            if (message != null && message.startsWith("Duplicate field")) {
                throw new InputException(shown, "SafeTensors header has a duplicate tensor or metadata name: "
                        + message, e);
            }
            if (message != null && message.contains("UTF-8")) {
                throw new InputException(shown, "SafeTensors header is not valid UTF-8: " + message, e);
            }
            throw new InputException(shown, "SafeTensors header is not valid JSON: " + message, e);
        } catch (IOException e) {
            throw new InputException(shown, "SafeTensors header is not valid JSON: " + e.getMessage(), e);
        }
        checkOverlaps(shown, entries);
        return new SafeTensorsFile(path, size, header, Collections.unmodifiableList(entries),
                Collections.unmodifiableMap(metadata), metadataClose, metadataEmpty);
    }

    private static Entry entry(Path shown, JsonParser parser, String name, long dataLength) throws IOException {
        expect(shown, parser.nextToken(), JsonToken.START_OBJECT, "tensor '" + name + "'");
        String dtype = null;
        long[] shape = null;
        long[] offsets = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (key) {
                case "dtype":
                    if (value != JsonToken.VALUE_STRING) {
                        throw new InputException(shown, "tensor '" + name + "' has a dtype that is not a string");
                    }
                    dtype = parser.getText();
                    break;
                case "shape":
                    shape = longs(shown, parser, value, name, "shape");
                    break;
                case "data_offsets":
                    offsets = longs(shown, parser, value, name, "data_offsets");
                    break;
                default:
                    throw new InputException(shown, "tensor '" + name + "' has an unknown key '" + key + "'");
            }
        }
        if (dtype == null || shape == null || offsets == null) {
            throw new InputException(shown, "tensor '" + name + "' lacks "
                    + (dtype == null ? "'dtype'" : shape == null ? "'shape'" : "'data_offsets'"));
        }
        Integer width = DTYPE_BYTES.get(dtype);
        if (width == null) {
            throw new InputException(shown, "tensor '" + name + "' has an unknown dtype '" + dtype + "'");
        }
        if (offsets.length != 2) {
            throw new InputException(shown, "tensor '" + name + "' data_offsets must be [begin, end], has "
                    + offsets.length + " values");
        }
        long begin = offsets[0];
        long end = offsets[1];
        if (begin > end || end > dataLength) {
            throw new InputException(shown, "tensor '" + name + "' data_offsets [" + begin + ", " + end
                    + "] lie outside the data section of " + dataLength + " bytes");
        }
        long bytes;
        try {
            long elements = 1;
            for (long d : shape) {
                elements = Math.multiplyExact(elements, d);
            }
            bytes = Math.multiplyExact(elements, (long) width);
        } catch (ArithmeticException e) {
            throw new InputException(shown, "tensor '" + name + "' shape " + Arrays.toString(shape)
                    + " is too large");
        }
        if (bytes != end - begin) {
            throw new InputException(shown, "tensor '" + name + "' shape " + Arrays.toString(shape) + " of "
                    + dtype + " needs " + bytes + " bytes but its data_offsets span " + (end - begin));
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    private static long[] longs(Path shown, JsonParser parser, JsonToken start, String name, String key)
            throws IOException {
        if (start != JsonToken.START_ARRAY) {
            throw new InputException(shown, "tensor '" + name + "' " + key + " is not an array");
        }
        List<Long> values = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    || parser.getLongValue() < 0) {
                throw new InputException(shown, "tensor '" + name + "' " + key + " must hold non-negative"
                        + " integers");
            }
            if (values.size() >= 64) {
                throw new InputException(shown, "tensor '" + name + "' " + key + " has too many values");
            }
            values.add(parser.getLongValue());
        }
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    private static void expect(Path shown, JsonToken actual, JsonToken expected, String what) {
        if (actual != expected) {
            throw new InputException(shown, "SafeTensors header: " + what + " must be a JSON "
                    + (expected == JsonToken.START_OBJECT ? "object" : "object, closed properly")
                    + " (found " + actual + ")");
        }
    }

    private static void checkOverlaps(Path shown, List<Entry> entries) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        for (int i = 1; i < sorted.size(); i++) {
            Entry previous = sorted.get(i - 1);
            Entry current = sorted.get(i);
            if (current.begin() < previous.end()) {
                throw new InputException(shown, "tensors '" + previous.name() + "' [" + previous.begin() + ", "
                        + previous.end() + ") and '" + current.name() + "' [" + current.begin() + ", "
                        + current.end() + ") overlap in the data section");
            }
        }
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public String format() {
        return "safetensors";
    }

    public List<Entry> entries() {
        return entries;
    }

    public long dataStart() {
        return 8L + header.length;
    }

    @Override
    public List<TensorRef> floatTensors() {
        List<TensorRef> refs = new ArrayList<>();
        for (Entry entry : entries) {
            FloatEncoding encoding = encodingOf(entry.dtype());
            if (encoding != null) {
                refs.add(new TensorRef(entry.name(), encoding, entry.elements(), path, dataStart() + entry.begin()));
            }
        }
        return refs;
    }

    static FloatEncoding encodingOf(String dtype) {
        switch (dtype) {
            case "F32":
                return FloatEncoding.F32;
            case "F16":
                return FloatEncoding.F16;
            case "BF16":
                return FloatEncoding.BF16;
            default:
                return null;
        }
    }

    @Override
    public Map<String, String> metadata() {
        return metadata;
    }

    @Override
    public List<Path> files() {
        return List.of(path);
    }

    /** The header with {@code add} inserted into {@code __metadata__}, padded with spaces to 8-byte alignment. */
    public byte[] headerWith(Map<String, String> add) {
        int end = header.length;
        while (end > 0 && header[end - 1] == ' ') {
            end--;
        }
        StringBuilder entriesText = new StringBuilder();
        try {
            for (Map.Entry<String, String> e : add.entrySet()) {
                if (entriesText.length() > 0) {
                    entriesText.append(',');
                }
                entriesText.append(MAPPER.writeValueAsString(e.getKey())).append(':')
                        .append(MAPPER.writeValueAsString(e.getValue()));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String insertion;
        int at;
        if (metadataClose >= 0) {
            at = metadataClose;
            insertion = (metadataEmpty || add.isEmpty() ? "" : ",") + entriesText;
        } else {
            at = 1;
            insertion = "\"" + METADATA_KEY + "\":{" + entriesText + "}" + (entries.isEmpty() ? "" : ",");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(end + insertion.length() + 8);
        out.write(header, 0, at);
        byte[] inserted = insertion.getBytes(StandardCharsets.UTF_8);
        out.write(inserted, 0, inserted.length);
        out.write(header, at, end - at);
        while ((8 + out.size()) % 8 != 0) {
            out.write(' ');
        }
        return out.toByteArray();
    }

    @Override
    public void writePatched(Path output, PatchSource patches, Map<String, String> addMetadata, WriteHook hook) {
        ModelFile.refuseSameFile(path, output);
        byte[] newHeader = headerWith(addMetadata);
        long newDataStart = 8L + newHeader.length;
        try (FileChannel in = FileChannel.open(path, StandardOpenOption.READ);
                StagedFile staged = new StagedFile(output)) {
            ByteBuffer head = ByteBuffer.allocate(8 + newHeader.length).order(ByteOrder.LITTLE_ENDIAN);
            head.putLong(newHeader.length).put(newHeader).flip();
            staged.write(head, 0);
            Patches computed = StagedFile.whileCopying(() -> staged.copyFrom(in, dataStart(),
                    fileSize - dataStart(), newDataStart), patches);
            hook.reached("copied");
            staged.apply(computed.forFile(path), newDataStart - dataStart());
            hook.reached("patched");
            staged.commit();
        } catch (IOException e) {
            throw new InputException(output, "cannot write the watermarked model: " + e.getMessage(), e);
        }
    }
}
