package dev.aigate.report.mlbom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigate.core.ActionRunner;
import dev.aigate.core.Gate;
import dev.aigate.core.GateRequest;
import dev.aigate.core.GateResult;
import dev.aigate.core.Verdict;
import dev.aigate.core.spi.CheckRegistry;
import dev.aigate.report.JsonReport;
import dev.aigate.report.ReportWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.cyclonedx.exception.ParseException;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MlBomReportTest {
    @TempDir
    Path dir;

    private GateResult datasetGate() throws IOException {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/train.csv"), "x,label\n1,0\n");
        Path policy = dir.resolve("aigate.yml");
        Files.writeString(policy, "version: 1\nproject: demo\ndatasets:\n  sets:\n    - name: train\n      path: data\n"
                + "      provenance: {source: \"warehouse export\", license: CC-BY-4.0, collected: 2026-01-02,"
                + " approver: jane@example.org}\n");
        ActionRunner.withInstalledChecks(null).run("datasets", "lock", policy, java.util.Map.of());
        GateResult result = new Gate(CheckRegistry.load(), Clock.systemUTC(), null).run(GateRequest.of(policy));
        assertEquals(Verdict.PASS, result.verdict(), String.valueOf(result.errors()));
        return result;
    }

    private static JsonNode bom(byte[] bytes) throws IOException {
        List<ParseException> errors = new JsonParser().validate(bytes, MlBomReport.VERSION);
        assertTrue(errors.isEmpty(), "CycloneDX 1.6 schema errors: " + errors);
        return JsonReport.mapper().readTree(bytes);
    }

    @Test
    void datasetsBecomeDataComponentsWithDigestAndProvenance() throws IOException {
        JsonNode bom = bom(new MlBomReport().render(JsonReport.toTree(datasetGate())));
        assertEquals("CycloneDX", bom.path("bomFormat").asText());
        assertEquals("1.6", bom.path("specVersion").asText());
        JsonNode dataset = bom.path("components").path(0);
        assertEquals("data", dataset.path("type").asText());
        assertEquals("train", dataset.path("name").asText());
        assertEquals("SHA-256", dataset.path("hashes").path(0).path("alg").asText());
        assertEquals("CC-BY-4.0", dataset.path("licenses").path(0).path("license").path("id").asText());
        assertEquals("dataset", dataset.path("data").path(0).path("type").asText());
        assertTrue(dataset.path("properties").toString().contains("{\"name\":\"aigate:provenance:approver\","
                + "\"value\":\"jane@example.org\"}"), dataset.path("properties").toString());
        assertEquals("demo", bom.path("metadata").path("component").path("name").asText());
    }

    @Test
    void modelsBecomeMachineLearningModelsWithMeasuredPerformance() throws IOException {
        ObjectNode report = JsonReport.toTree(datasetGate());
        ObjectNode check = report.withArray("checks").addObject();
        check.put("id", "robustness");
        check.put("status", "PASSED");
        ObjectNode input = check.putArray("inputs").addObject();
        input.put("kind", "model");
        input.put("path", "model/digits-mlp.onnx");
        input.put("size", 19924);
        input.put("sha256", "a".repeat(64));
        ObjectNode metrics = check.putObject("metrics");
        metrics.putObject("clean").put("accuracy", 0.9733);
        ObjectNode curves = metrics.putObject("accuracyVsEpsilon");
        curves.putArray("epsilon").add(0.0).add(0.1);
        curves.putArray("fgsm").add(0.9733).add(0.40);
        JsonNode bom = bom(new MlBomReport().render(report));
        JsonNode model = bom.path("components").path(1);
        assertEquals("machine-learning-model", model.path("type").asText());
        assertEquals("digits-mlp.onnx", model.path("name").asText());
        assertEquals("a".repeat(64), model.path("hashes").path(0).path("content").asText());
        JsonNode performance = model.path("modelCard").path("quantitativeAnalysis").path("performanceMetrics");
        assertEquals("accuracy", performance.path(0).path("type").asText());
        assertEquals("0.9733", performance.path(0).path("value").asText());
        assertEquals("robust accuracy", performance.path(1).path("type").asText());
    }

    @Test
    void theReportWriterPicksTheFormatUpFromTheClassPath() throws IOException {
        ReportWriter.Written written = ReportWriter.writeAll(datasetGate(), dir.resolve("report"));
        Path bom = written.directory().resolve(MlBomReport.FILE_NAME);
        assertTrue(Files.exists(bom));
        bom(Files.readAllBytes(bom));
    }
}
