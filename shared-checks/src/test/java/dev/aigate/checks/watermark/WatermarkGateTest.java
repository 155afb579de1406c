package dev.aigate.checks.watermark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.core.CheckResult;
import dev.aigate.core.Gate;
import dev.aigate.core.GateRequest;
import dev.aigate.core.Verdict;
import dev.aigate.core.spi.CheckRegistry;
import dev.aigate.report.GateExecution;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watermark as a gate check driven by the policy: embed, verify, reports, and the key never in them. */
public class WatermarkGateTest {
    public static final Path DIGITS = Path.of("..", "fixtures", "digits");
    public static final String KEY_HEX = HexFormat.of().formatHex(WatermarkRobustnessTest.KEY.material());

    @TempDir
    Path dir;

    @BeforeEach
    void setUp() throws IOException {
        Files.createDirectories(dir.resolve("model"));
        Files.copy(DIGITS.resolve("digits-mlp.onnx"), dir.resolve("model/digits-mlp.onnx"));
        Files.writeString(dir.resolve("wm.key"), KEY_HEX + "\n");
    }

    private void policy(String keySource, String extra) throws IOException {
        Files.writeString(dir.resolve("aigate.yml"), "version: 1\nwatermark:\n  " + keySource + "\n"
                + "  payload: \"00c0ffee5eed0001\"\n  minElements: 512\n  carriers: 4096\n" + extra
                + "  models:\n    - source: model/digits-mlp.onnx\n      path: target/model/digits-mlp.onnx\n");
    }

    private GateExecution.Outcome gate(Map<String, String> env) {
        CheckRegistry registry = CheckRegistry.of(List.of(new WatermarkCheck(env)));
        return GateExecution.run(new Gate(registry, Clock.systemUTC(), null), GateRequest.of(dir.resolve(
                "aigate.yml")), dir.resolve("target/aigate"));
    }

    /** Runs {@code watermark embed} on the policy, with an empty environment. */
    private dev.aigate.core.spi.ActionResult embed() {
        return new dev.aigate.core.ActionRunner(new Gate(CheckRegistry.load(), Clock.systemUTC(), null), Map.of())
                .run("watermark", "embed", dir.resolve("aigate.yml"), Map.of()).result();
    }

    private static CheckResult check(GateExecution.Outcome outcome) {
        return outcome.result().checks().get(0);
    }

    @Test
    void embedThenVerifyPassesAndReportsScoreWithoutTheKey() throws IOException {
        policy("keyFile: wm.key", "");
        dev.aigate.core.spi.ActionResult done = embed();
        assertEquals(1, done.written().size());
        assertEquals(dir.resolve("target/model/digits-mlp.onnx"), done.written().get(0));
        GateExecution.Outcome outcome = gate(Map.of());
        assertEquals(Verdict.PASS, outcome.verdict(), String.valueOf(outcome.result().checks()));
        CheckResult result = check(outcome);
        assertEquals(WatermarkRobustnessTest.KEY.fingerprint(), result.metrics().get("keyFingerprint"));
        @SuppressWarnings("unchecked")
        Map<String, Object> model = ((List<Map<String, Object>>) result.metrics().get("models")).get(0);
        assertEquals(Boolean.TRUE, model.get("detected"));
        assertTrue((Double) model.get("score") > 6.44);
        assertEquals(0.0, model.get("bitErrorRate"));
        assertTrue(model.containsKey("pValue") && model.containsKey("falsePositiveBound"));
        assertEquals("target/model/digits-mlp.onnx", result.inputs().get(0).path());
        assertKeyNeverWritten();
        assertReportMatchesSchema(outcome);
    }

    @Test
    void unwatermarkedModelFails() throws IOException {
        policy("keyEnv: AIGATE_WATERMARK_KEY", "");
        Files.createDirectories(dir.resolve("target/model"));
        Files.copy(DIGITS.resolve("digits-mlp.onnx"), dir.resolve("target/model/digits-mlp.onnx"));
        GateExecution.Outcome outcome = gate(Map.of("AIGATE_WATERMARK_KEY", KEY_HEX));
        assertEquals(Verdict.FAIL, outcome.verdict());
        assertEquals(List.of("watermark/not-detected", "watermark/metadata"), check(outcome).findings().stream()
                .map(f -> f.ruleId()).toList());
        assertTrue(check(outcome).findings().get(0).message().startsWith("target/model/digits-mlp.onnx: no watermark"));
        assertKeyNeverWritten();
    }

    @Test
    void wrongKeyFailsAndMissingKeyIsAnError() throws IOException {
        policy("keyFile: wm.key", "");
        embed();
        Files.writeString(dir.resolve("wm.key"), "ff".repeat(32));
        assertEquals(Verdict.FAIL, gate(Map.of()).verdict());
        Files.delete(dir.resolve("wm.key"));
        GateExecution.Outcome outcome = gate(Map.of());
        assertEquals(Verdict.ERROR, outcome.verdict());
        assertTrue(check(outcome).error().contains("wm.key") && check(outcome).error().contains("not found"));
    }

    @Test
    void policyNeverHoldsKeyMaterial() throws IOException {
        Files.writeString(dir.resolve("aigate.yml"), "version: 1\nwatermark:\n  key: \"" + KEY_HEX + "\"\n"
                + "  payload: \"00c0ffee5eed0001\"\n  models:\n    - path: model/digits-mlp.onnx\n");
        GateExecution.Outcome outcome = gate(Map.of());
        assertEquals(Verdict.ERROR, outcome.verdict());
        // Every section is validated as the policy loads, so this is the gate's own error.
        String error = String.join("\n", outcome.result().errors());
        assertTrue(error.contains("unknown key 'key'") || error.contains("the key itself never goes in the policy"), error);
        assertFalse(error.contains(KEY_HEX), "the error never echoes the key");
        policy("keyEnv: \"" + KEY_HEX.substring(0, 20) + "-x\"", "");
        assertEquals(Verdict.ERROR, gate(Map.of()).verdict());
    }

    @Test
    void thresholdOverridesAreRecorded() throws IOException {
        policy("keyFile: wm.key", "  maxFalsePositive: 1.0e-12\n");
        embed();
        CheckRegistry registry = CheckRegistry.of(List.of(new WatermarkCheck(Map.of())));
        GateRequest request = new GateRequest(dir.resolve("aigate.yml"), Set.of(), Set.of(), null, 1,
                Map.of("watermark.maxFalsePositive", "1e-30"), null);
        var result = new Gate(registry, Clock.systemUTC(), null).run(request);
        assertEquals(Verdict.FAIL, result.verdict(), "score ~7 is below the 1e-30 requirement (11.7)");
        assertEquals(1e-30, result.checks().get(0).metrics().get("maxFalsePositive"));
    }

    public static void assertReportMatchesSchema(GateExecution.Outcome outcome) throws IOException {
        com.networknt.schema.JsonSchema schema = com.networknt.schema.JsonSchemaFactory.getInstance(
                com.networknt.schema.SpecVersion.VersionFlag.V202012).getSchema(WatermarkGateTest.class
                .getResourceAsStream(dev.aigate.report.JsonReport.SCHEMA_RESOURCE));
        var errors = schema.validate(new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                outcome.reports().json().toFile()));
        assertEquals(Set.of(), errors, "the report matches its schema");
    }

    private void assertKeyNeverWritten() throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("target"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                byte[] bytes = Files.readAllBytes(file);
                String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
                assertFalse(text.toLowerCase(java.util.Locale.ROOT).contains(KEY_HEX), file + " holds the key");
            }
        }
    }
}
