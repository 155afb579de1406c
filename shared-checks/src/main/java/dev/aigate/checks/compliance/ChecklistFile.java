package dev.aigate.checks.compliance;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A checklist file (or built-in profile) as written: what it extends, its own items, and overrides of inherited ones.
 *
 * @param version the checklist format version; this aigate reads {@value #VERSION}
 * @param parents the {@code extends} list: built-in profiles and other checklist files, merged in order
 */
public record ChecklistFile(
        @JsonProperty(required = true) Integer version,
        String name,
        String description,
        @JsonProperty("extends") List<Parent> parents,
        List<ItemSpec> items,
        List<ItemOverride> overrides) {

    public static final int VERSION = 1;

    public ChecklistFile {
        if (version == null || version != VERSION) {
            throw new IllegalArgumentException("checklist version " + version + " is not supported (this aigate"
                    + " reads version " + VERSION + ")");
        }
        parents = Validation.copyWithoutNulls(parents, "extends");
        items = Validation.copyWithoutNulls(items, "items");
        overrides = Validation.copyWithoutNulls(overrides, "overrides");
    }

    /** One {@code extends} entry: exactly one of a built-in {@code profile} name or a checklist {@code file}. */
    public record Parent(String profile, String file) {
        public Parent {
            if ((profile == null) == (file == null)) {
                throw new IllegalArgumentException("an 'extends' entry needs exactly one of 'profile' (a built-in"
                        + " profile: " + String.join(", ", Profiles.NAMES) + ") or 'file' (a checklist file)");
            }
            if (profile != null && !Profiles.NAMES.contains(profile)) {
                throw new IllegalArgumentException("unknown profile '" + profile + "' (built-in profiles: "
                        + String.join(", ", Profiles.NAMES) + ")");
            }
            if (file != null) {
                Validation.requireInsideProject(file, "file");
            }
        }
    }
}
