package dev.aigate.checks.watermark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.core.ActionRunner;
import dev.aigate.core.Gate;
import dev.aigate.core.spi.ActionResult;
import dev.aigate.core.spi.CheckRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The capacity model: expected survival from the embedded score, and the policy's 'survive' demands. */
class CapacityTest {
    static final double REQUIRED = Detection.requiredScore(1e-9);

    @TempDir
    Path dir;

    @Test
    void retentionIsInterpolatedBetweenTheMeasuredPoints() {
        assertEquals(1.0, Capacity.pruneRetention(0), 1e-12);
        assertEquals(0.84, Capacity.pruneRetention(0.5), 1e-12);
        assertEquals((0.96 + 0.92) / 2, Capacity.pruneRetention(0.35), 1e-12);
        assertEquals(0.64, Capacity.noiseRetention(1.0), 1e-12);
        assertTrue(Capacity.pruneRetention(0.95) < 0.43 && Capacity.pruneRetention(0.95) >= 0);
    }

    @Test
    void aSmallModelsMarkSurvivesLessThanALargeOnes() {
        // The digits MLP's mark as embedded (score 7.07) and a large model's (24.9), both needing 6.44.
        double small = Capacity.maxPrune(7.07, REQUIRED);
        assertEquals(0.4 + (0.92 - REQUIRED / 7.07) / 0.08 * 0.1, small, 1e-9);
        assertTrue(small < 0.5, "the issue's measurement: 50% pruning loses the mark of the 4,810-parameter MLP");
        assertEquals(0.9, Capacity.maxPrune(24.9, REQUIRED), 1e-12);
        assertEquals("expected to survive magnitude pruning of up to 41% and Gaussian noise of up to 0.33 x each"
                + " tensor's std (capacity model of docs/watermark.md)", Capacity.expectation(7.07, REQUIRED));
        assertTrue(Capacity.expectation(24.9, REQUIRED).startsWith("expected to survive magnitude pruning of at"
                + " least 90% and Gaussian noise of at least 2.0 x"), Capacity.expectation(24.9, REQUIRED));
        assertEquals("not detectable as embedded", Capacity.expectation(3.8, REQUIRED));
    }

    @Test
    void aDemandAboveTheExpectationIsNamedWithParametersThatMeetIt() {
        WatermarkParams params = WatermarkParams.defaults().withMinElements(512);
        List<String> warnings = Capacity.shortfalls(new WatermarkConfig.Survive(0.5, 0.1), 7.07, REQUIRED, params,
                2368, 2368);
        assertEquals(1, warnings.size(), "noise of 0.1 std is met: " + warnings);
        String warning = warnings.get(0);
        assertTrue(warning.startsWith("the policy demands that the mark survive magnitude pruning of 50%"
                + " ('survive'), but the expected score after it is 5.94 (7.07 as embedded x 0.84), below the 6.44"
                + " needed; 'strength' 0.24 would meet it"), warning);
        assertTrue(Capacity.shortfalls(new WatermarkConfig.Survive(0.5, 0.5), 24.9, REQUIRED, params, 16384,
                1 << 20).isEmpty());
        List<String> more = Capacity.shortfalls(new WatermarkConfig.Survive(0.5, null), 7.07, REQUIRED, params,
                2368, 100_000);
        assertTrue(more.get(0).contains("'strength' 0.24 or 'carriers' 3"), more.get(0));
        assertTrue(Capacity.shortfalls(new WatermarkConfig.Survive(0.95, null), 24.9, REQUIRED, params, 16384,
                1 << 20).get(0).contains("beyond the measured range"));
    }

    @Test
    void embedReportsTheExpectationAndWarnsBelowThePolicysDemand() throws IOException {
        Files.copy(Path.of("..", "fixtures", "digits", "digits-mlp.onnx"), dir.resolve("digits-mlp.onnx"));
        Files.writeString(dir.resolve("wm.key"), HexFormat.of().formatHex(WatermarkRobustnessTest.KEY.material()));
        Files.writeString(dir.resolve("aigate.yml"), "version: 1\nwatermark:\n  keyFile: wm.key\n"
                + "  payload: \"00c0ffee5eed0001\"\n  minElements: 512\n  survive: {prune: 0.5}\n"
                + "  models:\n    - source: digits-mlp.onnx\n      path: release/digits-mlp.onnx\n");
        ActionResult result = new ActionRunner(new Gate(CheckRegistry.load(), Clock.systemUTC(), null), Map.of())
                .run("watermark", "embed", dir.resolve("aigate.yml"), Map.of()).result();
        assertEquals(2, result.messages().size());
        assertTrue(result.messages().get(0).text().contains("; expected to survive magnitude pruning of up to"),
                result.messages().get(0).text());
        ActionResult.Message warning = result.messages().get(1);
        assertTrue(warning.warning() && warning.text().startsWith(dir.resolve("release/digits-mlp.onnx")
                + ": the policy demands that the mark survive magnitude pruning of 50%"), warning.text());
        assertTrue(warning.text().contains("'strength' 0."), warning.text());
    }
}
