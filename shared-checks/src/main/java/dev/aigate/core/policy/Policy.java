package dev.aigate.core.policy;

import com.fasterxml.jackson.core.JsonPointer;
import dev.aigate.core.Severity;
import dev.aigate.core.spi.Check;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A loaded and validated {@code aigate.yml}. Check sections stay as parsed YAML until a check asks for its typed
 * configuration, so that every error still names the line.
 *
 * @param sha256 digest of the policy file's bytes, recorded in every report
 * @param failOn the lowest severity that fails the gate
 * @param severityOverrides rule id to severity, replacing the rule's default
 * @param waiverWarningDays a waiver expiring within this many days raises {@code policy/waiver-expiring}; 0 never
 * @param sections the check ids that have a section in this policy
 * @param roots folders outside the policy's own that its paths may name ({@code roots:}), absolute or relative to it
 */
public record Policy(
        Path file,
        String sha256,
        int version,
        String project,
        Severity failOn,
        Map<String, Severity> severityOverrides,
        List<Waiver> waivers,
        int waiverWarningDays,
        Set<String> sections,
        YamlDocument document,
        List<Path> roots) {

    public Policy {
        roots = roots == null ? List.of() : List.copyOf(roots);
    }

    /** The project directory plus the roots the policy widens it with: where every path it names must lie. */
    public dev.aigate.core.files.ProjectRoot projectRoot() {
        return dev.aigate.core.files.ProjectRoot.of(baseDir(), roots);
    }

    public Path baseDir() {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? file.toAbsolutePath() : parent;
    }

    public boolean hasSection(String checkId) {
        return sections.contains(checkId);
    }

    /** The check's section bound to its config type; errors name the file, line and key. */
    public <C> C configFor(Check<C> check) {
        return ConfigBinder.bind(document, JsonPointer.empty().appendProperty(check.id()), check.configType());
    }

    /** The line a top-level key or nested node starts on, for findings that point into the policy. */
    public int lineOf(String jsonPointer) {
        return document.lineOf(JsonPointer.compile(jsonPointer));
    }
}
