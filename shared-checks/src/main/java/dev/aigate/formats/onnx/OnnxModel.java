package dev.aigate.formats.onnx;

import dev.aigate.core.InputException;
import dev.aigate.core.io.SafePaths;
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
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ONNX model read from the protobuf wire format without an ONNX library: only ModelProto's graph initializers
 * (name, dims, data_type, raw_data or packed float_data, external data) and metadata_props are decoded; every other
 * field is skipped with its length checked. Tensor payloads are located, never copied onto the heap.
 *
 * <p>Writing patches the bytes of raw_data / float_data / external data in place (same length) and appends
 * metadata_props entries at the end of the ModelProto, which protobuf allows; every other byte stays identical.
 */
public final class OnnxModel implements ModelFile {
    static final int MAX_NAME_BYTES = 1 << 16;
    static final int MAX_METADATA_BYTES = 1 << 20;
    static final int MAX_SUBGRAPH_DEPTH = 16;
    static final int DATA_TYPE_FLOAT = 1;
    static final int DATA_TYPE_FLOAT16 = 10;
    static final int DATA_TYPE_BFLOAT16 = 16;

    /** Bytes per element by ONNX TensorProto.DataType; 0 for types without a fixed whole-byte size. */
    private static final int[] TYPE_BYTES = {
        -1, 4, 1, 1, 2, 2, 4, 8, 0, 1, 2, 8, 4, 8, 8, 16, 2, 1, 1, 1, 1, 0, 0, 0};

    /** An initializer as the file declares it. */
    public record Initializer(String name, int dataType, long[] dims, long elements, Path dataFile, long dataOffset,
            long dataLength, String externalLocation, boolean unpackedFloats) {
    }

    private final Path path;
    private final long fileSize;
    private final List<Initializer> initializers;
    private final Map<String, String> metadata;
    private final Map<String, Path> externalFiles;

    private OnnxModel(Path path, long fileSize, List<Initializer> initializers, Map<String, String> metadata,
            Map<String, Path> externalFiles) {
        this.path = path;
        this.fileSize = fileSize;
        this.initializers = initializers;
        this.metadata = metadata;
        this.externalFiles = externalFiles;
    }

