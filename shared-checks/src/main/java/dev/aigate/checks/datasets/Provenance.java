package dev.aigate.checks.datasets;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a dataset came from. Declared in the policy, recorded in the lock when the dataset is locked.
 *
 * @param collected the date the data was collected (or snapshotted)
 * @param approver who approved the dataset for training
 */
public record Provenance(String source, String license, LocalDate collected, String approver) {
    /** The field names a policy may require. */
    public static final List<String> FIELDS = List.of("source", "license", "collected", "approver");

    public static Provenance empty() {
        return new Provenance(null, null, null, null);
    }

    /** Field name to value, with absent or blank fields left out. */
    public Map<String, String> present() {
        Map<String, String> values = new LinkedHashMap<>();
        put(values, "source", source);
        put(values, "license", license);
        put(values, "collected", collected == null ? null : collected.toString());
        put(values, "approver", approver);
        return values;
    }

    private static void put(Map<String, String> values, String key, String value) {
        if (value != null && !value.isBlank()) {
            values.put(key, value.trim());
        }
    }
}
