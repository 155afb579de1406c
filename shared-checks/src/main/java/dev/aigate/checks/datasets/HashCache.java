package dev.aigate.checks.datasets;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.aigate.core.files.FileIdentity;
import dev.aigate.core.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The opt-in cache of incremental re-verification: for each file hashed, its device, inode, size, modification and
 * change times and SHA-256, bound to the digest of the lock file it was verified against. A file whose five values
 * all match is not read again. The change time is what catches an edit that kept the size and reset the modification
 * time: no unprivileged process can set it back.
 *
 * <p>A file is cached only when both its times are at least {@link #SETTLE} older than the moment hashing began
 * (a write within the file system's timestamp granularity could otherwise leave the times unchanged), and only when
 * its attributes were the same before and after it was hashed. The cache is an optimisation, never an input to trust
 * beyond the agent that wrote it: one that cannot be read, is malformed, exceeds the bounds, or belongs to another
 * lock is ignored, and everything is hashed.
 */
final class HashCache {
    static final String FORMAT = "aigate-dataset-cache";
    static final int FORMAT_VERSION = 1;
    static final long MAX_BYTES = 1024L * 1024 * 1024;
    static final int MAX_ENTRIES = LockFileIO.MAX_FILES_PER_DATASET;
    static final Duration SETTLE = Duration.ofSeconds(2);
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(8192).maxNestingDepth(8)
                    .maxNumberLength(20).maxDocumentLength(MAX_BYTES).build())
            .build();

    private record Entry(FileIdentity stat, String sha256) {
    }

    private final Path file;
    private final String lockDigest;
    /** The entries read, by dataset, then by path. */
    private final Map<String, Map<String, Entry>> loaded;
    /** The entries for the next run, by dataset, then by path, in the order offered. */
    private final Map<String, Map<String, Entry>> next = new LinkedHashMap<>();
    private final String ignored;
    private final int loadedCount;
    private long hits;
    private int stored;
    /** How many of the stored entries are ones read, unchanged. */
    private int reused;
    private boolean replaced;
    private Instant started;
    private long settledNanos;

    private HashCache(Path file, String lockDigest, Map<String, Map<String, Entry>> loaded, String ignored) {
        this.file = file;
        this.lockDigest = lockDigest;
        this.loaded = loaded;
        this.ignored = ignored;
        this.loadedCount = loaded.values().stream().mapToInt(Map::size).sum();
    }

    /** The cache at {@code file} if it was written against this lock; otherwise an empty one that says why. */
    static HashCache load(Path file, String lockDigest) {
        Objects.requireNonNull(lockDigest, "lockDigest");
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return new HashCache(file, lockDigest, Map.of(), null);
        }
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return new HashCache(file, lockDigest, Map.of(), "not a regular file");
            }
            if (Files.size(file) > MAX_BYTES) {
                return new HashCache(file, lockDigest, Map.of(), "larger than " + MAX_BYTES + " bytes");
            }
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
                    JsonParser json = FACTORY.createParser(in)) {
                return read(file, lockDigest, json);
            }
        } catch (IOException | IllegalArgumentException e) {
            return new HashCache(file, lockDigest, Map.of(), "unreadable: " + e.getMessage());
        }
    }

    private static HashCache read(Path file, String lockDigest, JsonParser json) throws IOException {
        require(json.nextToken() == JsonToken.START_OBJECT, "not a JSON object");
        String format = null;
        Long version = null;
        String lock = null;
        Map<String, Map<String, Entry>> entries = null;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            json.nextToken();
            switch (field) {
                case "format" -> format = text(json);
                case "formatVersion" -> version = number(json);
                case "lockDigest" -> lock = text(json);
                case "entries" -> entries = entries(json);
                default -> throw new IllegalArgumentException("unknown field '" + field + "'");
            }
        }
        require(json.nextToken() == null, "content after the cache object");
        require(FORMAT.equals(format) && version != null && version == FORMAT_VERSION && entries != null,
                "not an aigate dataset cache of format version " + FORMAT_VERSION);
        if (!lockDigest.equals(lock)) {
            return new HashCache(file, lockDigest, Map.of(), "written against another lock file");
        }
        return new HashCache(file, lockDigest, entries, null);
    }

    private static Map<String, Map<String, Entry>> entries(JsonParser json) throws IOException {
        require(json.currentToken() == JsonToken.START_ARRAY, "'entries' must be a list");
        Map<String, Map<String, Entry>> entries = new HashMap<>();
        int count = 0;
        while (json.nextToken() != JsonToken.END_ARRAY) {
            require(count++ < MAX_ENTRIES, "more than " + MAX_ENTRIES + " entries");
            require(json.currentToken() == JsonToken.START_OBJECT, "each entry must be an object");
            String dataset = null;
            String path = null;
            String sha256 = null;
            long[] values = new long[5];
            int seen = 0;
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                json.nextToken();
                switch (field) {
                    case "dataset" -> dataset = text(json);
                    case "path" -> path = text(json);
                    case "sha256" -> sha256 = text(json);
                    case "device" -> seen |= set(values, 0, json);
                    case "inode" -> seen |= set(values, 1, json);
                    case "size" -> seen |= set(values, 2, json);
                    case "modified" -> seen |= set(values, 3, json);
                    case "changed" -> seen |= set(values, 4, json);
                    default -> throw new IllegalArgumentException("unknown field '" + field + "' in an entry");
                }
            }
            require(dataset != null && path != null && sha256 != null && seen == 0b11111
                    && DatasetDigest.isSha256Hex(sha256), "an incomplete or malformed entry");
            require(entries.computeIfAbsent(dataset, name -> new HashMap<>()).put(path, new Entry(
                    new FileIdentity(values[0], values[1], values[2], values[3], values[4]), sha256)) == null,
                    "entry '" + path + "' appears twice");
        }
        return entries;
    }

    private static int set(long[] values, int index, JsonParser json) throws IOException {
        values[index] = number(json);
        return 1 << index;
    }

    private static String text(JsonParser json) throws IOException {
        require(json.currentToken() == JsonToken.VALUE_STRING, "expected a string");
        return json.getText();
    }

    private static long number(JsonParser json) throws IOException {
        require(json.currentToken() == JsonToken.VALUE_NUMBER_INT, "expected a whole number");
        return json.getLongValue();
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** The file's identity now, or null when the file system does not tell device, inode and change time. */
    static FileIdentity stat(Path path) {
        return FileIdentity.of(path);
    }

    /** The cached SHA-256 of the file if its identity is unchanged, else null. */
    String lookup(String dataset, String path, FileIdentity stat) {
        Entry entry = find(dataset, path, stat);
        if (entry != null) {
            hits++;
            return entry.sha256();
        }
        return null;
    }

    /**
     * The cached SHA-256 of the file if its identity is unchanged, kept for the next run as {@link #offer} would
     * keep it; else null.
     */
    String reuse(String dataset, String path, FileIdentity stat, Instant started) {
        Entry entry = find(dataset, path, stat);
        if (entry == null) {
            return null;
        }
        hits++;
        keep(dataset, path, entry, started, true);
        return entry.sha256();
    }

    private Entry find(String dataset, String path, FileIdentity stat) {
        Map<String, Entry> files = loaded.get(dataset);
        Entry entry = files == null || stat == null ? null : files.get(path);
        return entry != null && entry.stat().equals(stat) ? entry : null;
    }

    /**
     * Records a file for the next run if it did not change while it was hashed ({@code before} equals {@code after})
     * and both its times are settled: older than the moment hashing began by at least {@link #SETTLE}.
     */
    void offer(String dataset, String path, FileIdentity before, FileIdentity after, String sha256,
            Instant started) {
        if (before != null && before.equals(after)) {
            keep(dataset, path, new Entry(before, sha256), started, false);
        }
    }

    private synchronized void keep(String dataset, String path, Entry entry, Instant started, boolean read) {
        if (stored >= MAX_ENTRIES) {
            return;
        }
        if (!started.equals(this.started)) {
            this.started = started;
            settledNanos = FileIdentity.nanos(FileTime.from(started.minus(SETTLE)));
        }
        if (entry.stat().modifiedNanos() >= settledNanos || entry.stat().changedNanos() >= settledNanos) {
            return;
        }
        Entry previous = next.computeIfAbsent(dataset, name -> new LinkedHashMap<>()).put(path, entry);
        if (previous == null) {
            stored++;
            if (read) {
                reused++;
            }
        } else if (previous != entry) {
            replaced = true;
        }
    }

    long hits() {
        return hits;
    }

    synchronized int stored() {
        return stored;
    }

    /** Why the cache on disk was not used, or null when it was (or there was none). */
    String ignoredReason() {
        return ignored;
    }

    /**
     * Writes the entries offered in this run, atomically, replacing the old cache; when they are exactly the entries
     * read (every file unchanged, nothing added or dropped), the cache on disk already says the same and stays.
     */
    void write() throws IOException {
        if (ignored == null && !replaced && loadedCount > 0 && reused == loadedCount && stored == loadedCount
                && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        AtomicFiles.write(file, out -> {
            try (JsonGenerator json = FACTORY.createGenerator(out)) {
                json.writeStartObject();
                json.writeStringField("format", FORMAT);
                json.writeNumberField("formatVersion", FORMAT_VERSION);
                json.writeStringField("lockDigest", lockDigest);
                json.writeArrayFieldStart("entries");
                for (Map.Entry<String, Map<String, Entry>> dataset : next.entrySet()) {
                    for (Map.Entry<String, Entry> entry : dataset.getValue().entrySet()) {
                        FileIdentity stat = entry.getValue().stat();
                        json.writeStartObject();
                        json.writeStringField("dataset", dataset.getKey());
                        json.writeStringField("path", entry.getKey());
                        json.writeNumberField("device", stat.device());
                        json.writeNumberField("inode", stat.inode());
                        json.writeNumberField("size", stat.size());
                        json.writeNumberField("modified", stat.modifiedNanos());
                        json.writeNumberField("changed", stat.changedNanos());
                        json.writeStringField("sha256", entry.getValue().sha256());
                        json.writeEndObject();
                    }
                }
                json.writeEndArray();
                json.writeEndObject();
                json.writeRaw('\n');
            }
        });
    }
}
