package dev.aigate.checks.compliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.core.CheckResult;
import dev.aigate.core.Finding;
import dev.aigate.core.InputDigest;
import dev.aigate.core.io.Digests;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileRuleTest {
    @TempDir
    Path dir;
    TestProject project;

    @BeforeEach
    void checklist() {
        project = new TestProject(dir).checklist(""
                + "  - id: docs/risk\n"
                + "    title: Risk management is documented\n"
                + "    evidence:\n"
                + "      - file: {glob: \"compliance/risk-management*\"}\n");
    }

    @Test
    void metByANonEmptyFileRecordsPathAndDigest() {
        String content = "# Risk management\nRisks are reviewed monthly.\n";
        project.file("compliance/risk-management.md", content);
        CheckResult result = project.run();
        assertEquals("met", TestProject.status(result, "docs/risk"));
        String sha = Digests.sha256Hex(content.getBytes(StandardCharsets.UTF_8));
        assertTrue(result.inputs().contains(new InputDigest("compliance-evidence", "compliance/risk-management.md",
                content.length(), sha)), result.inputs().toString());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> evidence = (List<Map<String, Object>>) TestProject.item(result, "docs/risk")
                .get("evidence");
        assertTrue(String.valueOf(evidence.get(0).get("detail")).contains("sha256 " + sha));
        assertTrue(result.findings().isEmpty());
    }

    @Test
    void missingFileIsUnmetAndSaysWhereItLooked() {
        CheckResult result = project.run();
        assertEquals("unmet", TestProject.status(result, "docs/risk"));
        Finding finding = result.findings().get(0);
        assertEquals("compliance/item-unmet", finding.ruleId());
        assertEquals("docs/risk", finding.subject());
        assertEquals(3, finding.line());
        assertTrue(finding.message().contains("no file matches 'compliance/risk-management*' (searched compliance/)"),
                finding.message());
        assertTrue(finding.message().contains("compliance/checklist.yml:3"), finding.message());
    }

    @Test
    void emptyAndWhitespaceOnlyFilesDoNotCount() {
        project.file("compliance/risk-management.md", "").file("compliance/risk-management.txt", " \n\t\n");
        CheckResult result = project.run();
        assertEquals("unmet", TestProject.status(result, "docs/risk"));
        assertTrue(result.findings().get(0).message().contains("only empty files match"),
                result.findings().get(0).message());
    }

    @Test
    void doubleStarMatchesAtAnyDepthIncludingTheTop() {
        new TestProject(dir).checklist(""
                + "  - id: docs/any\n"
                + "    title: A threat model anywhere\n"
                + "    evidence:\n"
                + "      - file: {glob: \"**/threat-model.md\"}\n")
                .file("threat-model.md", "STRIDE analysis\n");
        assertEquals("met", TestProject.status(project.run(), "docs/any"));
    }
}
