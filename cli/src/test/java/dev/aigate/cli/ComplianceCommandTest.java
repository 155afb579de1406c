package dev.aigate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComplianceCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return AigateCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void initWritesTheStarterFilesOnceAndSaysHowToEnableTheCheck() throws IOException {
        Path policy = dir.resolve("aigate.yml");
        Files.writeString(policy, "version: 1\ndatasets:\n  sets: [{name: d, path: data}]\n");
        assertEquals(0, run("compliance", "init", "--policy", policy.toString(), "--profile",
                "owasp-ml-top10,privacy"), err.toString());
        assertTrue(Files.isRegularFile(dir.resolve("compliance/checklist.yml")));
        assertTrue(Files.isRegularFile(dir.resolve("MODEL_CARD.md")));
        assertTrue(Files.isRegularFile(dir.resolve("compliance/signoffs.yml")));
        assertTrue(out.toString().contains("to enable the check, add to"), out.toString());
        assertTrue(Files.readString(dir.resolve("compliance/checklist.yml")).contains("  - profile: privacy\n"));

        Files.writeString(dir.resolve("MODEL_CARD.md"), "# edited\n");
        assertEquals(0, run("compliance", "init", "--policy", policy.toString()));
        assertTrue(out.toString().contains("MODEL_CARD.md: it exists and was left unchanged"), out.toString());
        assertEquals("# edited\n", Files.readString(dir.resolve("MODEL_CARD.md")));
    }

    @Test
    void initRejectsAnUnknownProfileAsAUsageError() {
        assertEquals(2, run("compliance", "init", "--policy", dir.resolve("aigate.yml").toString(), "--profile",
                "iso-42001"));
        assertTrue(err.toString().contains("unknown profile 'iso-42001'"), err.toString());
    }

    @Test
    void complianceFailsOnUnmetItemsAndPassesOnceTheEvidenceIsThere() throws IOException {
        Path policy = dir.resolve("aigate.yml");
        Files.writeString(policy, "version: 1\ncompliance:\n  checklist: compliance/checklist.yml\n");
        Files.createDirectories(dir.resolve("compliance"));
        Files.writeString(dir.resolve("compliance/checklist.yml"), "version: 1\nitems:\n"
                + "  - id: docs/threat-model\n"
                + "    title: A threat model is written\n"
                + "    evidence: [{file: {glob: \"compliance/threat-model*\"}}]\n");
        Path reports = dir.resolve("r");
        assertEquals(1, run("compliance", "--policy", policy.toString(), "--report-dir", reports.toString()));
        assertTrue(out.toString().contains("compliance/item-unmet: item 'docs/threat-model' (A threat model is"
                + " written) is not met: no file matches 'compliance/threat-model*' (searched compliance/)"),
                out.toString());

        Files.writeString(dir.resolve("compliance/threat-model.md"), "# Threats\nSTRIDE per component.\n");
        assertEquals(0, run("compliance", "--policy", policy.toString(), "--report-dir", reports.toString()));
        JsonNode report = new ObjectMapper().readTree(reports.resolve("aigate-report.json").toFile());
        JsonNode check = report.get("checks").get(0);
        assertEquals("compliance", check.get("id").asText());
        assertEquals("met", check.get("metrics").get("items").get(0).get("status").asText());
        assertEquals("compliance/threat-model.md", check.get("inputs").get(1).get("path").asText());
    }

    @Test
    void complianceWithoutASectionIsAnError() throws IOException {
        Path policy = dir.resolve("aigate.yml");
        Files.writeString(policy, "version: 1\ndatasets:\n  sets: [{name: d, path: data}]\n");
        assertEquals(2, run("compliance", "--policy", policy.toString(), "--report-dir", dir.resolve("r").toString()));
        assertTrue(out.toString().contains("the policy has no 'compliance' section"), out.toString());
    }
}
