package dev.aigate.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigate.core.GateResult;
import dev.aigate.core.ToolVersion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonReportTest {
    @TempDir
    Path dir;

    private static JsonNode check(JsonNode report, String id) {
        for (JsonNode check : report.get("checks")) {
            if (check.get("id").asText().equals(id)) {
                return check;
            }
        }
        throw new AssertionError("no check " + id + " in " + report.toPrettyString());
    }

    @Test
    void everyKindOfReportMatchesTheSchema() {
        for (Map.Entry<String, GateResult> fixture : ReportFixtures.all(dir).entrySet()) {
            JsonNode report = ReportSchemaAssert.assertValid(fixture.getValue());
            assertEquals(fixture.getValue().verdict().name(), report.get("verdict").asText(), fixture.getKey());
        }
    }

    @Test
    void passingReport() {
        JsonNode report = ReportSchemaAssert.assertValid(ReportFixtures.pass(dir));
        assertEquals(JsonReport.SCHEMA_VERSION, report.get("schemaVersion").asText());
        assertEquals("aigate", report.at("/tool/name").asText());
        assertEquals(ToolVersion.get(), report.at("/tool/version").asText());
        assertEquals("digits", report.at("/run/project").asText());
        assertEquals("2026-03-01T10:00:00Z", report.at("/run/startedAt").asText());
        assertEquals(0, report.at("/run/durationMillis").asLong());
        assertEquals(dir.resolve("aigate.yml").toString(), report.at("/policy/path").asText());
        assertEquals(64, report.at("/policy/sha256").asText().length());
        assertEquals("high", report.at("/policy/failOn").asText());
        assertEquals("default", report.at("/policy/failOnSource").asText());
        assertEquals(1, report.at("/summary/checks/passed").asInt());
        assertEquals(0, report.at("/summary/failing").asInt());
        JsonNode datasets = check(report, "datasets");
        assertEquals("PASSED", datasets.get("status").asText());
        assertEquals(3, datasets.get("inputs").size(), "the lock file and both dataset files");
        assertEquals("dataset-lock", datasets.at("/inputs/0/kind").asText());
        assertEquals("data/train/a.csv", datasets.at("/inputs/1/path").asText());
        assertTrue(datasets.at("/metrics/datasets/0/unchanged").asBoolean());
        assertFalse(report.has("error"));
    }

    @Test
    void failingReport() {
        JsonNode report = ReportSchemaAssert.assertValid(ReportFixtures.fail(dir));
        assertEquals("FAIL", report.get("verdict").asText());
        assertEquals(2, report.at("/summary/violations/high").asInt());
        assertEquals(2, report.at("/summary/failing").asInt());
        assertEquals(1, report.at("/summary/checks/failed").asInt());
        JsonNode findings = check(report, "datasets").get("findings");
        List<String> subjects = new ArrayList<>();
        findings.forEach(f -> subjects.add(f.get("subject").asText()));
        assertEquals(List.of("data/train/" + ReportFixtures.HOSTILE, "data/train/a.csv"), subjects);
        JsonNode modified = findings.get(1);
        assertEquals("datasets/file-modified", modified.get("rule").asText());
        assertEquals("high", modified.get("severity").asText());
        assertTrue(modified.get("violation").asBoolean());
        assertTrue(modified.get("expected").asText().startsWith("sha256 "));
        assertTrue(modified.has("remediation"));
        assertFalse(modified.has("waiver"));
        assertFalse(modified.has("line"));
    }

    @Test
    void errorBeforeChecksReport() {
        JsonNode report = ReportSchemaAssert.assertValid(ReportFixtures.errorBeforeChecks(dir));
        assertEquals("ERROR", report.get("verdict").asText());
        assertTrue(report.get("error").asText().startsWith(dir.resolve("aigate.yml") + ":3: unknown key 'bogus'"));
        assertTrue(report.at("/policy/sha256").isNull());
        assertEquals(0, report.get("checks").size());
        assertEquals(0, report.get("waivers").size());
    }

    @Test
    void checkErrorReport() {
        JsonNode report = ReportSchemaAssert.assertValid(ReportFixtures.checkError(dir));
        assertEquals("ERROR", check(report, "alpha").get("status").asText());
        assertTrue(check(report, "alpha").get("error").asText().contains(ReportFixtures.HOSTILE));
        assertEquals("SKIPPED", check(report, "gamma").get("status").asText());
        assertEquals("skipped on request", check(report, "gamma").get("skipReason").asText());
        assertEquals(1, report.at("/summary/checks/error").asInt());
        assertEquals(1, report.at("/summary/checks/skipped").asInt());
        assertEquals(1, report.at("/summary/checks/failed").asInt());
    }

    @Test
    void waiversReport() {
        JsonNode report = ReportSchemaAssert.assertValid(ReportFixtures.withWaivers(dir));
        JsonNode waivers = report.get("waivers");
        assertEquals(4, waivers.size());
        assertEquals("used-one", waivers.at("/0/id").asText());
        assertEquals("used", waivers.at("/0/status").asText());
        assertEquals(1, waivers.at("/0/matched").asInt());
        assertEquals(305, waivers.at("/0/daysLeft").asInt());
        assertEquals("data/**", waivers.at("/0/subject").asText());
        assertEquals("Zo\u00eb <zoe@example.org>", waivers.at("/0/approvedBy").asText());
        assertEquals("expired", waivers.at("/1/status").asText());
        assertEquals(-29, waivers.at("/1/daysLeft").asInt());
        assertFalse(waivers.get(1).has("subject"));
        assertEquals("unused", waivers.at("/2/status").asText());
        assertEquals("not-evaluated", waivers.at("/3/status").asText());

        JsonNode summary = report.get("summary");
        assertEquals(1, summary.at("/checks/passed").asInt());
        assertEquals(1, summary.at("/checks/warned").asInt());
        assertEquals(1, summary.at("/checks/failed").asInt());
        assertEquals(1, summary.at("/checks/skipped").asInt());
        assertEquals(1, summary.at("/violations/medium").asInt());
        assertEquals(1, summary.at("/violations/high").asInt());
        assertEquals(1, summary.get("failing").asInt());
        assertEquals(1, summary.get("waived").asInt());
        assertEquals(2, summary.get("info").asInt());

        JsonNode waived = check(report, "alpha").at("/findings/0");
        assertEquals("used-one", waived.get("waiver").asText());
        assertFalse(waived.get("violation").asBoolean());
        JsonNode expired = check(report, "policy").at("/findings/0");
        assertEquals("policy/waiver-expired", expired.get("rule").asText());
        assertEquals("aigate.yml", expired.get("subject").asText());
        assertEquals(13, expired.get("line").asInt());
    }

    private static void assertInvalid(JsonNode valid, Consumer<ObjectNode> edit) {
        ObjectNode copy = valid.deepCopy();
        edit.accept(copy);
        assertFalse(ReportSchemaAssert.errors(copy).isEmpty(), () -> "schema accepted " + copy.toPrettyString());
    }

    @Test
    void schemaRejectsBrokenReports() {
        JsonNode valid = JsonReport.toTree(ReportFixtures.withWaivers(dir));
        ReportSchemaAssert.assertValid(valid);
        assertInvalid(valid, r -> r.put("verdict", "MAYBE"));
        assertInvalid(valid, r -> r.put("unexpected", true));
        assertInvalid(valid, r -> r.remove("summary"));
        assertInvalid(valid, r -> r.put("schemaVersion", "2.0"));
        assertInvalid(valid, r -> ((ObjectNode) r.get("run")).put("startedAt", "yesterday"));
        assertInvalid(valid, r -> ((ObjectNode) r.at("/waivers/0")).put("expires", "2026-02-30"));
        assertInvalid(valid, r -> ((ObjectNode) r.at("/checks/0/findings/0")).remove("message"));
        assertInvalid(valid, r -> ((ObjectNode) r.at("/checks/0/findings/0")).put("rule", "no-slash"));
        assertInvalid(valid, r -> ((ObjectNode) r.at("/checks/0")).put("status", "ERROR"));
        assertInvalid(valid, r -> ((ArrayNode) r.get("checks")).addObject().put("id", "x"));
    }
}
