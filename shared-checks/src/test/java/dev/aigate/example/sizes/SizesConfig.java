package dev.aigate.example.sizes;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The {@code sizes} section: which files, and how large they may be.
 *
 * @param path the directory to look in, relative to the policy
 * @param include globs of files to judge (default: all)
 * @param maxBytes the largest allowed file
 */
public record SizesConfig(@JsonProperty(required = true) String path, List<String> include,
        @JsonProperty(required = true) Long maxBytes) {
    public SizesConfig {
        include = include == null ? List.of() : List.copyOf(include);
        if (maxBytes < 1) {
            throw new IllegalArgumentException("'maxBytes' must be at least 1");
        }
    }
}
