package dev.aigate.checks.datasets;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.aigate.core.io.SafePaths;
import java.nio.file.FileSystems;
import java.util.List;
import java.util.regex.PatternSyntaxException;

/**
 * One dataset named in the policy: a directory (relative to the policy file) or an object-store location such as
 * {@code s3://bucket/prefix}, and optional include/exclude globs (relative to that directory, '/' separated;
 * {@code **}/ also matches the top level). {@code trustStoreChecksums} (object stores only, default false) lets
 * verification take an object's locked SHA-256 on the store's word when the store's own checksum is unchanged.
 */
public record DatasetSpec(
        @JsonProperty(required = true) String name,
        @JsonProperty(required = true) String path,
        List<String> include,
        List<String> exclude,
        Provenance provenance,
        Boolean trustStoreChecksums) {

    public DatasetSpec {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
            throw new IllegalArgumentException("dataset name '" + name
                    + "' must be 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("dataset '" + name + "' needs a 'path'");
        }
        include = include == null || include.isEmpty() ? List.of("**") : List.copyOf(include);
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
        provenance = provenance == null ? Provenance.empty() : provenance;
        trustStoreChecksums = trustStoreChecksums != null && trustStoreChecksums;
        if (trustStoreChecksums && !remote(path)) {
            throw new IllegalArgumentException("dataset '" + name + "': 'trustStoreChecksums' applies only to an"
                    + " object-store path such as s3://bucket/prefix");
        }
        for (String glob : include) {
            requireInside(name, "include", glob);
        }
        for (String glob : exclude) {
            requireInside(name, "exclude", glob);
        }
    }

    /** Whether the dataset lives in an object store ({@code scheme://...}) rather than in a directory. */
    public boolean remote() {
        return remote(path);
    }

    private static boolean remote(String path) {
        return dev.aigate.checks.datasets.source.DatasetSources.scheme(path).isPresent();
    }

    private static void requireInside(String dataset, String key, String glob) {
        SafePaths.problemWith(glob).ifPresent(problem -> {
            throw new IllegalArgumentException("dataset '" + dataset + "' " + key + " pattern '" + glob
                    + "' is not allowed: " + problem + "; patterns must stay inside the dataset directory");
        });
        try {
            FileSystems.getDefault().getPathMatcher("glob:" + glob);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("dataset '" + dataset + "' " + key + " pattern '" + glob
                    + "' is not a valid glob: " + e.getDescription());
        }
    }
}
