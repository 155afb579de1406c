package dev.aigate.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aigate.core.GateResult;
import dev.aigate.core.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonReportReaderTest {
    @TempDir
    Path dir;

    @Test
    void everyFixtureSurvivesARoundTrip() {
        for (Map.Entry<String, GateResult> fixture : ReportFixtures.all(dir).entrySet()) {
            JsonNode written = JsonReport.toTree(fixture.getValue());
            JsonNode again = JsonReport.toTree(JsonReportReader.fromTree(written));
            assertEquals(written, again, fixture.getKey());
        }
    }

    @Test
    void badReportsAreErrorsNamingTheFile() throws IOException {
        Path missing = dir.resolve("none.json");
        assertTrue(assertThrows(InputException.class, () -> JsonReportReader.read(missing)).getMessage()
                .contains("none.json: gate report not found"));
        Path truncated = Files.writeString(dir.resolve("cut.json"), "{\"schemaVersion\": \"1.0\", \"checks\": [");
        assertTrue(assertThrows(InputException.class, () -> JsonReportReader.read(truncated)).getMessage()
                .contains("cut.json: malformed gate report"));
        Path future = Files.writeString(dir.resolve("v2.json"), "{\"schemaVersion\": \"2.0\"}");
        assertTrue(assertThrows(InputException.class, () -> JsonReportReader.read(future)).getMessage()
                .contains("schema version 1.x"));
        Path wrong = Files.writeString(dir.resolve("wrong.json"), "{\"schemaVersion\": \"1.0\", \"verdict\": \"MAYBE\"}");
        assertTrue(assertThrows(InputException.class, () -> JsonReportReader.read(wrong)).getMessage()
                .contains("wrong.json: gate report does not match its schema"));
    }
}
