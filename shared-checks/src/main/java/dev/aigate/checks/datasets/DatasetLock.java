package dev.aigate.checks.datasets;

import java.util.List;
import java.util.Map;

/**
 * The content of a dataset lock file: for each dataset, its selection, provenance and every file's path, size and
 * SHA-256, plus the dataset digest (see {@link DatasetDigest}).
 */
public record DatasetLock(int formatVersion, String tool, List<Entry> datasets) {
    public static final String FORMAT = "aigate-dataset-lock";
    public static final int FORMAT_VERSION = 1;

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

    /**
     * One file of a dataset: path relative to the dataset directory ('/' separated), size in bytes, hex SHA-256; for
     * an object store, the object's version id where the bucket is versioned, and the store's own whole-object
     * SHA-256 where it keeps one that matched the bytes when locked (both null otherwise).
     */
    public record FileRecord(String path, long size, String sha256, String versionId, String storeSha256) {
        public FileRecord(String path, long size, String sha256) {
            this(path, size, sha256, null, null);
        }
    }
}
