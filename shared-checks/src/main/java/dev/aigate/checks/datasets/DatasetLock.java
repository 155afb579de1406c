package dev.aigate.checks.datasets;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
            // Sorted, not Map.copyOf: its iteration order changes from one JVM run to the next, and the lock file
            // must come out byte for byte the same.
            provenance = Collections.unmodifiableMap(new TreeMap<>(provenance));
            files = List.copyOf(files);
        }
    }

    /** One file of a dataset: path relative to the dataset directory ('/' separated), size in bytes, hex SHA-256. */
    public record FileRecord(String path, long size, String sha256) {
    }
}
