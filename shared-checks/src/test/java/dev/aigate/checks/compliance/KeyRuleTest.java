package dev.aigate.checks.compliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.core.CheckResult;
import dev.aigate.core.PolicyException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyRuleTest {
    @TempDir
    Path dir;

    private TestProject project(String rule) {
        return new TestProject(dir)
                .file("compliance/privacy.yml", "personalData: true\nlawfulBasis: consent\nretention: \"\"\n"
                        + "privacyTechniques: [differential-privacy]\nnested:\n  list:\n    - name: TBD\n")
                .file("compliance/dpia.json", "{\n  \"approved\": true,\n  \"risk\": {\"level\": \"low\"}\n}\n")
                .checklist(""
                        + "  - id: privacy/x\n"
                        + "    title: A declared fact\n"
                        + "    evidence:\n"
                        + "      - key: " + rule + "\n");
    }

    @Test
    void keyWithValueIsMetWithValueAndLine() {
        CheckResult result = project("{file: compliance/privacy.yml, path: lawfulBasis}").run();
        assertEquals("met", TestProject.status(result, "privacy/x"));
        assertTrue(result.inputs().stream().anyMatch(i -> i.path().equals("compliance/privacy.yml")));
    }

    @Test
    void listValueCounts() {
        assertEquals("met", TestProject.status(project("{file: compliance/privacy.yml, path: privacyTechniques}")
                .run(), "privacy/x"));
    }

    @Test
    void emptyValueAndPlaceholderAreUnmet() {
        CheckResult empty = project("{file: compliance/privacy.yml, path: retention}").run();
        assertTrue(empty.findings().get(0).message().contains("'retention' (compliance/privacy.yml:3) is empty or a"
                + " placeholder"), empty.findings().get(0).message());
        assertEquals("unmet", TestProject.status(project("{file: compliance/privacy.yml, path: nested.list.0.name}")
                .run(), "privacy/x"));
    }

    @Test
    void equalsAndOneOf() {
        assertEquals("met", TestProject.status(project("{file: compliance/privacy.yml, path: personalData,"
                + " equals: true}").run(), "privacy/x"));
        CheckResult wrong = project("{file: compliance/privacy.yml, path: lawfulBasis, oneOf: [contract,"
                + " legitimate-interests]}").run();
        assertTrue(wrong.findings().get(0).message().contains("is consent, expected one of"),
                wrong.findings().get(0).message());
    }

    @Test
    void jsonDocumentsWithPointerPaths() {
        CheckResult result = project("{file: compliance/dpia.json, path: /risk/level, equals: low}").run();
        assertEquals("met", TestProject.status(result, "privacy/x"));
        assertTrue(String.valueOf(TestProject.item(result, "privacy/x").get("evidence"))
                .contains("compliance/dpia.json:3"));
    }

    @Test
    void missingFileOrKeyIsUnmet() {
        assertTrue(project("{file: compliance/nope.yml, path: a}").run().findings().get(0).message()
                .contains("compliance/nope.yml not found"));
        assertTrue(project("{file: compliance/privacy.yml, path: dpo}").run().findings().get(0).message()
                .contains("no key 'dpo' in compliance/privacy.yml"));
    }

    @Test
    void malformedDocumentIsAnErrorNamingFileAndLine() {
        TestProject project = project("{file: compliance/dpia.json, path: approved}");
        project.file("compliance/dpia.json", "{\n  \"approved\": true,\n  \"approved\": false\n}\n");
        PolicyException error = assertThrows(PolicyException.class, project::run);
        assertTrue(error.getMessage().startsWith("compliance/dpia.json:3: duplicate key 'approved'"),
                error.getMessage());
    }
}
