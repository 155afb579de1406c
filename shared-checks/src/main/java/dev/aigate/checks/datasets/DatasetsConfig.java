package dev.aigate.checks.datasets;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code datasets} section of the policy.
 *
 * @param lockFile the lock file, relative to the policy; default {@value #DEFAULT_LOCK_FILE}
 * @param requireProvenance provenance fields every dataset's lock must record
 * @param sets the datasets to lock and verify (may be empty when {@code dvc} names files)
 * @param dvc {@code dvc.lock} or {@code .dvc} files, relative to the policy, whose outputs are verified by DVC's
 *     hashes, instead of or besides an aigate lock
 * @param chunkBytes locking records the SHA-256 of every chunk of this many bytes of a larger file, so that shards
 *     can verify one file in byte ranges; default {@value #DEFAULT_CHUNK_BYTES} (64 MiB), at least
 *     {@value #MIN_CHUNK_BYTES}
 * @param cache opt-in: a file (relative to the policy) where verification keeps the digests of files it hashed, keyed
 *     by device, inode, size, modification and change time, so unchanged files are not hashed again; none by default
 */
public record DatasetsConfig(
        Boolean enabled,
        String lockFile,
        List<String> requireProvenance,
        List<DatasetSpec> sets,
        List<String> dvc,
        Long chunkBytes,
        String cache) {

    public static final String DEFAULT_LOCK_FILE = "aigate-datasets.lock.json";
    public static final long DEFAULT_CHUNK_BYTES = 64L * 1024 * 1024;
    public static final long MIN_CHUNK_BYTES = 4096;

    public DatasetsConfig {
        enabled = enabled == null ? Boolean.TRUE : enabled;
        lockFile = lockFile == null || lockFile.isBlank() ? DEFAULT_LOCK_FILE : lockFile;
        chunkBytes = chunkBytes == null ? DEFAULT_CHUNK_BYTES : chunkBytes;
        if (chunkBytes < MIN_CHUNK_BYTES) {
            throw new IllegalArgumentException("'chunkBytes' must be at least " + MIN_CHUNK_BYTES);
        }
        if (cache != null) {
            dev.aigate.core.io.SafePaths.requireRelative("cache", cache);
        }
        requireProvenance = requireProvenance == null ? List.of() : List.copyOf(requireProvenance);
        for (String field : requireProvenance) {
            if (!Provenance.FIELDS.contains(field)) {
                throw new IllegalArgumentException("unknown provenance field '" + field + "' in requireProvenance"
                        + " (known: " + String.join(", ", Provenance.FIELDS) + ")");
            }
        }
        dvc = dvc == null ? List.of() : List.copyOf(dvc);
        for (String file : dvc) {
            dev.aigate.core.io.SafePaths.requireRelative("dvc", file);
            if (!DvcFile.supports(file)) {
                throw new IllegalArgumentException("'dvc' entry '" + file + "' must name a dvc.lock or a .dvc file");
            }
        }
        if ((sets == null || sets.isEmpty()) && dvc.isEmpty()) {
            throw new IllegalArgumentException("'sets' must list at least one dataset (or 'dvc' name a dvc.lock or"
                    + " .dvc file)");
        }
        sets = sets == null ? List.of() : List.copyOf(sets);
        Set<String> names = new HashSet<>();
        for (DatasetSpec spec : sets) {
            if (!names.add(spec.name())) {
                throw new IllegalArgumentException("two datasets are named '" + spec.name() + "'");
            }
        }
    }
}
