package dev.aigate.checks.watermark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.core.ActionRunner;
import dev.aigate.core.Gate;
import dev.aigate.core.GateException;
import dev.aigate.core.GateRequest;
import dev.aigate.core.Verdict;
import dev.aigate.core.spi.ActionResult;
import dev.aigate.core.spi.CheckRegistry;
import dev.aigate.formats.ModelFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fidelity guard of 'watermark embed', with the digits models run in ONNX Runtime. */
class FidelityGuardTest {
    static final Path DIGITS = Path.of("..", "fixtures", "digits");
    static final String KEY_HEX = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    @TempDir
    Path dir;

    @BeforeEach
    void setUp() throws IOException {
        Files.createDirectories(dir.resolve("model"));
        for (String file : List.of("digits-mlp.onnx", "digits-mlp.safetensors", "digits-mlp-sturdy.onnx",
                "digits-test.csv")) {
            Files.copy(DIGITS.resolve(file), dir.resolve("model").resolve(file));
        }
        Files.writeString(dir.resolve("wm.key"), KEY_HEX + "\n");
    }

    private void policy(String watermarkExtra, String model, String robustness) throws IOException {
        Files.writeString(dir.resolve("aigate.yml"), "version: 1\nwatermark:\n  keyFile: wm.key\n"
                + "  payload: \"00c0ffee5eed0001\"\n  minElements: 512\n" + watermarkExtra
                + "  models:\n" + model + robustness);
    }

    private static String onnxModel() {
        return "    - source: model/digits-mlp.onnx\n      path: release/digits-mlp.onnx\n";
    }

    private static String robustnessSection() {
        return "robustness:\n  model: release/digits-mlp.onnx\n  data: {csv: model/digits-test.csv, label: label}\n";
    }

    private ActionResult embed() {
        return new ActionRunner(new Gate(CheckRegistry.load(), Clock.systemUTC(), null), Map.of())
                .run("watermark", "embed", dir.resolve("aigate.yml"), Map.of()).result();
    }

    private static String text(ActionResult result) {
        return String.join("\n", result.messages().stream().map(ActionResult.Message::text).toList());
    }

    /** The drop of each carrier set for this key, model and strength (percentage points), as the guard reports. */
    private List<Double> drops(String strength) throws IOException {
        policy("  strength: " + strength + "\n  fidelity: {maxDrop: 0.0, data: {csv: model/digits-test.csv,"
                + " label: label}}\n", onnxModel(), "");
        GateException e = assertThrows(GateException.class, this::embed);
        return java.util.Arrays.stream(e.getMessage().replaceAll("(?s).*drops of (.*) points with.*", "$1")
                .split(", ")).map(s -> Double.parseDouble(s.replaceAll("set [0-9]: ", ""))).toList();
    }

    @Test
    void theRobustnessSectionsDataIsUsedAndTheDropReported() throws IOException {
        policy("", onnxModel(), robustnessSection());
        ActionResult done = embed();
        String text = text(done);
        assertTrue(text.contains("clean accuracy 97.33% -> ") && text.contains("allowed 0.50) on"
                + " model/digits-test.csv (450 samples)"), text);
        double drop = Double.parseDouble(text.replaceAll("(?s).*\\(drop (-?[0-9.]+) points.*", "$1"));
        assertTrue(drop <= 0.5, text);
        assertEquals(List.of(dir.resolve("release/digits-mlp.onnx")), done.written());
    }

    @Test
    void aCostlyMarkIsRefusedAfterTryingEveryCarrierSetAndNothingIsWritten() throws IOException {
        policy("  strength: 0.6\n  fidelity: {maxDrop: 0.2, data: {csv: model/digits-test.csv, label: label}}\n",
                onnxModel(), "");
        GateException e = assertThrows(GateException.class, this::embed);
        String message = e.getMessage();
        assertTrue(message.startsWith(dir.resolve("model/digits-mlp.onnx").toString()), message);
        assertTrue(message.contains("the watermark costs too much accuracy: 97.33% before")
                && message.contains("set 0: ") && message.contains("set 3: ")
                && message.contains("with the key's 4 carrier set(s)") && message.contains("Lower 'strength'"),
                message);
        assertFalse(Files.exists(dir.resolve("release")), "nothing written");
    }

