package dev.aigate.checks.datasets;

import java.util.List;
import java.util.Map;

/**
 * The content of a dataset lock file: for each dataset, its selection, provenance and every file's path, size and
 * SHA-256, plus the dataset digest (see {@link DatasetDigest}).
 */
public record DatasetLock(int formatVersion, String tool, List<Entry> datasets) {
    public static final String FORMAT = "aigate-dataset-lock";
    /** The newest format this aigate reads and writes: 2 adds chunk digests of large files. */
    public static final int FORMAT_VERSION = 2;
    /** The format written when no file has chunk digests, so such locks stay byte-identical to aigate 0.1's. */
    public static final int FORMAT_VERSION_WITHOUT_CHUNKS = 1;

    public DatasetLock {
        datasets = List.copyOf(datasets);
    }

    public Entry find(String name) {
        return datasets.stream().filter(entry -> entry.name().equals(name)).findFirst().orElse(null);
    }

    /** One locked dataset. {@code files} are sorted by path; {@code provenance} by field name. */
    public record Entry(
            String name,
            String path,
            List<String> include,
            List<String> exclude,
            Map<String, String> provenance,
            long fileCount,
            long totalBytes,
            String digest,
            List<FileRecord> files) {
        public Entry {
            include = List.copyOf(include);
            exclude = List.copyOf(exclude);
            // Keep the documented field order so the lock file is byte-for-byte reproducible.
            Map<String, String> ordered = new java.util.LinkedHashMap<>();
            for (String field : Provenance.FIELDS) {
                if (provenance.containsKey(field)) {
                    ordered.put(field, provenance.get(field));
                }
            }
            provenance.forEach(ordered::putIfAbsent);
            provenance = java.util.Collections.unmodifiableMap(ordered);
            files = List.copyOf(files);
        }
    }

    /** Whether any file records an object version or a store checksum (also written as format version 2). */
    public boolean hasObjectFields() {
        return datasets.stream().anyMatch(entry -> entry.files().stream()
                .anyMatch(file -> file.versionId() != null || file.storeSha256() != null));
    }

    /** Whether any file records chunk digests (the lock then needs format version 2). */
    public boolean hasChunks() {
        return datasets.stream().anyMatch(entry -> entry.files().stream().anyMatch(file -> file.chunks() != null));
    }

    /**
     * One file of a dataset: path relative to the dataset directory ('/' separated), size in bytes, hex SHA-256; for
     * a file larger than the chunk size, the SHA-256 of each chunk (so shards can verify it in byte ranges); for an
     * object store, the object's version id where the bucket is versioned, and the store's own whole-object SHA-256
     * where it keeps one that matched the bytes when locked (null otherwise).
     */
    public record FileRecord(String path, long size, String sha256, Chunks chunks, String versionId,
            String storeSha256) {
        public FileRecord(String path, long size, String sha256) {
            this(path, size, sha256, null, null, null);
        }

        public FileRecord(String path, long size, String sha256, Chunks chunks) {
            this(path, size, sha256, chunks, null, null);
        }

        public FileRecord {
            if (chunks != null && chunks.count(size) != chunks.sha256().size()) {
                throw new IllegalArgumentException("file '" + path + "' of " + size + " bytes in chunks of "
                        + chunks.bytes() + " needs " + chunks.count(size) + " chunk digests, not "
                        + chunks.sha256().size());
            }
        }
    }

    /**
     * The digests of consecutive byte ranges of one file: chunk {@code i} is bytes {@code [i * bytes, min(size,
     * (i + 1) * bytes))}.
     */
    public record Chunks(long bytes, List<String> sha256) {
        public Chunks {
            if (bytes < 1) {
                throw new IllegalArgumentException("chunk size must be at least 1 byte");
            }
            sha256 = List.copyOf(sha256);
        }

        /** How many chunks a file of {@code size} bytes has. */
        public long count(long size) {
            return size == 0 ? 0 : (size - 1) / bytes + 1;
        }

        public long offset(int chunk) {
            return chunk * bytes;
        }

        public long length(int chunk, long size) {
            return Math.min(bytes, size - offset(chunk));
        }
    }
}