    public static OnnxModel open(Path file) {
        Path path = file.toAbsolutePath().normalize();
        // Only a regular file, checked without following links just before opening (a FIFO would block for ever).
        try (FileChannel channel = FileChannel.open(dev.aigate.core.io.BoundedFiles.realRegularFile(path,
                "ONNX file"), StandardOpenOption.READ, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            long size = channel.size();
            if (size == 0) {
                throw new InputException(file, "ONNX file is empty");
            }
            if (size > Integer.MAX_VALUE) {
                throw new InputException(file, "ONNX file of " + size + " bytes exceeds the 2 GiB protobuf limit");
            }
            MappedByteBuffer buffer = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
            buffer.order(ByteOrder.LITTLE_ENDIAN);
            return new Parser(file, path, buffer, size).parse();
        } catch (ProtoReader.ProtoException e) {
            throw new InputException(file, "not a valid ONNX model (protobuf does not parse): " + e.getMessage(), e);
        } catch (IOException e) {
            throw new InputException(file, "cannot read ONNX file: " + e.getMessage(), e);
        }
    }

    private static final class Parser {
        private final Path shown;
        private final Path path;
        private final ByteBuffer buffer;
        private final long size;
        private final List<Initializer> initializers = new ArrayList<>();
        private final Map<String, String> metadata = new LinkedHashMap<>();
        private final Map<String, Path> externalFiles = new LinkedHashMap<>();
        private final Set<String> names = new HashSet<>();

        Parser(Path shown, Path path, ByteBuffer buffer, long size) {
            this.shown = shown;
            this.path = path;
            this.buffer = buffer;
            this.size = size;
        }

        OnnxModel parse() {
            ProtoReader model = new ProtoReader(buffer, 0, size);
            boolean hasIrVersion = false;
            boolean hasGraph = false;
            while (model.hasMore()) {
                long tag = model.readTag();
                int field = (int) (tag >>> 3);
                int wire = (int) (tag & 7);
                if (field == 1 && wire == ProtoReader.VARINT) {
                    model.readVarint();
                    hasIrVersion = true;
                } else if (field == 7 && wire == ProtoReader.LEN) {
                    long start = model.readLengthDelimited();
                    graph(new ProtoReader(buffer, start, model.position()));
                    hasGraph = true;
                } else if (field == 14 && wire == ProtoReader.LEN) {
                    long start = model.readLengthDelimited();
                    String[] entry = stringEntry(new ProtoReader(buffer, start, model.position()), "metadata_props");
                    metadata.put(entry[0], entry[1]);
                } else {
                    model.skip(tag);
                }
            }
            if (!hasIrVersion || !hasGraph) {
                throw new InputException(shown, "not a valid ONNX model: no " + (hasIrVersion ? "graph" : "ir_version")
                        + " in the ModelProto");
            }
            return new OnnxModel(path, size, Collections.unmodifiableList(initializers),
                    Collections.unmodifiableMap(metadata), Collections.unmodifiableMap(externalFiles));
        }

        private void graph(ProtoReader graph) {
            while (graph.hasMore()) {
                long tag = graph.readTag();
                long field = tag >>> 3;
                if (field == 5 && (tag & 7) == ProtoReader.LEN) {
                    long start = graph.readLengthDelimited();
                    tensor(new ProtoReader(buffer, start, graph.position()));
                } else if ((field == 1 || field == 15) && (tag & 7) == ProtoReader.LEN) {
                    long start = graph.readLengthDelimited();
                    ProtoReader part = new ProtoReader(buffer, start, graph.position());
                    if (field == 1) {
                        node(part, 0);
                    } else {
                        refuseExternalSparse(part, "a sparse initializer");
                    }
                } else {
                    graph.skip(tag);
                }
            }
        }

        /**
         * External data anywhere but in the main graph's initializers is refused: in a node attribute (a Constant's
         * value), a sparse tensor or a subgraph (If, Loop, Scan), ONNX Runtime would read it, yet it would be neither
         * checked against the model folder nor recorded among the judged inputs.
         */
        private void node(ProtoReader node, int depth) {
            while (node.hasMore()) {
                long tag = node.readTag();
                if ((tag >>> 3) == 5 && (tag & 7) == ProtoReader.LEN) {
                    long start = node.readLengthDelimited();
                    attribute(new ProtoReader(buffer, start, node.position()), depth);
                } else {
                    node.skip(tag);
                }
            }
        }

        private void attribute(ProtoReader attribute, int depth) {
            while (attribute.hasMore()) {
                long tag = attribute.readTag();
                long field = tag >>> 3;
                if ((tag & 7) != ProtoReader.LEN || (field != 5 && field != 6 && field != 10 && field != 11
                        && field != 22 && field != 23)) {
                    attribute.skip(tag);
                    continue;
                }
                long start = attribute.readLengthDelimited();
                ProtoReader part = new ProtoReader(buffer, start, attribute.position());
                if (field == 6 || field == 11) {
                    subgraph(part, depth + 1);
                } else if (field == 5 || field == 10) {
                    refuseExternal(part, "a node attribute");
                } else {
                    refuseExternalSparse(part, "a node attribute");
                }
            }
        }

        private void subgraph(ProtoReader graph, int depth) {
            if (depth > MAX_SUBGRAPH_DEPTH) {
                throw new InputException(shown, "subgraphs nested deeper than " + MAX_SUBGRAPH_DEPTH);
            }
            while (graph.hasMore()) {
                long tag = graph.readTag();
                long field = tag >>> 3;
                if ((tag & 7) != ProtoReader.LEN || (field != 1 && field != 5 && field != 15)) {
                    graph.skip(tag);
                    continue;
                }
                long start = graph.readLengthDelimited();
                ProtoReader part = new ProtoReader(buffer, start, graph.position());
                if (field == 1) {
                    node(part, depth);
                } else if (field == 5) {
                    refuseExternal(part, "a subgraph's initializer");
                } else {
                    refuseExternalSparse(part, "a subgraph's sparse initializer");
                }
            }
        }

        /** Fails when the TensorProto stores its data outside the model file. */
        private void refuseExternal(ProtoReader tensor, String where) {
            while (tensor.hasMore()) {
                long tag = tensor.readTag();
                if ((tag >>> 3) == 14 && (tag & 7) == ProtoReader.VARINT) {
                    if (tensor.readVarint() != 0) {
                        throw new InputException(shown, "a tensor in " + where + " stores its data outside the model"
                                + " file (data_location EXTERNAL): only the main graph's initializers may, so that"
                                + " their files are checked and recorded");
                    }
                } else {
                    tensor.skip(tag);
                }
            }
        }

        /** The same for a SparseTensorProto: its values (field 1) and indices (field 2) are TensorProtos. */
        private void refuseExternalSparse(ProtoReader sparse, String where) {
            while (sparse.hasMore()) {
                long tag = sparse.readTag();
                long field = tag >>> 3;
                if ((field == 1 || field == 2) && (tag & 7) == ProtoReader.LEN) {
                    long start = sparse.readLengthDelimited();
                    refuseExternal(new ProtoReader(buffer, start, sparse.position()), where);
                } else {
                    sparse.skip(tag);
                }
            }
        }

        private void tensor(ProtoReader tensor) {
            List<Long> dims = new ArrayList<>();
            int dataType = 0;
            String name = null;
            long rawStart = -1;
            long rawLength = 0;
            long floatStart = -1;
            long floatLength = 0;
            long unpackedFloats = 0;
            int dataLocation = 0;
            Map<String, String> external = new LinkedHashMap<>();
            while (tensor.hasMore()) {
                long tag = tensor.readTag();
                int field = (int) (tag >>> 3);
                int wire = (int) (tag & 7);
                if (field == 1 && wire == ProtoReader.VARINT) {
                    dims.add(tensor.readVarint());
                } else if (field == 1 && wire == ProtoReader.LEN) {
                    long start = tensor.readLengthDelimited();
                    ProtoReader packed = new ProtoReader(buffer, start, tensor.position());
                    while (packed.hasMore()) {
                        dims.add(packed.readVarint());
                    }
                } else if (field == 2 && wire == ProtoReader.VARINT) {
                    dataType = (int) tensor.readVarint();
                } else if (field == 8 && wire == ProtoReader.LEN) {
                    long start = tensor.readLengthDelimited();
                    name = tensor.utf8(start, tensor.position(), MAX_NAME_BYTES);
                } else if (field == 9 && wire == ProtoReader.LEN) {
                    rawStart = tensor.readLengthDelimited();
                    rawLength = tensor.position() - rawStart;
                } else if (field == 4 && wire == ProtoReader.LEN) {
                    floatStart = tensor.readLengthDelimited();
                    floatLength = tensor.position() - floatStart;
                } else if (field == 4 && wire == ProtoReader.FIXED32) {
                    tensor.readFixed32();
                    unpackedFloats++;
                } else if (field == 13 && wire == ProtoReader.LEN) {
                    long start = tensor.readLengthDelimited();
                    String[] entry = stringEntry(new ProtoReader(buffer, start, tensor.position()), "external_data");
                    external.put(entry[0], entry[1]);
                } else if (field == 14 && wire == ProtoReader.VARINT) {
                    dataLocation = (int) tensor.readVarint();
                } else {
                    tensor.skip(tag);
                }
            }
            if (name == null || name.isEmpty()) {
                name = "<unnamed initializer #" + initializers.size() + ">";
            }
            if (!names.add(name)) {
                throw new InputException(shown, "duplicate initializer name '" + name + "'");
            }
            if (dataType <= 0 || dataType >= TYPE_BYTES.length) {
                throw new InputException(shown, "initializer '" + name + "' has an unknown data_type " + dataType);
            }
            long elements = 1;
            int width = TYPE_BYTES[dataType];
            long expected;
            try {
                for (long d : dims) {
                    if (d < 0) {
                        throw new InputException(shown, "initializer '" + name + "' has a negative dimension");
                    }
                    elements = Math.multiplyExact(elements, d);
                }
                // Exact too: a wrapped byte count would let 4 bytes of raw_data pass for 2^62 + 1 floats.
                expected = width > 0 ? Math.multiplyExact(elements, width) : -1;
            } catch (ArithmeticException e) {
                throw new InputException(shown, "initializer '" + name + "' has a shape too large: " + dims);
            }
            long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
            if (dataLocation == 1) {
                externalData(name, dataType, shape, elements, expected, external);
                return;
            }
            if (dataLocation != 0) {
                throw new InputException(shown, "initializer '" + name + "' has an unknown data_location "
                        + dataLocation);
            }
            if (rawStart >= 0) {
                if (expected >= 0 && rawLength != expected) {
                    throw new InputException(shown, "initializer '" + name + "' shape " + dims + " needs " + expected
                            + " bytes but its raw_data has " + rawLength);
                }
                initializers.add(new Initializer(name, dataType, shape, elements, path, rawStart, rawLength, null,
                        false));
            } else if (floatStart >= 0 && dataType == DATA_TYPE_FLOAT) {
                if (floatLength != elements * 4 || unpackedFloats > 0) {
                    throw new InputException(shown, "initializer '" + name + "' shape " + dims + " needs "
                            + elements + " floats but float_data has " + (floatLength / 4 + unpackedFloats));
                }
                initializers.add(new Initializer(name, dataType, shape, elements, path, floatStart, floatLength, null,
                        false));
            } else {
                initializers.add(new Initializer(name, dataType, shape, elements, null, -1, 0, null,
                        unpackedFloats > 0));
            }
        }

        private void externalData(String name, int dataType, long[] shape, long elements, long expected,
                Map<String, String> external) {
            String location = external.get("location");
            if (location == null) {
                throw new InputException(shown, "initializer '" + name + "' is stored externally but has no"
                        + " 'location'");
            }
            Path dir = path.getParent();
            Path resolved = SafePaths.resolveInside(dir, location).orElseThrow(() -> new InputException(shown,
                    "initializer '" + name + "' external data path '" + location + "' leaves the model directory ("
                            + SafePaths.problemWith(location).orElse("resolves outside it") + ")"));
            try {
                Path real = resolved.toRealPath();
                if (!real.startsWith(dir.toRealPath())) {
                    throw new InputException(shown, "initializer '" + name + "' external data path '" + location
                            + "' leaves the model directory (through a symbolic link)");
                }
                if (!Files.isRegularFile(real)) {
                    throw new InputException(shown, "initializer '" + name + "' external data '" + location
                            + "' is not a regular file");
                }
                long offset = number(name, external, "offset", 0);
                long fileLength = Files.size(real);
                long length = number(name, external, "length", expected >= 0 ? expected : fileLength - offset);
                if (offset > fileLength || length > fileLength - offset) {
                    throw new InputException(shown, "initializer '" + name + "' external data [" + offset + ", "
                            + (offset + length) + ") lies outside '" + location + "' (" + fileLength + " bytes)");
                }
                if (expected >= 0 && length != expected) {
                    throw new InputException(shown, "initializer '" + name + "' shape needs " + expected
                            + " bytes but its external data length is " + length);
                }
                externalFiles.put(location, resolved);
                initializers.add(new Initializer(name, dataType, shape, elements, resolved, offset, length, location,
                        false));
            } catch (java.nio.file.NoSuchFileException e) {
                throw new InputException(shown, "initializer '" + name + "' external data file '" + location
                        + "' does not exist");
            } catch (IOException e) {
                throw new InputException(shown, "initializer '" + name + "' external data file '" + location
                        + "' cannot be read: " + e.getMessage(), e);
            }
        }

        private long number(String name, Map<String, String> external, String key, long fallback) {
            String text = external.get(key);
            if (text == null) {
                return fallback;
            }
            try {
                long value = Long.parseLong(text);
                if (value < 0) {
                    throw new NumberFormatException();
                }
                return value;
            } catch (NumberFormatException e) {
                throw new InputException(shown, "initializer '" + name + "' external data " + key + " '" + text
                        + "' is not a non-negative integer");
            }
        }

        private String[] stringEntry(ProtoReader entry, String what) {
            String key = null;
            String value = "";
            while (entry.hasMore()) {
                long tag = entry.readTag();
                if ((tag & 7) == ProtoReader.LEN && ((tag >>> 3) == 1 || (tag >>> 3) == 2)) {
                    long start = entry.readLengthDelimited();
                    String text = entry.utf8(start, entry.position(), MAX_METADATA_BYTES);
                    if ((tag >>> 3) == 1) {
                        key = text;
                    } else {
                        value = text;
                    }
                } else {
                    entry.skip(tag);
                }
            }
            if (key == null) {
                throw new InputException(shown, what + " entry without a key");
            }
            return new String[] {key, value};
        }
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public String format() {
        return "onnx";
    }

    public List<Initializer> initializers() {
        return initializers;
    }

    @Override
    public List<TensorRef> floatTensors() {
        List<TensorRef> refs = new ArrayList<>();
        for (Initializer init : initializers) {
            FloatEncoding encoding = init.dataType() == DATA_TYPE_FLOAT ? FloatEncoding.F32
                    : init.dataType() == DATA_TYPE_FLOAT16 ? FloatEncoding.F16
                    : init.dataType() == DATA_TYPE_BFLOAT16 ? FloatEncoding.BF16 : null;
            if (encoding != null && init.dataFile() != null) {
                refs.add(new TensorRef(init.name(), encoding, init.elements(), init.dataFile(), init.dataOffset()));
            }
        }
        return refs;
    }

    @Override
    public Map<String, String> metadata() {
        return metadata;
    }

    @Override
    public List<Path> files() {
        List<Path> files = new ArrayList<>();
        files.add(path);
        files.addAll(new java.util.LinkedHashSet<>(externalFiles.values()));
        return files;
    }

    /** The bytes that append {@code add} as metadata_props entries (ModelProto field 14). */
    static byte[] metadataBytes(Map<String, String> add) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, String> e : add.entrySet()) {
            ByteArrayOutputStream entry = new ByteArrayOutputStream();
            lengthDelimited(entry, 1, e.getKey().getBytes(StandardCharsets.UTF_8));
            lengthDelimited(entry, 2, e.getValue().getBytes(StandardCharsets.UTF_8));
            lengthDelimited(out, 14, entry.toByteArray());
        }
        return out.toByteArray();
    }

