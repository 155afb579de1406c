package dev.aigate.checks.models;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.apache.commons.compress.archivers.sevenz.SevenZArchiveEntry;
import org.apache.commons.compress.archivers.sevenz.SevenZFile;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream;
import org.apache.commons.compress.compressors.lzma.LZMACompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * Scans one file: recognises its format by content (the name only decides how strictly an unrecognised start is
 * treated), descends into archives and compressed streams to a bounded depth, and hands each pickle, config and header
 * to its reader. What a reader cannot read to the end is a {@link MalformedModelException} naming the archive members
 * on the way; the caller turns it into an ERROR.
 */
final class ModelScanner {
    /** Names whose files a loader unpickles: an unreadable pickle there is an error, not "not a pickle". */
    private static final Pattern PICKLE_NAME = Pattern.compile(
            ".*\\.(pkl|pickle|pt|pth|ckpt|bin|joblib|jbl|sav|dat|p|pk|model|debug_pkl)", Pattern.CASE_INSENSITIVE);
    private static final Pattern MODEL_NAME = Pattern.compile(
            ".*\\.(pkl|pickle|pt|pth|ckpt|joblib|jbl|sav|npy|npz|keras|h5|hdf5|safetensors|gguf|onnx|pk|tar|7z|zip)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern COMPRESSED_SUFFIX = Pattern.compile("(?i)\\.(gz|bz2|xz|lzma|lz4|z|zst|zlib)$");
    /** Opcodes a protocol 0 or 1 pickle may start with. */
    private static final String PROTOCOL0_START = "(cidl}])NIJKLMFGSTUVXPpgq0";

    /** What one file held. */
    static final class Report {
        String format;
        final Map<String, Hit> hits = new LinkedHashMap<>();
        final List<String> pickles = new ArrayList<>();
        final List<String> externalData = new ArrayList<>();
        int members;
        int streams;
        long opcodes;
        boolean text;

        List<Hit> hits() {
            return List.copyOf(hits.values());
        }
    }

    private final Globals globals;
    private final ScanLimits limits;

    ModelScanner(Globals globals, ScanLimits limits) {
        this.globals = globals;
        this.limits = limits;
    }

    /** Scans {@code file}; ONNX external data must stay inside {@code root}. */
    Report scan(Path file, Path root) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            Report report = new Report();
            Run run = new Run(report, file, root);
            run.blob(Blob.of(channel), null, file.getFileName().toString(), 0, true);
            return report;
        }
    }

    /** Scans {@code file} whose whole content was already read into {@code bytes} (small files: one read). */
    Report scan(Path file, byte[] bytes, Path root) throws IOException {
        Report report = new Report();
        new Run(report, file, root).blob(Blob.of(bytes), null, file.getFileName().toString(), 0, true);
        return report;
    }

    /** Scans in-memory bytes as if they were a file named {@code name} (fuzzing, tests). */
    Report scan(byte[] bytes, String name) throws IOException {
        Report report = new Report();
        new Run(report, null, null).blob(Blob.of(bytes), null, name, 0, true);
        return report;
    }

    private final class Run implements ScanSink {
        private final Report report;
        private final Path file;
        private final Path root;
        private final SizedStream.Budget budget = new SizedStream.Budget(limits.maxTotalBytes());

        Run(Report report, Path file, Path root) {
            this.report = report;
            this.file = file;
            this.root = root;
        }

        @Override
        public void hit(Hit hit) {
            Hit seen = report.hits.get(hit.key());
            if (seen == null) {
                report.hits.put(hit.key(), hit);
            } else if (seen.detail().contains(" imports ") && hit.detail().contains(" calls ")) {
                // The call is what runs the code: report it, with where the import was.
                report.hits.put(hit.key(), new Hit(hit.kind(), hit.member(), hit.offset(), hit.what(),
                        hit.technique(), hit.detail() + ", imported by " + seen.detail().split(" ", 2)[0]
                        + " at byte " + seen.offset()));
            }
        }

        private void format(String format, String member) {
            if (member == null) {
                report.format = format;
            }
        }

        private void depth(int depth) {
            if (depth > limits.maxDepth()) {
                throw new MalformedModelException("archives and compressions nested more than " + limits.maxDepth()
                        + " deep");
            }
        }

        /** Something with random access: a file, a stored member, a member decompressed into memory. */
        void blob(Blob blob, String member, String name, int depth, boolean topLevel) throws IOException {
            depth(depth);
            byte[] head = blob.head(600);
            String kind = Sniffer.kind(head, blob.size());
            switch (kind) {
                case "zip" -> {
                    format("zip", member);
                    zip(blob, member, depth);
                }
                case "tar" -> {
                    format("tar", member);
                    tar(blob.open(), blob, member, depth);
                }
                case "7z" -> {
                    format("7z", member);
                    sevenZ(blob, member, depth);
                }
                case "gzip", "bzip2", "xz", "lzma", "zlib", "joblib-zlib", "lz4", "zstd" -> {
                    format(kind + "-compressed", member);
                    stream(decompress(kind, blob.open(), member), -1, member, inner(name), depth + 1);
                }
                case "npy" -> {
                    format("npy", member);
                    npy(blob.open(), blob.size(), member, name);
                }
                case "hdf5" -> {
                    format("hdf5", member);
                    Hdf5Scan.scan(blob, file != null && member == null ? file : null, member, limits, globals, this);
                }
                case "safetensors" -> {
                    format("safetensors", member);
                    SafeTensorsScan.check(blob, limits);
                }
                case "gguf" -> {
                    format("gguf", member);
                    GgufScan.scan(blob, member, limits, this);
                }
                default -> unrecognisedStart(blob, head, member, name, depth, topLevel);
            }
        }

        private void unrecognisedStart(Blob blob, byte[] head, String member, String name, int depth,
                boolean topLevel) throws IOException {
            boolean onnxName = name.toLowerCase(Locale.ROOT).endsWith(".onnx");
            if (head.length >= 2 && (head[0] & 0xff) == 0x80 && head[1] >= 0 && head[1] <= 5) {
                format("pickle", member);
                boolean zip = ZipArchive.hasDirectory(blob);
                pickle(blob.open(), blob.size(), member, false, zip);
                if (zip) {
                    zip(blob, member, depth);
                }
                return;
            }
            if (name.toLowerCase(Locale.ROOT).endsWith(".safetensors")) {
                // Named SafeTensors but not shaped like it: the header check says what is wrong.
                format("safetensors", member);
                SafeTensorsScan.check(blob, limits);
                return;
            }
            if (onnxName || head.length > 0 && head[0] == 0x08) {
                try {
                    OnnxScan.scan(blob, file != null && member == null ? file : null, root, member, limits, this,
                            report.externalData);
                    format("onnx", member);
                    return;
                } catch (MalformedModelException e) {
                    if (onnxName) {
                        throw e;
                    }
                }
            }
            if (head.length > 0 && PROTOCOL0_START.indexOf(head[0] & 0xff) >= 0) {
                if (PICKLE_NAME.matcher(name).matches()) {
                    format("pickle", member);
                    boolean zip = ZipArchive.hasDirectory(blob);
                    pickle(blob.open(), blob.size(), member, false, zip);
                    if (zip) {
                        zip(blob, member, depth);
                    }
                    return;
                }
                if (tentativePickle(blob.open(), blob.size(), member)) {
                    format("pickle", member);
                    return;
                }
            }
            if (ZipArchive.hasDirectory(blob)) {
                format("zip", member);
                zip(blob, member, depth);
                return;
            }
            otherContent(blob.open(), member, name);
        }

        // Data before a zip's directory still makes a zip that Python's zipfile opens: a pickle followed by a zip (a
        // polyglot) is scanned both ways.

        /** Text is not a model; anything else unrecognised is reported as not scanned. */
        private void otherContent(InputStream in, String member, String name) throws IOException {
            byte[] sample = in.readNBytes(1 << 16);
            boolean text = Utf8.decode(sample, 0, sample.length).isPresent()
                    || Utf8.decode(sample, 0, Math.max(0, sample.length - 3)).isPresent() && sample.length == 1 << 16;
            for (byte b : sample) {
                if (b == 0) {
                    text = false;
                    break;
                }
            }
            if (text) {
                if (member == null) {
                    report.text = true;
                    report.format = "text";
                }
                if (MODEL_NAME.matcher(name).matches()) {
                    throw new MalformedModelException("named like a model file but its content is text in no model"
                            + " format");
                }
                return;
            }
            format("unrecognised", member);
            if (MODEL_NAME.matcher(name).matches()) {
                throw new MalformedModelException("named like a model file but its content is in no format aigate"
                        + " reads (it cannot be scanned)");
            }
            hit(new Hit(Hit.Kind.UNSCANNED, member, -1, member == null ? name : member,
                    "binary content in no format aigate reads", "not scanned"));
        }

        /** Content that can only be read forwards: a decompressed stream, a tar member. */
        void stream(InputStream raw, long knownLength, String member, String name, int depth) throws IOException {
            depth(depth);
            BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
            in.mark(600);
            byte[] head = in.readNBytes(600);
            in.reset();
            String kind = Sniffer.kind(head, knownLength < 0 ? Long.MAX_VALUE : knownLength);
            switch (kind) {
                case "tar" -> tar(in, null, member, depth);
                case "gzip", "bzip2", "xz", "lzma", "zlib", "joblib-zlib", "lz4", "zstd" ->
                        stream(decompress(kind, in, member), -1, member, inner(name), depth + 1);
                case "npy" -> npy(in, knownLength, member, name);
                case "unknown" -> {
                    if (head.length >= 2 && (head[0] & 0xff) == 0x80 && head[1] >= 0 && head[1] <= 5
                            || head.length > 0 && PROTOCOL0_START.indexOf(head[0] & 0xff) >= 0
                            && PICKLE_NAME.matcher(name).matches()) {
                        pickle(in, knownLength, member, false);
                    } else {
                        byte[] bytes = in.readNBytes(limits.maxInMemoryBytes() + 1);
                        if (bytes.length <= limits.maxInMemoryBytes()) {
                            blob(Blob.of(bytes), member, name, depth, false);
                        } else {
                            // Too large to hold, and no format with a magic number: judge it by its start.
                            otherContent(new java.io.ByteArrayInputStream(bytes, 0, 1 << 16), member, name);
                            in.transferTo(java.io.OutputStream.nullOutputStream());
                        }
                    }
                }
                default -> blob(materialize(in, member), member, name, depth, false);
            }
        }

        private Blob materialize(InputStream in, String member) throws IOException {
            byte[] bytes = in.readNBytes(limits.maxInMemoryBytes() + 1);
            if (bytes.length > limits.maxInMemoryBytes()) {
                throw new MalformedModelException("compressed content of more than " + limits.maxInMemoryBytes()
                        + " bytes that must be read at random (a nested archive or model) cannot be scanned in"
                        + " memory");
            }
            return Blob.of(bytes);
        }

        private PickleScan.Summary pickle(InputStream in, long knownLength, String member, boolean torchScript)
                throws IOException {
            return pickle(in, knownLength, member, torchScript, false);
        }

        /** @param zipFollows whether a zip that follows the streams ends them (a pickle-zip polyglot) */
        private PickleScan.Summary pickle(InputStream in, long knownLength, String member, boolean torchScript,
                boolean zipFollows) throws IOException {
            PickleScan.Summary summary = new PickleScan(globals, limits, member, torchScript, this)
                    .scan(in, knownLength, zipFollows);
            report.pickles.add(member == null ? "" : member);
            report.streams += summary.streams();
            report.opcodes += summary.opcodes();
            if (member == null) {
                report.format = summary.legacyTorch() ? "pytorch-legacy" : summary.joblibArrays() > 0 ? "joblib"
                        : "pickle";
            }
            return summary;
        }

        /** Content that may or may not be a pickle: judged as one only when it is one to its end. */
        private boolean tentativePickle(InputStream in, long knownLength, String member) throws IOException {
            List<Hit> seen = new ArrayList<>();
            try {
                PickleScan.Summary summary = new PickleScan(globals, limits, member, false, seen::add)
                        .scan(in, knownLength);
                seen.forEach(this::hit);
                report.pickles.add(member == null ? "" : member);
                report.streams += summary.streams();
                report.opcodes += summary.opcodes();
                return true;
            } catch (MalformedModelException e) {
                if (seen.stream().anyMatch(h -> h.kind() == Hit.Kind.CODE_EXECUTION)) {
                    seen.forEach(this::hit);
                    throw new MalformedModelException("a pickle that imports " + seen.get(0).what() + " and then"
                            + " fails: " + e.getMessage(), e);
                }
                return false;
            }
        }

        private void npy(InputStream in, long knownLength, String member, String name) throws IOException {
            NpyHeader header = NpyHeader.read(in, limits);
            if (header.dtype().hasObject()) {
                long left = knownLength < 0 ? -1 : knownLength - header.dataOffset();
                pickle(in, left, member, false);
                if (member == null) {
                    report.format = "npy-object";
                }
            } else if (knownLength >= 0 && header.dataBytes() >= 0
                    && knownLength - header.dataOffset() < header.dataBytes()) {
                throw new MalformedModelException("NumPy array declares " + header.dataBytes() + " bytes of data but"
                        + " the file holds " + (knownLength - header.dataOffset()) + " (truncated)");
            }
        }

        private void zip(Blob blob, String member, int depth) throws IOException {
            ZipArchive zip = ZipArchive.read(blob, limits);
            List<ZipArchive.Entry> entries = zip.entries();
            boolean torch = false;
            boolean torchScript = false;
            boolean keras = false;
            boolean hasConstants = false;
            boolean hasCode = false;
            for (ZipArchive.Entry e : entries) {
                String n = e.name();
                torch |= n.equals("data.pkl") || n.endsWith("/data.pkl");
                hasConstants |= n.equals("constants.pkl") || n.endsWith("/constants.pkl");
                hasCode |= n.startsWith("code/") || n.contains("/code/");
                keras |= n.equals("config.json");
            }
            torchScript = hasConstants && hasCode;
            keras &= entries.stream().anyMatch(e -> e.name().equals("metadata.json")
                    || e.name().endsWith(".weights.h5"));
            if (member == null) {
                report.format = torchScript ? "torchscript" : torch ? "pytorch" : keras ? "keras"
                        : entries.stream().allMatch(e -> e.name().endsWith(".npy") || e.directory()) ? "npz" : "zip";
            }
            for (ZipArchive.Entry entry : entries) {
                if (entry.directory()) {
                    continue;
                }
                report.members++;
                String path = member == null ? entry.name() : member + "!" + entry.name();
                try {
                    zipMember(zip, entry, path, depth, torch, torchScript, keras);
                } catch (MalformedModelException e) {
                    throw new MalformedModelException("member '" + entry.name() + "': " + e.getMessage(), e);
                }
            }
        }

        private void zipMember(ZipArchive zip, ZipArchive.Entry entry, String path, int depth, boolean torch,
                boolean torchScript, boolean keras) throws IOException {
            String name = entry.name();
            String base = name.substring(name.lastIndexOf('/') + 1);
            if (base.endsWith(".pkl") || base.endsWith(".pickle") || base.endsWith(".debug_pkl")) {
                try (InputStream in = zip.open(entry, budget)) {
                    pickle(in, entry.size(), path, torchScript);
                }
                return;
            }
            if (torch && (name.matches("([^/]*/)?data/[^/]+") || name.matches("([^/]*/)?\\.data/[^/]+"))) {
                // Tensor storage: raw bytes the loader never unpickles, unless it is shaped like a pickle.
                try (InputStream in = zip.open(entry, budget)) {
                    byte[] start = in.readNBytes(2);
                    if (start.length == 2 && (start[0] & 0xff) == 0x80 && start[1] >= 2 && start[1] <= 5) {
                        tentativePickle(zip.open(entry, budget), entry.size(), path);
                    }
                }
                return;
            }
            if (torchScript && name.endsWith(".py") && (name.startsWith("code/") || name.contains("/code/"))) {
                TorchScriptCode.check(readText(zip, entry, path), path, this);
                return;
            }
            if (keras && name.equals("config.json")) {
                KerasConfig.judge(readText(zip, entry, path), path, globals, this);
                return;
            }
            if (keras && name.endsWith(".h5")) {
                // Weights only: Keras reads its configuration from config.json, never from this file.
                return;
            }
            Blob stored = zip.stored(entry);
            if (stored != null) {
                blob(stored, path, base, depth + 1, false);
            } else {
                try (InputStream in = zip.open(entry, budget)) {
                    stream(in, entry.size(), path, base, depth + 1);
                }
            }
        }

        private String readText(ZipArchive zip, ZipArchive.Entry entry, String path) throws IOException {
            if (entry.size() > limits.maxHeaderBytes()) {
                throw new MalformedModelException("larger than the " + limits.maxHeaderBytes()
                        + " bytes read of a configuration or code file");
            }
            try (InputStream in = zip.open(entry, budget)) {
                byte[] bytes = in.readNBytes((int) entry.size() + 1);
                return Utf8.decode(bytes, 0, bytes.length).orElseThrow(() -> new MalformedModelException(
                        "not valid UTF-8"));
            }
        }

        private void tar(InputStream raw, Blob source, String member, int depth) throws IOException {
            TarArchiveInputStream tar = new TarArchiveInputStream(raw);
            int count = 0;
            while (true) {
                TarArchiveEntry entry;
                try {
                    entry = tar.getNextEntry();
                } catch (IOException | RuntimeException e) {
                    throw new MalformedModelException("tar archive cannot be read: " + e.getMessage(), e);
                }
                if (entry == null) {
                    break;
                }
                if (++count > limits.maxMembers()) {
                    throw new MalformedModelException("tar archive has more than " + limits.maxMembers()
                            + " members");
                }
                if (!entry.isFile()) {
                    continue;
                }
                report.members++;
                String name = entry.getName();
                String path = member == null ? name : member + "!" + name;
                String base = name.substring(name.lastIndexOf('/') + 1);
                try {
                    if (entry.getSize() > limits.maxMemberBytes()) {
                        throw new MalformedModelException("declares " + entry.getSize() + " bytes, more than the "
                                + limits.maxMemberBytes() + " scanned");
                    }
                    if (source != null && entry.getDataOffset() >= 0
                            && entry.getDataOffset() + entry.getSize() <= source.size() && !entry.isSparse()) {
                        blob(source.slice(entry.getDataOffset(), entry.getSize()), path, base, depth + 1, false);
                    } else {
                        stream(new SizedStream(tar, entry.getSize(), limits.maxMemberBytes(), "tar member", budget),
                                entry.getSize(), path, base, depth + 1);
                    }
                } catch (MalformedModelException e) {
                    throw new MalformedModelException("member '" + name + "': " + e.getMessage(), e);
                }
            }
        }

        private void sevenZ(Blob blob, String member, int depth) throws IOException {
            SevenZFile archive;
            try {
                archive = SevenZFile.builder().setSeekableByteChannel(new BlobChannel(blob))
                        .setMaxMemoryLimitKiB(limits.maxInMemoryBytes() / 1024).get();
            } catch (IOException | RuntimeException e) {
                throw new MalformedModelException("7z archive cannot be read: " + e.getMessage(), e);
            }
            try (archive) {
                int count = 0;
                while (true) {
                    SevenZArchiveEntry entry;
                    try {
                        entry = archive.getNextEntry();
                    } catch (IOException | RuntimeException e) {
                        throw new MalformedModelException("7z archive cannot be read: " + e.getMessage(), e);
                    }
                    if (entry == null) {
                        break;
                    }
                    if (++count > limits.maxMembers()) {
                        throw new MalformedModelException("7z archive has more than " + limits.maxMembers()
                                + " members");
                    }
                    if (entry.isDirectory() || !entry.hasStream()) {
                        continue;
                    }
                    report.members++;
                    String name = entry.getName();
                    String path = member == null ? name : member + "!" + name;
                    try {
                        InputStream in = new SizedStream(new SevenZEntryStream(archive), entry.getSize(),
                                limits.maxMemberBytes(), "7z member", budget);
                        stream(in, entry.getSize(), path, name.substring(name.lastIndexOf('/') + 1), depth + 1);
                        in.transferTo(java.io.OutputStream.nullOutputStream());
                    } catch (MalformedModelException e) {
                        throw new MalformedModelException("member '" + name + "': " + e.getMessage(), e);
                    }
                }
            }
        }

        private InputStream decompress(String kind, InputStream in, String member) throws IOException {
            InputStream out;
            try {
                out = switch (kind) {
                    case "gzip" -> new GzipCompressorInputStream(in, true);
                    case "bzip2" -> new BZip2CompressorInputStream(in, true);
                    case "xz" -> new XZCompressorInputStream(in, true, limits.maxInMemoryBytes() / 1024);
                    case "lzma" -> new LZMACompressorInputStream(in, limits.maxInMemoryBytes() / 1024);
                    case "zlib" -> new InflaterInputStream(in, new Inflater(false), 1 << 16);
                    case "joblib-zlib" -> {
                        // joblib before 0.10: 'ZF', the length in hex padded to 19 bytes, then a zlib stream.
                        in.readNBytes(21);
                        yield new InflaterInputStream(in, new Inflater(false), 1 << 16);
                    }
                    case "lz4" -> new FramedLZ4CompressorInputStream(in, true);
                    default -> throw new MalformedModelException(kind + " compression cannot be read by aigate, so"
                            + " the content cannot be scanned");
                };
            } catch (IOException | RuntimeException e) {
                if (e instanceof MalformedModelException m) {
                    throw m;
                }
                throw new MalformedModelException(kind + " stream cannot be read: " + e.getMessage(), e);
            }
            return new SizedStream(out, -1, limits.maxMemberBytes(), kind + " stream", budget);
        }

        private String inner(String name) {
            return COMPRESSED_SUFFIX.matcher(name).replaceFirst("");
        }
    }

    /** The current entry of a 7z archive as a stream. */
    private static final class SevenZEntryStream extends InputStream {
        private final SevenZFile archive;

        SevenZEntryStream(SevenZFile archive) {
            this.archive = archive;
        }

        @Override
        public int read() throws IOException {
            return archive.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return archive.read(b, off, len);
        }
    }
}
