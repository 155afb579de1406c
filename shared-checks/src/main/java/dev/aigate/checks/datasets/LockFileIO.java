package dev.aigate.checks.datasets;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import dev.aigate.core.InputException;
import dev.aigate.core.io.AtomicFiles;
import dev.aigate.core.io.SafePaths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and writes dataset lock files. Lock files are untrusted input: the reader streams them, bounds every length
 * and count, rejects unsafe paths and unknown format versions, and turns every problem into an {@link InputException}
 * naming the lock file and what is wrong.
 */
public final class LockFileIO {
    public static final long MAX_LOCK_BYTES = 512L * 1024 * 1024;
    public static final int MAX_DATASETS = 10_000;
    public static final int MAX_FILES_PER_DATASET = 5_000_000;
    private static final int MAX_GLOBS = 1_000;
    /** Chunk digests of one file: 1 TiB in the default 64 MiB chunks is 16,384. */
    public static final int MAX_CHUNKS_PER_FILE = 1_048_576;
    private static final int MAX_TEXT = 8_192;
    private static final Pattern DATASET_DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(MAX_TEXT)
                    .maxNestingDepth(16)
                    .maxNumberLength(20)
                    .maxDocumentLength(MAX_LOCK_BYTES)
                    .build())
            .build();

    private LockFileIO() {
    }

    public static void write(Path file, DatasetLock lock) throws IOException {
        AtomicFiles.write(file, out -> {
            try (JsonGenerator json = FACTORY.createGenerator(out)) {
                DefaultPrettyPrinter printer = new DefaultPrettyPrinter();
                json.setPrettyPrinter(printer);
                json.writeStartObject();
                json.writeStringField("format", DatasetLock.FORMAT);
                // Format 1 when no file has chunks: such locks stay readable by aigate 0.1 and byte-identical.
                json.writeNumberField("formatVersion", lock.hasChunks() || lock.hasObjectFields() ? DatasetLock.FORMAT_VERSION
                        : DatasetLock.FORMAT_VERSION_WITHOUT_CHUNKS);
                json.writeStringField("tool", lock.tool());
                json.writeArrayFieldStart("datasets");
                for (DatasetLock.Entry entry : lock.datasets()) {
                    writeEntry(json, entry);
                }
                json.writeEndArray();
                json.writeEndObject();
                json.writeRaw('\n');
            }
        });
    }

    private static void writeEntry(JsonGenerator json, DatasetLock.Entry entry) throws IOException {
        json.writeStartObject();
        json.writeStringField("name", entry.name());
        json.writeStringField("path", entry.path());
        writeStrings(json, "include", entry.include());
        writeStrings(json, "exclude", entry.exclude());
        json.writeObjectFieldStart("provenance");
        for (Map.Entry<String, String> field : entry.provenance().entrySet()) {
            json.writeStringField(field.getKey(), field.getValue());
        }
        json.writeEndObject();
        json.writeNumberField("fileCount", entry.fileCount());
        json.writeNumberField("totalBytes", entry.totalBytes());
        json.writeStringField("digest", entry.digest());
        json.writeArrayFieldStart("files");
        for (DatasetLock.FileRecord file : entry.files()) {
            json.writeStartObject();
            json.writeStringField("path", file.path());
            json.writeNumberField("size", file.size());
            json.writeStringField("sha256", file.sha256());
            if (file.chunks() != null) {
                json.writeNumberField("chunkBytes", file.chunks().bytes());
                writeStrings(json, "chunks", file.chunks().sha256());
            }
            if (file.versionId() != null) {
                json.writeStringField("versionId", file.versionId());
            }
            if (file.storeSha256() != null) {
                json.writeStringField("storeSha256", file.storeSha256());
            }
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void writeStrings(JsonGenerator json, String name, List<String> values) throws IOException {
        json.writeArrayFieldStart(name);
        for (String value : values) {
            json.writeString(value);
        }
        json.writeEndArray();
    }

    public static DatasetLock read(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_LOCK_BYTES) {
                throw new InputException(file, "lock file is " + size + " bytes; the limit is " + MAX_LOCK_BYTES);
            }
        } catch (NoSuchFileException e) {
            throw new InputException(file, "dataset lock file not found; create it with 'aigate datasets lock' or "
                    + "'mvn aigate:lock-datasets' and commit it");
        } catch (IOException e) {
            throw new InputException(file, "cannot read dataset lock file: " + e.getMessage(), e);
        }
        try (InputStream in = dev.aigate.core.io.BoundedFiles.openRegular(file, "dataset lock file");
                JsonParser json = FACTORY.createParser(in)) {
            return new Reader(file, json).readLock();
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new InputException(file, "malformed or truncated lock file" + (line > 0 ? " at line " + line : "")
                    + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InputException(file, "cannot read dataset lock file: " + e.getMessage(), e);
        }
    }

    /** A small recursive-descent reader over the token stream; never builds more than one file record at a time. */
    private static final class Reader {
        private final Path file;
        private final JsonParser json;

        Reader(Path file, JsonParser json) {
            this.file = file;
            this.json = json;
        }

        DatasetLock readLock() throws IOException {
            expect(json.nextToken(), JsonToken.START_OBJECT, "the lock file must be a JSON object");
            String format = null;
            Integer version = null;
            String tool = null;
            List<DatasetLock.Entry> datasets = null;
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                json.nextToken();
                switch (field) {
                    case "format":
                        format = text("format");
                        break;
                    case "formatVersion":
                        version = (int) number("formatVersion", 1, Integer.MAX_VALUE);
                        if (version > DatasetLock.FORMAT_VERSION) {
                            throw problem("lock file format version " + version + " was written by a newer aigate;"
                                    + " this aigate reads format version " + DatasetLock.FORMAT_VERSION
                                    + " (upgrade aigate)");
                        }
                        break;
                    case "tool":
                        tool = text("tool");
                        break;
                    case "datasets":
                        datasets = readDatasets();
                        break;
                    default:
                        throw problem("unknown field '" + field + "'");
                }
            }
            if (json.nextToken() != null) {
                throw problem("unexpected content after the lock object");
            }
            if (!DatasetLock.FORMAT.equals(format)) {
                throw problem("not an aigate dataset lock file (expected \"format\": \"" + DatasetLock.FORMAT
                        + "\")");
            }
            if (version == null) {
                throw problem("missing 'formatVersion'");
            }
            if (datasets == null) {
                throw problem("missing 'datasets'");
            }
            return new DatasetLock(version, tool, datasets);
        }

        private List<DatasetLock.Entry> readDatasets() throws IOException {
            expect(json.currentToken(), JsonToken.START_ARRAY, "'datasets' must be a list");
            List<DatasetLock.Entry> entries = new ArrayList<>();
            Set<String> names = new HashSet<>();
            while (json.nextToken() != JsonToken.END_ARRAY) {
                if (entries.size() >= MAX_DATASETS) {
                    throw problem("more than " + MAX_DATASETS + " datasets");
                }
                DatasetLock.Entry entry = readEntry();
                if (!names.add(entry.name())) {
                    throw problem("dataset '" + entry.name() + "' appears twice");
                }
                entries.add(entry);
            }
            return entries;
        }

        private DatasetLock.Entry readEntry() throws IOException {
            expect(json.currentToken(), JsonToken.START_OBJECT, "each dataset must be an object");
            String name = null;
            String path = null;
            List<String> include = List.of();
            List<String> exclude = List.of();
            Map<String, String> provenance = Map.of();
            Long fileCount = null;
            Long totalBytes = null;
            String digest = null;
            List<DatasetLock.FileRecord> files = null;
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                json.nextToken();
                switch (field) {
                    case "name":
                        name = text("name");
                        break;
                    case "path":
                        path = text("path");
                        break;
                    case "include":
                        include = globs("include");
                        break;
                    case "exclude":
                        exclude = globs("exclude");
                        break;
                    case "provenance":
                        provenance = readProvenance();
                        break;
                    case "fileCount":
                        fileCount = number("fileCount", 0, MAX_FILES_PER_DATASET);
                        break;
                    case "totalBytes":
                        totalBytes = number("totalBytes", 0, Long.MAX_VALUE);
                        break;
                    case "digest":
                        digest = text("digest");
                        if (!DATASET_DIGEST.matcher(digest).matches()) {
                            throw problem("dataset digest '" + digest + "' is not 'sha256:' and 64 hex digits");
                        }
                        break;
                    case "files":
                        files = readFiles(name);
                        break;
                    default:
                        throw problem("unknown field '" + field + "' in a dataset");
                }
            }
            if (name == null || path == null || files == null || digest == null) {
                throw problem("a dataset entry lacks 'name', 'path', 'digest' or 'files'");
            }
            long bytes = files.stream().mapToLong(DatasetLock.FileRecord::size).sum();
            if (fileCount != null && fileCount != files.size()) {
                throw problem("dataset '" + name + "' says fileCount " + fileCount + " but lists " + files.size()
                        + " files (truncated or edited lock)");
            }
            if (totalBytes != null && totalBytes != bytes) {
                throw problem("dataset '" + name + "' says totalBytes " + totalBytes + " but its files add up to "
                        + bytes + " (edited lock)");
            }
            if (!DatasetDigest.of(files).equals(digest)) {
                throw problem("dataset '" + name + "' digest does not match its file list (edited or corrupt lock)");
            }
            return new DatasetLock.Entry(name, path, include, exclude, provenance, files.size(), bytes, digest,
                    files);
        }

        private List<DatasetLock.FileRecord> readFiles(String dataset) throws IOException {
            expect(json.currentToken(), JsonToken.START_ARRAY, "'files' must be a list");
            List<DatasetLock.FileRecord> files = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            while (json.nextToken() != JsonToken.END_ARRAY) {
                if (files.size() >= MAX_FILES_PER_DATASET) {
                    throw problem("more than " + MAX_FILES_PER_DATASET + " files in dataset '" + dataset + "'");
                }
                expect(json.currentToken(), JsonToken.START_OBJECT, "each file must be an object");
                String path = null;
                Long size = null;
                String sha256 = null;
                String versionId = null;
                String storeSha256 = null;
                Long chunkBytes = null;
                List<String> chunks = null;
                while (json.nextToken() == JsonToken.FIELD_NAME) {
                    String field = json.currentName();
                    json.nextToken();
                    switch (field) {
                        case "path":
                            path = text("path");
                            break;
                        case "size":
                            size = number("size", 0, Long.MAX_VALUE);
                            break;
                        case "sha256":
                            sha256 = text("sha256");
                            break;
                        case "versionId":
                            versionId = text("versionId");
                            if (versionId.isEmpty() || versionId.length() > 1024
                                    || versionId.chars().anyMatch(Character::isISOControl)) {
                                throw problem("file entry has a malformed versionId");
                            }
                            break;
                        case "storeSha256":
                            storeSha256 = text("storeSha256");
                            if (!DatasetDigest.isSha256Hex(storeSha256)) {
                                throw problem("file entry has a malformed storeSha256 (expected 64 lowercase hex)");
                            }
                            break;
                        case "chunkBytes":
                            chunkBytes = number("chunkBytes", 1, Long.MAX_VALUE);
                            break;
                        case "chunks":
                            chunks = chunkDigests();
                            break;
                        default:
                            throw problem("unknown field '" + field + "' in a file entry");
                    }
                }
                if (path == null || size == null || sha256 == null) {
                    throw problem("a file entry lacks 'path', 'size' or 'sha256'");
                }
                String unsafe = SafePaths.problemWith(path).orElse(null);
                if (unsafe != null) {
                    throw problem("file entry '" + path + "' points outside the dataset root: " + unsafe);
                }
                if (!DatasetDigest.isSha256Hex(sha256)) {
                    throw problem("file entry '" + path + "' has a malformed sha256 (expected 64 lowercase hex)");
                }
                if (!seen.add(path)) {
                    throw problem("file entry '" + path + "' appears twice");
                }
                if (storeSha256 != null && !storeSha256.equals(sha256)) {
                    throw problem("file entry '" + path + "' has a storeSha256 that differs from its sha256");
                }
                files.add(new DatasetLock.FileRecord(path, size, sha256, chunks(path, size, chunkBytes, chunks),
                        versionId, storeSha256));
            }
            return files;
        }

        private List<String> chunkDigests() throws IOException {
            expect(json.currentToken(), JsonToken.START_ARRAY, "'chunks' must be a list");
            List<String> digests = new ArrayList<>();
            while (json.nextToken() != JsonToken.END_ARRAY) {
                if (digests.size() >= MAX_CHUNKS_PER_FILE) {
                    throw problem("more than " + MAX_CHUNKS_PER_FILE + " chunks in one file entry");
                }
                String digest = text("chunks");
                if (!DatasetDigest.isSha256Hex(digest)) {
                    throw problem("a chunk digest is not 64 lowercase hex digits");
                }
                digests.add(digest);
            }
            return digests;
        }

        private DatasetLock.Chunks chunks(String path, long size, Long chunkBytes, List<String> digests) {
            if (chunkBytes == null && digests == null) {
                return null;
            }
            if (chunkBytes == null || digests == null) {
                throw problem("file entry '" + path + "' needs both 'chunkBytes' and 'chunks', or neither");
            }
            DatasetLock.Chunks chunks = new DatasetLock.Chunks(chunkBytes, digests);
            if (chunks.count(size) != digests.size()) {
                throw problem("file entry '" + path + "' of " + size + " bytes in chunks of " + chunkBytes
                        + " needs " + chunks.count(size) + " chunk digests but lists " + digests.size()
                        + " (truncated or edited lock)");
            }
            return chunks;
        }

        private Map<String, String> readProvenance() throws IOException {
            expect(json.currentToken(), JsonToken.START_OBJECT, "'provenance' must be an object");
            Map<String, String> values = new LinkedHashMap<>();
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                json.nextToken();
                if (!Provenance.FIELDS.contains(field)) {
                    throw problem("unknown provenance field '" + field + "'");
                }
                values.put(field, text(field));
            }
            return values;
        }

        private List<String> globs(String field) throws IOException {
            expect(json.currentToken(), JsonToken.START_ARRAY, "'" + field + "' must be a list");
            List<String> values = new ArrayList<>();
            while (json.nextToken() != JsonToken.END_ARRAY) {
                if (values.size() >= MAX_GLOBS) {
                    throw problem("more than " + MAX_GLOBS + " '" + field + "' patterns");
                }
                String glob = text(field);
                String unsafe = SafePaths.problemWith(glob).orElse(null);
                if (unsafe != null) {
                    throw problem(field + " pattern '" + glob + "' points outside the dataset root: " + unsafe);
                }
                values.add(glob);
            }
            return values;
        }

        private String text(String field) throws IOException {
            if (json.currentToken() != JsonToken.VALUE_STRING) {
                throw problem("'" + field + "' must be a string");
            }
            return json.getText();
        }

        private long number(String field, long min, long max) throws IOException {
            if (json.currentToken() != JsonToken.VALUE_NUMBER_INT) {
                throw problem("'" + field + "' must be a whole number");
            }
            long value = json.getLongValue();
            if (value < min || value > max) {
                throw problem("'" + field + "' is out of range: " + value);
            }
            return value;
        }

        private void expect(JsonToken actual, JsonToken expected, String message) {
            if (actual != expected) {
                throw problem(actual == null ? "malformed or truncated lock file: it ends early" : message);
            }
        }

        private InputException problem(String message) {
            int line = json.currentLocation().getLineNr();
            return new InputException(file, message + (line > 0 ? " (line " + line + ")" : ""));
        }
    }
}