    private static void lengthDelimited(ByteArrayOutputStream out, int field, byte[] payload) {
        varint(out, ((long) field << 3) | ProtoReader.LEN);
        varint(out, payload.length);
        out.write(payload, 0, payload.length);
    }

    private static void varint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7fL) != 0) {
            out.write((int) ((value & 0x7f) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }

    @Override
    public void writePatched(Path output, PatchSource patches, Map<String, String> addMetadata, WriteHook hook) {
        ModelFile.refuseSameFile(path, output);
        Path outDir = output.toAbsolutePath().normalize().getParent();
        List<StagedFile> staged = new ArrayList<>();
        List<Path> sources = new ArrayList<>();
        List<Path> committed = new ArrayList<>();
        try {
            for (Map.Entry<String, Path> external : externalFiles.entrySet()) {
                Path target = SafePaths.resolveInside(outDir, external.getKey()).orElseThrow();
                if (target.equals(external.getValue()) || (Files.exists(target)
                        && Files.isSameFile(target, external.getValue()))) {
                    throw new InputException(output, "its external data '" + external.getKey() + "' would be written"
                            + " over the input's data file; write the watermarked model to another directory");
                }
                staged.add(new StagedFile(target));
                sources.add(external.getValue());
            }
            StagedFile model = new StagedFile(output);
            staged.add(model);
            sources.add(path);
            Patches computed = StagedFile.whileCopying(() -> {
                for (int i = 0; i < staged.size(); i++) {
                    try (FileChannel in = FileChannel.open(sources.get(i), StandardOpenOption.READ)) {
                        staged.get(i).copyFrom(in, 0, in.size(), 0);
                    }
                }
            }, patches);
            hook.reached("copied");
            for (int i = 0; i < staged.size(); i++) {
                staged.get(i).apply(computed.forFile(sources.get(i)), 0);
            }
            model.write(ByteBuffer.wrap(metadataBytes(addMetadata)), fileSize);
            hook.reached("patched");
            for (StagedFile file : staged) {
                file.flush();
            }
            for (StagedFile file : staged) {
                file.commit();
                committed.add(file.target());
            }
        } catch (IOException | RuntimeException e) {
            for (Path done : committed) {
                try {
                    Files.deleteIfExists(done);
                } catch (IOException ignored) {
                    // best effort: the model file itself is committed last
                }
            }
            if (e instanceof InputException) {
                throw (InputException) e;
            }
            throw new InputException(output, "cannot write the watermarked model: " + e.getMessage(), e);
        } finally {
            for (StagedFile file : staged) {
                try {
                    file.close();
                } catch (IOException ignored) {
                    // temporary file cleanup only
                }
            }
        }
    }
}
