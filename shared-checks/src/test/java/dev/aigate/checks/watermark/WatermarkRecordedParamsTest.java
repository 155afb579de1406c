package dev.aigate.checks.watermark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.core.ActionRunner;
import dev.aigate.core.CheckResult;
import dev.aigate.core.Finding;
import dev.aigate.core.Gate;
import dev.aigate.core.GateResult;
import dev.aigate.core.Verdict;
import dev.aigate.core.spi.CheckRegistry;
import dev.aigate.core.view.View;
import dev.aigate.formats.FloatEncoding;
import dev.aigate.formats.TestModels;
import dev.aigate.formats.WriteHook;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verification reads the embedding parameters the file records, says so, and names given values that differ. */
class WatermarkRecordedParamsTest {
    static final Path DIGITS = Path.of("..", "fixtures", "digits");
    static final WatermarkKey KEY = WatermarkRobustnessTest.KEY;
    static final Payload PAYLOAD = Payload.parse("00c0ffee5eed0001");
    /** Not the defaults: verifying with the defaults reads other weights. */
    static final WatermarkParams EMBEDDED = new WatermarkParams(1024, 0.3, 512, List.of(), List.of(), 0.5);

    @TempDir
    Path dir;
    Path marked;

    @BeforeEach
    void setUp() throws IOException {
        Files.writeString(dir.resolve("wm.key"), HexFormat.of().formatHex(KEY.material()));
        marked = dir.resolve("marked.onnx");
        Watermarking.embed(DIGITS.resolve("digits-mlp.onnx"), marked, KEY, EMBEDDED, PAYLOAD, WriteHook.NONE);
    }

