package dev.aigate.checks.compliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.core.CheckResult;
import dev.aigate.core.CheckStatus;
import dev.aigate.core.GateResult;
import dev.aigate.core.Verdict;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every malformed input is an ERROR (the gate cannot judge) whose message names the file, the line and the key. */
class BadInputTest {
    @TempDir
    Path dir;

    private String error(TestProject project) {
        project.file("aigate.yml", "version: 1\ncompliance:\n  checklist: compliance/checklist.yml\n");
        GateResult result = project.gate();
        assertEquals(Verdict.ERROR, result.verdict(), String.valueOf(result.errors()));
        CheckResult check = result.checks().stream().filter(c -> c.checkId().equals("compliance")).findFirst()
                .orElseThrow();
        assertEquals(CheckStatus.ERROR, check.status());
        return check.error();
    }

    private TestProject checklist(String text) {
        return new TestProject(dir).file("compliance/checklist.yml", text);
    }

    @Test
    void malformedYaml() {
        String error = error(checklist("version: 1\nitems:\n  - id: a\n    title: [unclosed\n"));
        assertTrue(error.startsWith("compliance/checklist.yml:"), error);
        assertTrue(error.contains("not valid YAML"), error);
    }

    @Test
    void unknownRuleType() {
        String error = error(checklist("version: 1\nitems:\n  - id: a\n    title: t\n    evidence:\n"
                + "      - files: {glob: x}\n"));
        assertTrue(error.startsWith("compliance/checklist.yml:6: 'items[0].evidence[0]': unknown evidence rule"
                + " type 'files' (known: file, modelCard, key, check, signoff, anyOf)"), error);
        String nested = error(checklist("version: 1\nitems:\n  - id: a\n    title: t\n    evidence:\n"
                + "      - anyOf:\n          - file: {glob: x}\n          - signof: {}\n"));
        assertTrue(nested.startsWith("compliance/checklist.yml:8: 'items[0].evidence[0].anyOf[1]': unknown evidence"
                + " rule type 'signof'"), nested);
    }

    @Test
    void twoRuleTypesInOneRule() {
        String error = error(checklist("version: 1\nitems:\n  - id: a\n    title: t\n    evidence:\n"
                + "      - {file: {glob: x}, check: {id: datasets}}\n"));
        assertTrue(error.startsWith("compliance/checklist.yml:6: 'items[0].evidence[0]': an evidence rule is a"
                + " mapping with exactly one rule type"), error);
    }

    @Test
    void unknownKeyInAnItem() {
        String error = error(checklist("version: 1\nitems:\n  - id: a\n    title: t\n    manual: true\n"
                + "    severty: low\n"));
        assertTrue(error.startsWith("compliance/checklist.yml:6: unknown key 'severty'"), error);
    }

    @Test
    void invalidSeverity() {
        String error = error(checklist("version: 1\nitems:\n  - id: a\n    title: t\n    manual: true\n"
                + "    severity: urgent\n"));
        assertTrue(error.startsWith("compliance/checklist.yml:6: 'items[0].severity' has an invalid value 'urgent'"),
                error);
    }

    @Test
    void itemWithoutEvidence() {
        String error = error(checklist("version: 1\nitems:\n  - id: a\n    title: t\n"));
        assertTrue(error.startsWith("compliance/checklist.yml:3: 'items[0]': item 'a' needs at least one evidence"
                + " rule"), error);
    }

    @Test
    void overrideOfAnUndefinedItem() {
        String error = error(checklist("version: 1\nextends:\n  - profile: owasp-ml-top10\noverrides:\n"
                + "  - id: owasp-ml/ML11\n    severity: low\n"));
        assertTrue(error.startsWith("compliance/checklist.yml:5: 'overrides[0].id': item 'owasp-ml/ML11' is"
                + " referenced but not defined"), error);
        assertTrue(error.contains("owasp-ml/ML01"), error);
    }

