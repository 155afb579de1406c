package dev.aigate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aigate.report.JsonReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code aigate <check> <action>}, generated from the registry: options, usage errors, the catalogue, old names. */
class ActionCommandTest {
    @TempDir
    Path dir;

    String out;
    String err;

    int run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = AigateCommand.execute(args, new PrintWriter(o, true), new PrintWriter(e, true));
        out = o.toString();
        err = e.toString();
        return code;
    }

    private Path project() throws IOException {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/train.csv"), "x,label\n1,0\n");
        return Files.writeString(dir.resolve("aigate.yml"), "version: 1\ndatasets:\n  sets:\n    - name: train\n"
                + "      path: data\n      provenance: {source: s, license: l, collected: 2026-01-01, approver: a}\n");
    }

    @Test
    void checkActionsRunUnderTheirNewNames() throws IOException {
        Path policy = project();
        assertEquals(0, run("datasets", "lock", "--policy", policy.toString(), "--no-progress"), err);
        assertTrue(out.contains("locked dataset 'train': 1 file(s)"), out);
        assertEquals("", err, "no note for a current name");
        assertEquals(0, run("datasets", "verify", "--policy", policy.toString(), "--report-dir",
                dir.resolve("r").toString()), out + err);
        assertTrue(out.contains("verdict PASS"), out);
    }

    @Test
    void relativeKeyFilesResolveAgainstThePolicysFolder() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("project/keys"));
        Files.writeString(dir.resolve("project/aigate.yml"), "version: 1\n");
        assertEquals(0, run("watermark", "keygen", "-o", sub.resolve("wm.key").toString()), err);
        // --key-file keys/wm.key is found next to the policy, whatever the working directory.
        assertEquals(2, run("watermark", "verify-file", "--policy", dir.resolve("project/aigate.yml").toString(),
                "--model", "nowhere.onnx", "--key-file", "keys/wm.key", "--payload", "00c0ffee00000001",
                "--report-dir", dir.resolve("r").toString()));
        assertTrue(out.contains(dir.resolve("project/nowhere.onnx").toString()), out);
        assertFalse(out.contains("wm.key"), "the key was read: only the missing model is the problem\n" + out);
    }

    @Test
    void aUsageErrorFoundByTheCoreLeavesAnErrorReportToo() throws IOException {
        Path reports = dir.resolve("usage");
        assertEquals(2, run("watermark", "verify-file", "--model", "m.onnx", "--key-file", "k", "--report-dir",
                reports.toString(), "--policy", dir.resolve("aigate.yml").toString(), "--payload", "zz"));
        JsonNode report = JsonReport.mapper().readTree(reports.resolve("aigate-report.json").toFile());
        assertEquals("ERROR", report.path("verdict").asText());
        assertTrue(report.path("error").asText().startsWith("usage error: "), report.toString());
        assertTrue(err.contains("see 'aigate watermark verify-file --help'"), err);
    }

    @Test
    void badOptionValuesAreUsageErrorsNamingTheOption() {
        assertEquals(2, run("watermark", "embed", "--in", "a.onnx", "--out", "b.onnx", "--carriers", "0x100",
                "--key-file", "k", "--payload", "00", "--policy", dir.resolve("none.yml").toString()));
        assertTrue(err.contains("option 'carriers' must be a whole number, not '0x100'"), err);
        assertEquals(2, run("watermark", "embed", "--in", "a.onnx", "--out", "b.onnx", "--strength", "0.5f",
                "--key-file", "k", "--payload", "00", "--policy", dir.resolve("none.yml").toString()));
        assertTrue(err.contains("option 'strength' must be a decimal number"), err);
    }

    @Test
    void oldNamesStillWorkWithANote() throws IOException {
        Path policy = project();
        assertEquals(0, run("lock", "--policy", policy.toString(), "--no-progress"), err);
        assertTrue(err.contains("'lock' is now 'aigate datasets lock'"), err);
        assertEquals(0, run("verify", "--policy", policy.toString(), "--report-dir", dir.resolve("r").toString()));
        assertTrue(err.contains("'verify' is now 'aigate datasets verify'"), err);
        assertEquals(0, run("keygen", "--watermark", "-o", dir.resolve("wm.key").toString()), err);
        assertTrue(err.contains("'keygen' is now 'aigate watermark keygen'"), err);
    }

    @Test
    void theCatalogueListsEveryActionAndWhetherItJudges() throws IOException {
        assertEquals(0, run("actions", "--format", "json"));
        JsonNode catalogue = JsonReport.mapper().readTree(out);
        boolean lockFound = false;
        for (JsonNode check : catalogue.path("checks")) {
            assertEquals("verify", check.path("actions").path(0).path("name").asText());
            for (JsonNode action : check.path("actions")) {
                if (check.path("id").asText().equals("datasets") && action.path("name").asText().equals("lock")) {
                    lockFound = !action.path("judges").asBoolean();
                }
            }
        }
        assertTrue(lockFound, out);
        assertEquals(0, run("actions"));
        assertTrue(out.contains("aigate signature verify-files (judges)"), out);
    }
}
