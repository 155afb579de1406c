package dev.aigate.checks.signature.oms;

import java.util.List;
import java.util.Objects;

/**
 * How a model was turned into resources: the predicate's {@code serialization} object. Verification repeats exactly
 * this: the same method, hash, shard size, symbolic link rule and exclusions.
 *
 * @param method {@code files} (one resource per file) or {@code shards} (one per byte range of {@code shardSize})
 * @param hashType the file digest algorithm; aigate computes {@code sha256}
 * @param shardSize bytes per shard for {@code shards}, 0 for {@code files}
 * @param allowSymlinks whether symbolic links (inside the model folder) were followed
 * @param ignorePaths paths relative to the model folder that are not part of the model
 */
public record Serialization(String method, String hashType, long shardSize, boolean allowSymlinks,
        List<String> ignorePaths) {
    public static final String FILES = "files";
    public static final String SHARDS = "shards";
    public static final String SHA256 = "sha256";

    public Serialization {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(hashType, "hashType");
        if (!method.equals(FILES) && !method.equals(SHARDS)) {
            throw new IllegalArgumentException("serialization method must be 'files' or 'shards', not '" + method
                    + "'");
        }
        if (method.equals(SHARDS) && shardSize <= 0) {
            throw new IllegalArgumentException("the 'shards' method needs a positive shard size");
        }
        if (method.equals(FILES)) {
            shardSize = 0;
        }
        ignorePaths = ignorePaths == null ? List.of() : List.copyOf(ignorePaths);
    }

    public static Serialization files(boolean allowSymlinks, List<String> ignorePaths) {
        return new Serialization(FILES, SHA256, 0, allowSymlinks, ignorePaths);
    }

    public static Serialization shards(long shardSize, boolean allowSymlinks, List<String> ignorePaths) {
        return new Serialization(SHARDS, SHA256, shardSize, allowSymlinks, ignorePaths);
    }

    public boolean sharded() {
        return method.equals(SHARDS);
    }

    /**
     * The {@code algorithm} of each resource. model_signing names a shard digest {@code sha256-sharded-<size>} and
     * compares algorithm names when it verifies, so aigate writes the same (the spec's text says {@code sha256}; both
     * are accepted when verifying).
     */
    public String resourceAlgorithm() {
        return sharded() ? hashType + "-sharded-" + shardSize : hashType;
    }

    public Serialization withIgnorePaths(List<String> paths) {
        return new Serialization(method, hashType, shardSize, allowSymlinks, paths);
    }
}
