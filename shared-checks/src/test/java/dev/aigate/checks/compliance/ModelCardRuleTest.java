package dev.aigate.checks.compliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.core.CheckResult;
import dev.aigate.core.PolicyException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCardRuleTest {
    static final String CARD = "---\n"
            + "license: cc-by-4.0\n"
            + "library_name: onnx\n"
            + "base_model: \"[More Information Needed]\"\n"
            + "model-index:\n"
            + "  - name: digits-mlp\n"
            + "    results:\n"
            + "      - metrics: [{type: accuracy, value: 0.973}]\n"
            + "---\n"
            + "# Model card\n"
            + "\n"
            + "## Uses\n"
            + "\n"
            + "### Direct use\n"
            + "Classifies 8x8 grey-scale images of handwritten digits into 0-9.\n"
            + "\n"
            + "## Limitations\n"
            + "<!-- Describe the limitations. -->\n"
            + "[More Information Needed]\n"
            + "TODO\n"
            + "\n"
            + "## Training data\n"
            + "```\n"
            + "# not a heading inside a code block\n"
            + "```\n"
            + "The UCI optical digits data, 1347 rows.\n";

    @TempDir
    Path dir;

    private TestProject project(String evidence) {
        return new TestProject(dir).file("MODEL_CARD.md", CARD).checklist(""
                + "  - id: card/x\n"
                + "    title: Model card\n"
                + "    evidence:\n"
                + "      - " + evidence + "\n");
    }

    @Test
    void sectionWithEnoughWordsIsMetIncludingItsSubsections() {
        CheckResult result = project("modelCard: {section: [\"Intended use\", \"Uses\"]}").run();
        assertEquals("met", TestProject.status(result, "card/x"));
        @SuppressWarnings("unchecked")
        Map<String, Object> evidence = ((List<Map<String, Object>>) TestProject.item(result, "card/x")
                .get("evidence")).get(0);
        assertEquals("Uses", evidence.get("heading"));
        assertEquals(12, evidence.get("line"));
        assertTrue(String.valueOf(evidence.get("excerpt")).startsWith("Classifies 8x8"), evidence.toString());
        assertTrue(result.inputs().stream().anyMatch(i -> i.kind().equals("model-card")
                && i.path().equals("MODEL_CARD.md") && i.sha256().length() == 64));
    }

    @Test
    void placeholderAndCommentOnlySectionIsTrivial() {
        CheckResult result = project("modelCard: {section: Limitations}").run();
        assertEquals("unmet", TestProject.status(result, "card/x"));
        String message = result.findings().get(0).message();
        assertTrue(message.contains("section 'Limitations' (MODEL_CARD.md:17) has 0 word(s), fewer than 5"), message);
    }

    @Test
    void minWordsIsConfigurableAndCodeBlocksAreNotHeadings() {
        CheckResult result = project("modelCard: {section: Training data, minWords: 40}").run();
        assertEquals("unmet", TestProject.status(result, "card/x"));
        assertTrue(result.findings().get(0).message().contains("has 14 word(s), fewer than 40"),
                result.findings().get(0).message());
    }

    @Test
    void absentSectionListsTheHeadingsFound() {
        CheckResult result = project("modelCard: {section: Ethical considerations}").run();
        String message = result.findings().get(0).message();
        assertTrue(message.contains("MODEL_CARD.md has no section headed 'Ethical considerations' (headings found:"
                + " Model card, Uses, Direct use, Limitations, Training data)"), message);
    }

    @Test
    void frontMatterFieldWithValueIsMetWithItsLineAndValue() {
        CheckResult result = project("modelCard: {field: license}").run();
        assertEquals("met", TestProject.status(result, "card/x"));
        @SuppressWarnings("unchecked")
        Map<String, Object> evidence = ((List<Map<String, Object>>) TestProject.item(result, "card/x")
                .get("evidence")).get(0);
        assertEquals("cc-by-4.0", evidence.get("value"));
        assertEquals(2, evidence.get("line"));
        assertTrue(String.valueOf(evidence.get("detail")).contains("MODEL_CARD.md:2"), evidence.toString());
    }

    @Test
    void nestedFieldByDottedPath() {
        assertEquals("met", TestProject.status(project("modelCard: {field: model-index.0.name}").run(), "card/x"));
    }

    @Test
    void placeholderFieldAndMissingFieldAreUnmet() {
        assertEquals("unmet", TestProject.status(project("modelCard: {field: base_model}").run(), "card/x"));
        CheckResult missing = project("modelCard: {field: datasets}").run();
        assertTrue(missing.findings().get(0).message().contains("no key 'datasets' in MODEL_CARD.md"));
    }

    @Test
    void missingModelCardIsUnmet() {
        CheckResult result = new TestProject(dir).checklist(""
                + "  - id: card/x\n"
                + "    title: Model card\n"
                + "    evidence:\n"
                + "      - modelCard: {file: docs/CARD.md, field: license}\n").run();
        assertTrue(result.findings().get(0).message().contains("model card docs/CARD.md not found"));
    }

    @Test
    void malformedFrontMatterIsAnErrorNamingTheLine() {
        TestProject project = project("modelCard: {field: license}");
        project.file("MODEL_CARD.md", "---\nlicense: mit\ntags: [a, b\n---\n# Card\n");
        PolicyException error = assertThrows(PolicyException.class, project::run);
        assertTrue(error.getMessage().startsWith("MODEL_CARD.md:"), error.getMessage());
        assertTrue(error.getMessage().contains("not valid YAML"), error.getMessage());
    }

    @Test
    void unclosedFrontMatterIsAnError() {
        TestProject project = project("modelCard: {field: license}");
        project.file("MODEL_CARD.md", "---\nlicense: mit\n# Card\n");
        PolicyException error = assertThrows(PolicyException.class, project::run);
        assertTrue(error.getMessage().contains("MODEL_CARD.md:1: the YAML front matter opened by '---' is never"
                + " closed"), error.getMessage());
    }

    @Test
    void aYamlTagInTheFrontMatterIsAnErrorNamingTheLine() {
        TestProject project = project("modelCard: {field: license}");
        project.file("MODEL_CARD.md", "---\nlibrary_name: onnx\nlicense: !!python/object/apply:os.system [id]\n---\n");
        PolicyException error = assertThrows(PolicyException.class, project::run);
        assertTrue(error.getMessage().startsWith("MODEL_CARD.md:3:"), error.getMessage());
        assertTrue(error.getMessage().contains("YAML tags are not supported"), error.getMessage());
    }

    @Test
    void aModelCardThatIsADirectoryOrAFifoIsAnErrorNotAnUnmetItem() throws Exception {
        TestProject project = new TestProject(dir).checklist(""
                + "  - id: card/x\n"
                + "    title: Model card\n"
                + "    evidence:\n"
                + "      - modelCard: {file: CARD.md, field: license}\n");
        java.nio.file.Files.createDirectories(dir.resolve("CARD.md"));
        dev.aigate.core.InputException directory = assertThrows(dev.aigate.core.InputException.class, project::run);
        assertTrue(directory.getMessage().contains("model card is a directory"), directory.getMessage());
        org.junit.jupiter.api.Assumptions.assumeFalse(System.getProperty("os.name").startsWith("Windows"));
        java.nio.file.Files.delete(dir.resolve("CARD.md"));
        assertEquals(0, new ProcessBuilder("mkfifo", dir.resolve("CARD.md").toString()).start().waitFor());
        dev.aigate.core.InputException fifo = assertThrows(dev.aigate.core.InputException.class, project::run);
        assertTrue(fifo.getMessage().contains("FIFO"), fifo.getMessage());
    }

    @Test
    void aSignoffFileThatIsADirectoryIsAnErrorNotMissingSignoffs() throws Exception {
        TestProject project = project("modelCard: {field: license}");
        java.nio.file.Files.createDirectories(dir.resolve(ComplianceConfig.DEFAULT_SIGNOFFS));
        dev.aigate.core.InputException e = assertThrows(dev.aigate.core.InputException.class, project::run);
        assertTrue(e.getMessage().contains("sign-off file is a directory"), e.getMessage());
    }
}