    @Test
    void signoffOfAnUndefinedItem() {
        TestProject project = checklist("version: 1\nitems:\n  - {id: a, title: t, manual: true}\n")
                .file("compliance/signoffs.yml", "version: 1\nsignoffs:\n"
                        + "  - {item: a, approver: x, role: y, date: 2026-01-01}\n"
                        + "  - {item: b, approver: x, role: y, date: 2026-01-01}\n");
        String error = error(project);
        assertTrue(error.startsWith("compliance/signoffs.yml:4: 'signoffs[1].item': item 'b' is referenced but not"
                + " defined"), error);
    }

    @Test
    void duplicateIdsInOneFile() {
        String error = error(checklist("version: 1\nitems:\n  - {id: a, title: t, manual: true}\n"
                + "  - {id: a, title: u, manual: true}\n"));
        assertTrue(error.startsWith("compliance/checklist.yml:4: 'items[1].id': duplicate item id 'a' (also defined"
                + " at line 3)"), error);
    }

    @Test
    void duplicateOfAnInheritedId() {
        String error = error(checklist("version: 1\nextends:\n  - profile: owasp-ml-top10\nitems:\n"
                + "  - {id: owasp-ml/ML01, title: mine, manual: true}\n"));
        assertTrue(error.startsWith("compliance/checklist.yml:5: 'items[0].id': duplicate item id 'owasp-ml/ML01':"
                + " already defined at builtin/owasp-ml-top10.yml:"), error);
        assertTrue(error.contains("list it under 'overrides'"), error);
    }

    @Test
    void duplicateIdsFromTwoExtendedFiles() {
        TestProject project = checklist("version: 1\nextends:\n  - file: compliance/a.yml\n"
                + "  - file: compliance/b.yml\n")
                .file("compliance/a.yml", "version: 1\nitems:\n  - {id: x, title: t, manual: true}\n")
                .file("compliance/b.yml", "version: 1\nitems:\n  - {id: x, title: t, manual: true}\n");
        String error = error(project);
        assertTrue(error.startsWith("compliance/checklist.yml:4: 'extends[1]': duplicate item id 'x': defined at"
                + " compliance/a.yml:3 and at compliance/b.yml:3"), error);
    }

    @Test
    void sameFileReachedTwiceIsNotADuplicate() {
        TestProject project = checklist("version: 1\nextends:\n  - file: compliance/a.yml\n"
                + "  - file: compliance/b.yml\n")
                .file("compliance/a.yml", "version: 1\nextends: [{file: compliance/base.yml}]\n")
                .file("compliance/b.yml", "version: 1\nextends: [{file: compliance/base.yml}]\n")
                .file("compliance/base.yml", "version: 1\nitems:\n  - {id: x, title: t, manual: true}\n")
                .file("aigate.yml", "version: 1\ncompliance:\n  checklist: compliance/checklist.yml\n");
        GateResult result = project.gate();
        assertEquals(Verdict.FAIL, result.verdict(), String.valueOf(result.errors()));
    }

    @Test
    void cyclicExtension() {
        TestProject project = checklist("version: 1\nextends:\n  - file: compliance/a.yml\n")
                .file("compliance/a.yml", "version: 1\nextends:\n  - profile: privacy\n"
                        + "  - file: compliance/checklist.yml\n");
        String error = error(project);
        assertTrue(error.startsWith("compliance/a.yml:4: 'extends[1]': cyclic extension: compliance/checklist.yml ->"
                + " compliance/a.yml -> compliance/checklist.yml"), error);
    }

    @Test
    void unknownProfileAndMissingExtendedFile() {
        assertTrue(error(checklist("version: 1\nextends:\n  - profile: iso-42001\n"))
                .startsWith("compliance/checklist.yml:3: 'extends[0]': unknown profile 'iso-42001'"));
        assertTrue(error(checklist("version: 1\nextends:\n  - file: compliance/none.yml\n"))
                .startsWith("compliance/checklist.yml:3: 'extends[0].file': checklist 'compliance/none.yml' not"
                        + " found"));
    }

