package dev.aigate.checks.compliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.core.CheckResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComplianceInitTest {
    @TempDir
    Path dir;

    @Test
    void writesAStarterThatLoadsAndIsHonestlyUnmet() {
        ComplianceInit.Result result = ComplianceInit.init(dir, List.of("owasp-ml-top10", "privacy"), "digits");
        assertEquals(List.of("compliance/checklist.yml", "MODEL_CARD.md", "compliance/signoffs.yml"),
                result.written());
        assertEquals(List.of(), result.skipped());
        assertTrue(result.policySnippet().contains("checklist: compliance/checklist.yml"));

        Checklist checklist = new ChecklistLoader(dir).load("compliance/checklist.yml");
        assertTrue(checklist.item("owasp-ml/ML01").isPresent());
        assertTrue(checklist.item("privacy/dpia").isPresent());
        assertTrue(checklist.item("project/model-card").isPresent());

        // The template's placeholders are not evidence: the model card item is unmet until it is filled in.
        CheckResult check = new TestProject(dir).run();
        assertEquals("unmet", TestProject.status(check, "project/model-card"));
        assertEquals("compliance/signoff-missing", check.findings().stream()
                .filter(f -> f.subject().equals("project/release-approval")).findFirst().orElseThrow().ruleId());
    }

    @Test
    void neverOverwritesExistingFiles() throws IOException {
        Files.writeString(dir.resolve("MODEL_CARD.md"), "# mine\n");
        ComplianceInit.Result result = ComplianceInit.init(dir, ComplianceInit.DEFAULT_PROFILES, null);
        assertEquals(List.of("MODEL_CARD.md"), result.skipped());
        assertEquals("# mine\n", Files.readString(dir.resolve("MODEL_CARD.md")));
        ComplianceInit.Result again = ComplianceInit.init(dir, ComplianceInit.DEFAULT_PROFILES, null);
        assertEquals(List.of(), again.written());
        assertEquals(3, again.skipped().size());
    }

    @Test
    void rejectsUnknownProfiles() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> ComplianceInit.init(dir, List.of("iso-42001"), null));
        assertTrue(error.getMessage().contains("unknown profile 'iso-42001'"));
    }
}