    @Test
    void theNextCarrierSetIsTakenDeterministicallyRecordedAndVerified() throws IOException {
        // Find a strength at which, for this key, a later carrier set costs less than the first ones.
        String strength = null;
        List<Double> drops = null;
        int better = -1;
        for (int s = 20; s <= 50 && better < 0; s += 5) {
            strength = String.valueOf(s / 100.0);
            drops = drops(strength);
            assertEquals(4, drops.size());
            for (int set = 1; set < drops.size() && better < 0; set++) {
                if (drops.get(set) < drops.subList(0, set).stream().mapToDouble(d -> d).min().orElseThrow()) {
                    better = set;
                }
            }
        }
        assertTrue(better > 0, "a later carrier set costs less than the earlier ones at some strength: " + drops);
        double maxDrop = (drops.subList(0, better).stream().mapToDouble(d -> d).min().orElseThrow()
                + drops.get(better)) / 2;
        policy("  strength: " + strength + "\n  fidelity: {maxDrop: " + maxDrop + ", data: {csv: model/digits-test.csv, label:"
                + " label}}\n", onnxModel(), "");
        String text = text(embed());
        assertTrue(text.contains(", carrier set " + better + " (earlier sets cost"), text);
        Path released = dir.resolve("release/digits-mlp.onnx");
        assertTrue(ModelFile.open(released).metadata().get(Watermarking.META_PARAMS)
                .endsWith(";carrierSet=" + better));
        CheckRegistry registry = CheckRegistry.of(List.of(new WatermarkCheck(Map.of())));
        var result = new Gate(registry, Clock.systemUTC(), null).run(new GateRequest(dir.resolve("aigate.yml"),
                Set.of("watermark"), Set.of(), null, 1, Map.of(), null));
        assertEquals(Verdict.PASS, result.verdict(), String.valueOf(result.checks()));
        // The same key, model and policy choose the same set again.
        Files.delete(released);
        assertTrue(text(embed()).contains(", carrier set " + better + " (earlier sets cost"));
    }

    @Test
    void aSafeTensorsModelIsMeasuredThroughItsOnnxExport() throws IOException {
        String safetensors = "    - source: model/digits-mlp.safetensors\n      path: release/digits-mlp.safetensors\n";
        policy("", safetensors, robustnessSection());
        ActionResult unmeasured = embed();
        assertTrue(unmeasured.messages().get(0).warning() && unmeasured.messages().get(0).text()
                .contains("accuracy not measured") && unmeasured.messages().get(0).text().contains("'onnxExport'"));
        Files.delete(dir.resolve("release/digits-mlp.safetensors"));
        policy("", safetensors + "      onnxExport: model/digits-mlp.onnx\n", robustnessSection());
        String text = text(embed());
        assertTrue(text.contains("clean accuracy 97.33% -> "), text);
        Files.delete(dir.resolve("release/digits-mlp.safetensors"));
        policy("", safetensors + "      onnxExport: model/digits-mlp-sturdy.onnx\n", robustnessSection());
        GateException e = assertThrows(GateException.class, this::embed);
        assertTrue(e.getMessage().contains("digits-mlp-sturdy.onnx: is not an ONNX export of the same weights as"),
                e.getMessage());
        assertFalse(Files.exists(dir.resolve("release/digits-mlp.safetensors")));
    }

    @Test
    void theGuardCanBeTurnedOff() throws IOException {
        policy("  fidelity: {enabled: false}\n", onnxModel(), robustnessSection());
        assertFalse(text(embed()).contains("clean accuracy"));
    }

    static String keyHex() {
        return HexFormat.of().formatHex(HexFormat.of().parseHex(KEY_HEX));
    }
}
