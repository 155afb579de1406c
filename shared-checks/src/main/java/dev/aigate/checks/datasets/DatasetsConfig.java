package dev.aigate.checks.datasets;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code datasets} section of the policy.
 *
 * @param lockFile the lock file, relative to the policy; default {@value #DEFAULT_LOCK_FILE}
 * @param requireProvenance provenance fields every dataset's lock must record
 * @param sets the datasets to lock and verify
 */
public record DatasetsConfig(
        Boolean enabled,
        String lockFile,
        List<String> requireProvenance,
        @JsonProperty(required = true) List<DatasetSpec> sets) {

    public static final String DEFAULT_LOCK_FILE = "aigate-datasets.lock.json";

    public DatasetsConfig {
        enabled = enabled == null ? Boolean.TRUE : enabled;
        lockFile = lockFile == null || lockFile.isBlank() ? DEFAULT_LOCK_FILE : lockFile;
        requireProvenance = requireProvenance == null ? List.of() : List.copyOf(requireProvenance);
        for (String field : requireProvenance) {
            if (!Provenance.FIELDS.contains(field)) {
                throw new IllegalArgumentException("unknown provenance field '" + field + "' in requireProvenance"
                        + " (known: " + String.join(", ", Provenance.FIELDS) + ")");
            }
        }
        if (sets == null || sets.isEmpty()) {
            throw new IllegalArgumentException("'sets' must list at least one dataset");
        }
        sets = List.copyOf(sets);
        Set<String> names = new HashSet<>();
        for (DatasetSpec spec : sets) {
            if (!names.add(spec.name())) {
                throw new IllegalArgumentException("two datasets are named '" + spec.name() + "'");
            }
        }
    }
}
