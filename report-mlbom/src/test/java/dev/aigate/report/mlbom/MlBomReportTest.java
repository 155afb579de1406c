package dev.aigate.report.mlbom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
        List<ParseException> errors = new JsonParser().validate(bytes, org.cyclonedx.Version.VERSION_16);
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
        // What a check measured reaches the ML-BOM as a neutral component view, whatever the check.
        ObjectNode component = check.putArray("views").addObject();
        component.put("type", "component");
        component.put("kind", "model");
        component.put("name", "digits-mlp.onnx");
        component.put("path", "model/digits-mlp.onnx");
        component.put("sha256", "a".repeat(64));
        ArrayNode performance = component.putArray("performance");
        performance.addObject().put("type", "accuracy").put("value", "0.9733").put("slice", "clean evaluation set");
        performance.addObject().put("type", "robust accuracy").put("value", "0.4").put("slice", "fgsm at 0.1");
        JsonNode bom = bom(new MlBomReport().render(report));
        JsonNode model = bom.path("components").path(1);
        assertEquals("machine-learning-model", model.path("type").asText());
        assertEquals("digits-mlp.onnx", model.path("name").asText());
        assertEquals("a".repeat(64), model.path("hashes").path(0).path("content").asText());
        JsonNode measured = model.path("modelCard").path("quantitativeAnalysis").path("performanceMetrics");
        assertEquals("accuracy", measured.path(0).path("type").asText());
        assertEquals("0.9733", measured.path(0).path("value").asText());
        assertEquals("robust accuracy", measured.path(1).path("type").asText());
        assertEquals(1, bom.path("components").size() - 1, "the model's input and its component are one asset");
    }

    @Test
    void theReportWriterPicksTheFormatUpFromTheClassPath() throws IOException {
        ReportWriter.Written written = ReportWriter.writeAll(datasetGate(), dir.resolve("report"));
        Path bom = written.directory().resolve(MlBomReport.FILE_NAME);
        assertTrue(Files.exists(bom));
        bom(Files.readAllBytes(bom));
    }
}