    private CheckResult verifyFile(Path model, String... more) {
        Map<String, List<String>> options = new LinkedHashMap<>();
        options.put("model", List.of(model.toString()));
        options.put("keyFile", List.of(dir.resolve("wm.key").toString()));
        options.put("payload", List.of(PAYLOAD.hex()));
        for (int i = 0; i + 1 < more.length; i += 2) {
            options.put(more[i], List.of(more[i + 1]));
        }
        GateResult judged = new ActionRunner(new Gate(CheckRegistry.load(), Clock.systemUTC(), null), Map.of())
                .run("watermark", "verify-file", dir.resolve("aigate.yml"), options).judged();
        assertEquals(1, judged.checks().size());
        return judged.checks().get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> model(CheckResult result) {
        return ((List<Map<String, Object>>) result.metrics().get("models")).get(0);
    }

    private static List<String> rules(CheckResult result) {
        return result.findings().stream().map(Finding::ruleId).toList();
    }

    @Test
    void withoutTheFlagsTheRecordedParametersAreUsedAndNamed() {
        CheckResult result = verifyFile(marked);
        assertEquals(List.of(), rules(result), String.valueOf(result.findings()));
        assertEquals(Boolean.TRUE, model(result).get("detected"));
        assertEquals("metadata", model(result).get("parameters"));
        assertEquals(1024, model(result).get("carriers"));
        String note = result.views().stream().filter(v -> v instanceof View.Note).map(v -> ((View.Note) v).text())
                .filter(t -> t.contains("metadata")).findFirst().orElseThrow();
        assertTrue(note.contains("scheme parameters read from the file's metadata (carriers 1024, minElements 512"),
                note);
    }

    @Test
    void givenFlagsThatDifferFromTheRecordedOnesAreNamedWithTheScoreTheRecordedOnesGive() {
        CheckResult result = verifyFile(marked, "carriers", "2000");
        assertEquals(List.of("watermark/params-mismatch", "watermark/not-detected"), rules(result));
        String message = result.findings().get(0).message();
        assertTrue(message.startsWith("marked.onnx: the scheme parameters given differ from those recorded"), message);
        assertTrue(message.contains("carriers given 2000, recorded 1024"), message);
        double recordedScore = Double.parseDouble(message.replaceAll("(?s).*with the recorded ones the score is"
                + " ([0-9.]+)\\..*", "$1"));
        assertTrue(recordedScore > 6.44, message);
        assertEquals(Verdict.FAIL, verdictOf(result));
        // Flags equal to the recorded ones are no mismatch.
        assertEquals(List.of(), rules(verifyFile(marked, "carriers", "1024", "minElements", "512")));
    }

    private static Verdict verdictOf(CheckResult result) {
        return result.findings().stream().anyMatch(f -> f.severity().ordinal() >= dev.aigate.core.Severity.HIGH
                .ordinal()) ? Verdict.FAIL : Verdict.PASS;
    }

    @Test
    void metadataOfAnotherKeyIsNotTrusted() {
        WatermarkKey other = WatermarkKey.of(new byte[32]);
        assertEquals(ParamsInUse.resolve(dev.aigate.formats.ModelFile.open(marked), other,
                WatermarkParams.defaults(), java.util.Set.of(), 64).recorded(), Optional.empty());
    }

    @Test
    void aStrippedFileOnAnotherCarrierSetIsFoundAmongTheKeysSetsWithTheBoundCountingThemAll() throws IOException {
        Path input = dir.resolve("model.safetensors");
        TestModels.write(input, TestModels.millionParameterModel(7), FloatEncoding.F32);
        Path onThird = dir.resolve("third.safetensors");
        Watermarking.embed(input, onThird, KEY, WatermarkParams.defaults().withCarrierSet(2), PAYLOAD,
                WriteHook.NONE);
        assertTrue(dev.aigate.formats.ModelFile.open(onThird).metadata().get(Watermarking.META_PARAMS)
                .endsWith(";carrierSet=2"));
        Path stripped = dir.resolve("stripped.safetensors");
        TestModels.write(stripped, TestModels.read(onThird), FloatEncoding.F32, null);
        CheckResult recorded = verifyFile(onThird);
        assertEquals(1, model(recorded).get("carrierSetsTried"));
        assertEquals(2, model(recorded).get("carrierSet"));
        CheckResult result = verifyFile(stripped);
        assertEquals(List.of("watermark/metadata"), rules(result));
        assertEquals(Boolean.TRUE, model(result).get("detected"));
        assertEquals(WatermarkParams.CARRIER_SETS, model(result).get("carrierSetsTried"));
        assertEquals("given", model(result).get("parameters"));
        double bound = (Double) model(result).get("falsePositiveBound");
        double score = (Double) model(result).get("score");
        assertEquals(Math.min(1, WatermarkParams.CARRIER_SETS * Math.exp(-score * score / 2)), bound,
                bound * 1e-2, "the union bound over the key's carrier sets");
        assertEquals(Detection.requiredScore(1e-9 / WatermarkParams.CARRIER_SETS),
                (Double) model(result).get("requiredScore"), 1e-3);
        assertTrue(result.findings().get(0).message().contains("carrier sets were tried"));
    }

    @Test
    void recordedParametersParseBackAndMalformedOnesAreIgnored() {
        WatermarkParams p = new WatermarkParams(3000, 0.25, 100, List.of("fc*", "conv?"), List.of("*.bias"), 0.25, 3);
        WatermarkParams.Recorded back = WatermarkParams.parse(p.describe(32)).orElseThrow();
        assertEquals(p, back.params());
        assertEquals(32, back.bits());
        assertEquals(WatermarkParams.defaults(), WatermarkParams.parse(WatermarkParams.defaults().describe(64))
                .orElseThrow().params());
        for (String bad : new String[] {null, "", "carriers=1", "carriers=x;strength=0.2", p.describe(32)
            .replace("bits=32", "bits=0"), p.describe(32) + ";carriers=5", p.describe(32).replace("carrierSet=3",
            "carrierSet=9"), "x".repeat(5000)}) {
            assertEquals(Optional.empty(), WatermarkParams.parse(bad), String.valueOf(bad));
        }
    }
}
