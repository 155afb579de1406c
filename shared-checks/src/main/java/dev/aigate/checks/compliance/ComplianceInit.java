package dev.aigate.checks.compliance;

import dev.aigate.core.GateException;
import dev.aigate.core.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a project's starting point for the compliance check: a checklist that selects built-in profiles, a model
 * card template and an empty sign-off file. Never overwrites: a file that exists is left alone and reported skipped.
 */
public final class ComplianceInit {
    public static final List<String> DEFAULT_PROFILES = List.of("owasp-ml-top10");
    private static final String TEMPLATES = "/dev/aigate/checks/compliance/init/";

    private ComplianceInit() {
    }

    /**
     * What {@link #init} did.
     *
     * @param written files created, relative to the project directory
     * @param skipped files left alone because they exist
     * @param policySnippet the policy section that enables the check with these files
     */
    public record Result(List<String> written, List<String> skipped, String policySnippet) {
    }

    /**
     * @param projectDir the directory of the policy file
     * @param profiles built-in profiles the checklist extends (at least one)
     * @param project a name for the checklist and model card title (e.g. the artifact id)
     */
    public static Result init(Path projectDir, List<String> profiles, String project) {
        if (profiles.isEmpty()) {
            throw new IllegalArgumentException("select at least one profile (" + String.join(", ", Profiles.NAMES)
                    + ")");
        }
        for (String profile : profiles) {
            if (!Profiles.NAMES.contains(profile)) {
                throw new IllegalArgumentException("unknown profile '" + profile + "' (built-in profiles: "
                        + String.join(", ", Profiles.NAMES) + ")");
            }
        }
        String name = project == null || project.isBlank() ? projectDir.toAbsolutePath().normalize()
                .getFileName().toString() : project.strip();
        List<String> written = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        write(projectDir, ComplianceConfig.DEFAULT_CHECKLIST, checklist(profiles, name), written, skipped);
        write(projectDir, ComplianceConfig.DEFAULT_MODEL_CARD, template("MODEL_CARD.md").replace("{{project}}", name),
                written, skipped);
        write(projectDir, ComplianceConfig.DEFAULT_SIGNOFFS, template("signoffs.yml"), written, skipped);
        String snippet = "compliance:\n"
                + "  checklist: " + ComplianceConfig.DEFAULT_CHECKLIST + "\n"
                + "  signoffs: " + ComplianceConfig.DEFAULT_SIGNOFFS + "\n"
                + "  modelCard: " + ComplianceConfig.DEFAULT_MODEL_CARD + "\n";
        return new Result(written, skipped, snippet);
    }

    static String checklist(List<String> profiles, String project) {
        StringBuilder extendsList = new StringBuilder();
        for (String profile : profiles) {
            extendsList.append("  - profile: ").append(profile).append('\n');
        }
        List<String> others = new ArrayList<>(Profiles.NAMES);
        others.removeAll(profiles);
        StringBuilder more = new StringBuilder();
        for (String other : others) {
            more.append("#  - profile: ").append(other).append('\n');
        }
        return template("checklist.yml").replace("{{project}}", project.replace("\"", "'"))
                .replace("{{extends}}\n", extendsList.toString())
                .replace("{{more}}\n", more.toString());
    }

    private static void write(Path projectDir, String relative, String content, List<String> written,
            List<String> skipped) {
        Path target = projectDir.resolve(relative);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            skipped.add(relative);
            return;
        }
        try {
            AtomicFiles.write(target, content.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new GateException(target + ": cannot write: " + e.getMessage(), e);
        }
        written.add(relative);
    }

    private static String template(String name) {
        try (InputStream in = ComplianceInit.class.getResourceAsStream(TEMPLATES + name)) {
            if (in == null) {
                throw new GateException("template '" + name + "' is missing from the aigate jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new GateException("cannot read template '" + name + "': " + e.getMessage(), e);
        }
    }
}
