package dev.aigate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigate.report.JsonReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AigateCommandTest {
    @TempDir
    Path dir;

    private Path policy;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void project() throws IOException {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/a.csv"), "x,label\n1,0\n");
        Files.writeString(dir.resolve("data/b.csv"), "x,label\n2,1\n");
        policy = dir.resolve("aigate.yml");
        Files.writeString(policy, "version: 1\n"
                + "datasets:\n"
                + "  sets:\n"
                + "    - name: data\n"
                + "      path: data\n");
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return AigateCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void lockThenVerifyPassesWithExitZero() {
        assertEquals(0, run("lock", "--policy", policy.toString(), "--no-progress"), err.toString());
        assertTrue(Files.exists(dir.resolve("aigate-datasets.lock.json")));
        assertEquals(0, run("verify", "--policy", policy.toString(), "--report-dir", dir.resolve("r").toString()));
        assertTrue(out.toString().contains("verdict PASS"), out.toString());
        assertTrue(Files.exists(dir.resolve("r/aigate-report.json")));
        assertTrue(Files.exists(dir.resolve("r/aigate-junit.xml")));
        assertTrue(Files.exists(dir.resolve("r/aigate-summary.md")));
    }

    @Test
    void modifiedFileFailsWithExitOneAndNamesTheFile() throws IOException {
        run("lock", "--policy", policy.toString());
        Files.writeString(dir.resolve("data/b.csv"), "x,label\n2,0\n");
        assertEquals(1, run("gate", "--policy", policy.toString(), "--report-dir", dir.resolve("r").toString()));
        assertTrue(out.toString().contains("data/b.csv"), out.toString());
        assertTrue(out.toString().contains("verdict FAIL"), out.toString());
    }

    @Test
    void failOnOverrideTurnsFailIntoWarnWithExitZero() throws IOException {
        run("lock", "--policy", policy.toString());
        Files.delete(dir.resolve("data/a.csv"));
        assertEquals(0, run("gate", "--policy", policy.toString(), "--report-dir", dir.resolve("r").toString(),
                "--fail-on", "critical"));
        assertTrue(out.toString().contains("verdict WARN"), out.toString());
    }

    @Test
    void missingLockIsErrorWithExitTwo() {
        assertEquals(2, run("verify", "--policy", policy.toString(), "--report-dir", dir.resolve("r").toString()));
        assertTrue(out.toString().contains("aigate-datasets.lock.json"), out.toString());
        assertTrue(out.toString().contains("verdict ERROR"), out.toString());
    }

    @Test
    void jsonFormatPrintsTheReport() throws IOException {
        run("lock", "--policy", policy.toString());
        assertEquals(0, run("gate", "--policy", policy.toString(), "--report-dir", dir.resolve("r").toString(),
                "--format", "json"));
        JsonNode report = new ObjectMapper().readTree(out.toString());
        assertEquals("PASS", report.get("verdict").asText());
        assertEquals(JsonReport.SCHEMA_VERSION, report.get("schemaVersion").asText());
        JsonNode written = new ObjectMapper().readTree(Files.readString(dir.resolve("r/aigate-report.json"),
                StandardCharsets.UTF_8));
        assertEquals(report.get("policy"), written.get("policy"));
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, run("gate", "--no-such-option", "--report-dir", dir.resolve("u1").toString()));
        assertEquals(2, run("gate", "--fail-on", "severe", "--report-dir", dir.resolve("u2").toString()));
        assertTrue(err.toString().contains("severe"), err.toString());
        assertEquals(2, run());
        assertEquals(2, run("gate", "--policy", policy.toString(), "--checks", "nonexistent", "--report-dir",
                dir.resolve("r").toString()));
    }

    @Test
    void aUsageErrorStillLeavesAnErrorReportForPipelines() throws IOException {
        Path reports = dir.resolve("usage");
        assertEquals(2, run("gate", "--policy", policy.toString(), "--report-dir", reports.toString(),
                "--fail-on", "severe"));
        com.fasterxml.jackson.databind.JsonNode report = new ObjectMapper().readTree(
                Files.readString(reports.resolve("aigate-report.json")));
        assertEquals("ERROR", report.get("verdict").asText());
        assertTrue(report.get("error").asText().startsWith("usage error: "), report.toString());
        assertTrue(report.get("error").asText().contains("severe"), report.toString());
        assertEquals(2, run("--no-such-command"));
    }

    @Test
    void malformedPolicyIsErrorNamingFileAndLine() throws IOException {
        Files.writeString(policy, "version: 1\nfailOn: high\nsurprise: true\n");
        assertEquals(2, run("gate", "--policy", policy.toString(), "--report-dir", dir.resolve("r").toString()));
        assertTrue(out.toString().contains("aigate.yml:3"), out.toString());
        assertTrue(out.toString().contains("surprise"), out.toString());
        assertTrue(Files.exists(dir.resolve("r/aigate-report.json")), "an ERROR still leaves a report");
    }

    @Test
    void quietPrintsOnlyTheVerdict() {
        run("lock", "--policy", policy.toString());
        assertEquals(0, run("gate", "-q", "--policy", policy.toString(), "--report-dir",
                dir.resolve("r").toString()));
        assertEquals(1, out.toString().strip().lines().count(), out.toString());
        assertTrue(out.toString().startsWith("verdict PASS"));
    }

    @Test
    void unwritableReportDirectoryIsError() throws IOException {
        run("lock", "--policy", policy.toString());
        Path blocker = dir.resolve("blocker");
        Files.writeString(blocker, "a file where the report directory should be");
        assertEquals(2, run("gate", "--policy", policy.toString(), "--report-dir", blocker.toString()));
        assertTrue(out.toString().contains("cannot write the gate reports"), out.toString());
    }

    @Test
    void helpAndVersionExitZero() {
        assertEquals(0, run("--version"));
        assertTrue(out.toString().startsWith("aigate "));
        assertEquals(0, run("gate", "--help"));
        assertTrue(out.toString().contains("--report-dir"));
        assertFalse(out.toString().isBlank());
    }

    @Test
    void signedReportsVerifyAndTamperingIsCaught() throws IOException {
        run("lock", "--policy", policy.toString());
        java.security.KeyPair pair = dev.aigate.core.keys.Ed25519Keys.generate();
        Path key = dir.resolve("keys/report.key");
        Path pub = dir.resolve("keys/report.pub");
        dev.aigate.core.keys.Ed25519Keys.write(pair, key, pub, false);
        Path reports = dir.resolve("r");
        assertEquals(0, run("gate", "--policy", policy.toString(), "--report-dir", reports.toString(),
                "--report-signing-key", key.toString()));
        assertTrue(Files.exists(reports.resolve("aigate-report.json.sig")));
        assertFalse(Files.readString(reports.resolve("aigate-report.json.sig")).contains("PRIVATE"));

        assertEquals(0, run("verify-report", "--report-dir", reports.toString(), "--public-key", pub.toString()));
        assertTrue(out.toString().startsWith("report signature valid"), out.toString());

        Path json = reports.resolve("aigate-report.json");
        Files.writeString(json, Files.readString(json).replace("\"PASS\"", "\"FAIL\""));
        assertEquals(1, run("verify-report", "--report-dir", reports.toString(), "--public-key", pub.toString()));
        assertTrue(out.toString().contains("changed after it was signed"), out.toString());

        Files.delete(reports.resolve("aigate-report.json.sig"));
        assertEquals(2, run("verify-report", "--report-dir", reports.toString(), "--public-key", pub.toString()));
        assertEquals(2, run("gate", "--policy", policy.toString(), "--report-dir", reports.toString(),
                "--report-signing-key", dir.resolve("keys/missing.key").toString()));
        assertTrue(err.toString().contains("report signing key"), err.toString());
    }
}
