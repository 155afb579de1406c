package dev.aigate.core;

import java.util.Objects;

/** An input a check judged, with the digest it had when judged, so a report says exactly what was checked. */
public record InputDigest(String kind, String path, long size, String sha256) {
    public InputDigest {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(path, "path");
    }
}