    @Test
    void globEscapingTheProject() {
        String error = error(checklist("version: 1\nitems:\n  - id: a\n    title: t\n    evidence:\n"
                + "      - file: {glob: \"../secrets/*\"}\n"));
        assertTrue(error.startsWith("compliance/checklist.yml:6: 'items[0].evidence[0].file': 'glob'"
                + " '../secrets/*' is not allowed: '..' leaves the directory"), error);
        String absolute = error(checklist("version: 1\nitems:\n  - id: a\n    title: t\n    evidence:\n"
                + "      - key: {file: /etc/passwd, path: root}\n"));
        assertTrue(absolute.contains("'file' '/etc/passwd' is not allowed: absolute path"), absolute);
    }

    @Test
    void signoffWithAnInvalidDate() {
        TestProject project = checklist("version: 1\nitems:\n  - {id: a, title: t, manual: true}\n")
                .file("compliance/signoffs.yml", "version: 1\nsignoffs:\n"
                        + "  - item: a\n    approver: x\n    role: y\n    date: 2026-02-30\n");
        String error = error(project);
        assertTrue(error.startsWith("compliance/signoffs.yml:6: 'signoffs[0].date' has an invalid value"
                + " '2026-02-30' (expected a date such as 2026-12-31)"), error);
    }

    @Test
    void signoffExpiringBeforeItsDate() {
        TestProject project = checklist("version: 1\nitems:\n  - {id: a, title: t, manual: true}\n")
                .file("compliance/signoffs.yml", "version: 1\nsignoffs:\n"
                        + "  - {item: a, approver: x, role: y, date: 2026-03-01, expires: 2026-02-01}\n");
        assertTrue(error(project).startsWith("compliance/signoffs.yml:3: 'signoffs[0]': sign-off of 'a' expires"
                + " (2026-02-01) before it is dated (2026-03-01)"));
    }

    @Test
    void aliasesAreRejectedSoAnAliasBombCannotGrow() {
        StringBuilder yaml = new StringBuilder("version: 1\nx0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 10; i++) {
            yaml.append("x").append(i).append(": &a").append(i).append(" [*a").append(i - 1).append(", *a")
                    .append(i - 1).append(", *a").append(i - 1).append("]\n");
        }
        yaml.append("items: *a9\n");
        String error = error(checklist(yaml.toString()));
        assertTrue(error.startsWith("compliance/checklist.yml:3: YAML aliases are not supported"), error);
        String items = error(checklist("version: 1\nitems: &i [{id: a, title: t, manual: true}]\noverrides: *i\n"));
        assertTrue(items.startsWith("compliance/checklist.yml:3: YAML aliases are not supported"), items);
    }

    @Test
    void missingChecklistAndUnsupportedVersion() {
        assertTrue(error(new TestProject(dir)).startsWith("compliance/checklist.yml: checklist not found"));
        assertTrue(error(checklist("version: 2\n")).startsWith("compliance/checklist.yml:1:"));
    }

    @Test
    void policySectionIsBoundStrictly() {
        TestProject project = new TestProject(dir).file("aigate.yml",
                "version: 1\ncompliance:\n  checklist: compliance/checklist.yml\n  signoff: s.yml\n");
        GateResult result = project.gate();
        assertEquals(Verdict.ERROR, result.verdict());
        String error = result.errors().get(0);
        assertTrue(error.contains("aigate.yml:4: unknown key 'signoff'"), error);
        project.file("aigate.yml", "version: 1\ncompliance:\n  enabled: true\n");
        String missing = project.gate().errors().get(0);
        assertTrue(missing.contains("aigate.yml:2: missing required key 'checklist'"), missing);
        project.file("aigate.yml", "version: 1\ncompliance:\n  checklist: ../other/checklist.yml\n");
        String outside = project.gate().errors().get(0);
        assertTrue(outside.contains("aigate.yml:2: 'compliance': 'checklist' '../other/checklist.yml' is not"
                + " allowed"), outside);
    }
}
