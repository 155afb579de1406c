package dev.aigate.checks.compliance;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One piece of evidence an item needs. Written as a mapping with exactly one key, the rule type:
 * {@code file}, {@code modelCard}, {@code key}, {@code check}, {@code signoff} or {@code anyOf}.
 */
public record EvidenceRule(
        FileRule file,
        ModelCardRule modelCard,
        KeyRule key,
        CheckRule check,
        SignoffRule signoff,
        List<EvidenceRule> anyOf) {

    public static final List<String> TYPES = List.of("file", "modelCard", "key", "check", "signoff", "anyOf");

    public EvidenceRule {
        List<String> present = new ArrayList<>();
        if (file != null) {
            present.add("file");
        }
        if (modelCard != null) {
            present.add("modelCard");
        }
        if (key != null) {
            present.add("key");
        }
        if (check != null) {
            present.add("check");
        }
        if (signoff != null) {
            present.add("signoff");
        }
        if (anyOf != null) {
            anyOf = Validation.copyWithoutNulls(anyOf, "anyOf");
            if (anyOf.isEmpty()) {
                throw new IllegalArgumentException("'anyOf' must list at least one evidence rule");
            }
            present.add("anyOf");
        }
        if (present.size() != 1) {
            throw new IllegalArgumentException("an evidence rule is a mapping with exactly one rule type (one of "
                    + String.join(", ", TYPES) + "), found " + (present.isEmpty() ? "none" : present));
        }
    }

    public static EvidenceRule signoffRule() {
        return new EvidenceRule(null, null, null, null, new SignoffRule(null, null), null);
    }

    /** The rule type: the one key that is set. */
    public String type() {
        return file != null ? "file" : modelCard != null ? "modelCard" : key != null ? "key"
                : check != null ? "check" : signoff != null ? "signoff" : "anyOf";
    }

    /** Every check id this rule (or its alternatives) asks about. */
    public void checkIds(List<String> into) {
        if (check != null) {
            into.add(check.id());
        }
        if (anyOf != null) {
            anyOf.forEach(rule -> rule.checkIds(into));
        }
    }

    /**
     * A file (glob, relative to the project directory) exists and is not empty.
     *
     * @param glob Java glob syntax with '/' ({@code *} within a directory, {@code **} across); {@code **}/x also
     *     matches x at the top
     */
    public record FileRule(@JsonProperty(required = true) String glob) {
        public FileRule {
            Validation.requireInsideProject(glob, "glob");
        }
    }

    /**
     * A model card (Hugging Face format: YAML front matter and Markdown sections) has a non-trivial section or front
     * matter field.
     *
     * @param file the model card, relative to the project; default: the policy's {@code compliance.modelCard}
     * @param section one heading or several alternatives (any level, compared case- and punctuation-insensitively)
     * @param field a front matter key, dotted ({@code model-index.0.name}) or a JSON pointer
     * @param minWords fewest words a section needs (default {@value #DEFAULT_MIN_WORDS}); comments and placeholders
     *     such as "[More Information Needed]" or "TODO" do not count
     */
    public record ModelCardRule(
            String file,
            @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> section,
            String field,
            Integer minWords) {
        public static final int DEFAULT_MIN_WORDS = 5;

        public ModelCardRule {
            if (file != null) {
                Validation.requireInsideProject(file, "file");
            }
            section = section == null ? null : Validation.copyWithoutNulls(section, "section");
            if ((section == null || section.isEmpty()) == (field == null || field.isBlank())) {
                throw new IllegalArgumentException("a modelCard rule needs exactly one of 'section' (a Markdown"
                        + " heading) or 'field' (a front matter key)");
            }
            for (String heading : section == null ? List.<String>of() : section) {
                Validation.requireText(heading, "section");
            }
            if (minWords != null && (minWords < 1 || minWords > 10_000)) {
                throw new IllegalArgumentException("'minWords' must be between 1 and 10000, was " + minWords);
            }
            if (minWords != null && field != null) {
                throw new IllegalArgumentException("'minWords' applies to sections, not to front matter fields");
            }
            minWords = minWords == null ? DEFAULT_MIN_WORDS : minWords;
        }
    }

    /**
     * A key in a YAML or JSON document has a value (not null, empty or a placeholder), optionally a given one.
     *
     * @param path dotted ({@code privacy.lawfulBasis}, {@code items.0.name}) or a JSON pointer ({@code /a/b})
     */
    public record KeyRule(
            @JsonProperty(required = true) String file,
            @JsonProperty(required = true) String path,
            JsonNode equals,
            List<JsonNode> oneOf) {
        public KeyRule {
            Validation.requireInsideProject(file, "file");
            path = Validation.requireText(path, "path");
            if (equals != null && equals.isNull()) {
                equals = null;
            }
            if (equals != null && !equals.isValueNode()) {
                throw new IllegalArgumentException("'equals' must be a text, number or true/false value");
            }
            if (oneOf != null) {
                oneOf = Validation.copyWithoutNulls(oneOf, "oneOf");
                if (oneOf.isEmpty()) {
                    throw new IllegalArgumentException("'oneOf' must list at least one value");
                }
                for (JsonNode value : oneOf) {
                    if (!value.isValueNode() || value.isNull()) {
                        throw new IllegalArgumentException("'oneOf' values must be text, numbers or true/false");
                    }
                }
            }
            if (equals != null && oneOf != null) {
                throw new IllegalArgumentException("give 'equals' or 'oneOf', not both");
            }
        }
    }

    /**
     * Another aigate check ran in the same gate and passed.
     *
     * @param id the check id, e.g. {@code datasets}, {@code robustness}, {@code watermark}, {@code signature}
     * @param allowWarnings whether WARNED (violations below the failing level) also counts; default false
     */
    public record CheckRule(@JsonProperty(required = true) String id, Boolean allowWarnings) {
        public CheckRule {
            if (id == null || !Validation.CHECK_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("check id '" + id + "' must be lower-case letters, digits and"
                        + " '-', e.g. datasets");
            }
            if (ComplianceCheck.ID.equals(id)) {
                throw new IllegalArgumentException("a compliance item cannot depend on the compliance check itself");
            }
            allowWarnings = allowWarnings != null && allowWarnings;
        }
    }

    /**
     * A sign-off for the item exists in the sign-off file, is dated today or earlier and has not expired.
     *
     * @param role when set, the sign-off must be by this role (e.g. {@code release-manager}, {@code dpo})
     * @param maxAgeDays when set, the sign-off must be at most this many days old (periodic review)
     */
    public record SignoffRule(String role, Integer maxAgeDays) {
        public SignoffRule {
            if (role != null) {
                role = Validation.requireText(role, "role");
            }
            if (maxAgeDays != null && maxAgeDays < 1) {
                throw new IllegalArgumentException("'maxAgeDays' must be at least 1, was " + maxAgeDays);
            }
        }
    }
}
