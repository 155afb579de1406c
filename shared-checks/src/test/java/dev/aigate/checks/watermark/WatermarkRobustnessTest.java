package dev.aigate.checks.watermark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.formats.FloatEncoding;
import dev.aigate.formats.ModelFile;
import dev.aigate.formats.TestModels;
import dev.aigate.formats.TestModels.Tensor;
import dev.aigate.formats.WriteHook;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watermark survives the transformations the issue names, on a deterministic synthetic model of more than one
 * million parameters, with the default parameters: detected at the default confidence and the payload intact.
 */
class WatermarkRobustnessTest {
    static final WatermarkKey KEY = WatermarkKey.of(HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f"
            + "101112131415161718191a1b1c1d1e1f"));
    static final Payload PAYLOAD = Payload.parse("00c0ffee5eed0001");
    static final WatermarkParams PARAMS = WatermarkParams.defaults();
    static final double MAX_FALSE_POSITIVE = 1e-9;

    @TempDir
    static Path dir;
    static List<Tensor> original;
    static List<Tensor> marked;
    static Watermarking.Embedded embedded;

    @BeforeAll
    static void embed() throws IOException {
        original = TestModels.millionParameterModel(42);
        assertTrue(TestModels.parameters(original) >= 1_000_000, "at least 1M parameters");
        Path input = dir.resolve("model.safetensors");
        TestModels.write(input, original, FloatEncoding.F32);
        Path output = dir.resolve("model-wm.safetensors");
        embedded = Watermarking.embed(input, output, KEY, PARAMS, PAYLOAD, WriteHook.NONE);
        marked = TestModels.read(output);
    }

    private static Detection detectOn(String name, List<Tensor> model, FloatEncoding encoding) throws IOException {
        Path file = dir.resolve(name + ".safetensors");
        TestModels.write(file, model, encoding, null);
        Detection d = Watermarking.detect(ModelFile.open(file), KEY, PARAMS, PAYLOAD);
        System.out.printf(Locale.ROOT, "watermark robustness %-22s score %6.2f  fp-bound %.3g  BER %.4f%n", name,
                d.score(), d.falsePositiveBound(), d.bitErrorRate());
        return d;
    }

    private static void assertSurvives(String name, List<Tensor> model, FloatEncoding encoding) throws IOException {
        Detection d = detectOn(name, model, encoding);
        assertTrue(d.detected(MAX_FALSE_POSITIVE), name + ": detected, score " + d.score());
        assertEquals(0, d.bitErrors(), name + ": payload intact");
        assertEquals(PAYLOAD.hex(), d.decodedPayload(), name + ": decoded payload");
    }

    @Test
    void embeddedModelIsDetected() throws IOException {
        assertEquals(PARAMS.carriers(), embedded.carriers());
        assertSurvives("as-embedded", marked, FloatEncoding.F32);
    }

    @Test
    void unwatermarkedModelIsNotDetected() throws IOException {
        Detection d = detectOn("original", original, FloatEncoding.F32);
        assertTrue(!d.detected(MAX_FALSE_POSITIVE));
    }

    @Test
    void survivesFp16RoundTrip() throws IOException {
        assertSurvives("fp16-file", marked, FloatEncoding.F16);
        assertSurvives("fp16-round-trip", Transforms.roundTrip(marked, FloatEncoding.F16), FloatEncoding.F32);
    }

    @Test
    void survivesBf16RoundTrip() throws IOException {
        assertSurvives("bf16-file", marked, FloatEncoding.BF16);
        assertSurvives("bf16-round-trip", Transforms.roundTrip(marked, FloatEncoding.BF16), FloatEncoding.F32);
    }

    @Test
    void survivesInt8Quantisation() throws IOException {
        assertSurvives("int8-per-tensor", Transforms.int8(marked), FloatEncoding.F32);
    }

    @Test
    void survivesPruningOf30Percent() throws IOException {
        assertSurvives("prune-30%", Transforms.prune(marked, 0.30), FloatEncoding.F32);
    }

    @Test
    void survivesGaussianNoiseOf2Percent() throws IOException {
        assertSurvives("noise-2%-std", Transforms.noise(marked, 0.02, 7), FloatEncoding.F32);
    }

    @Test
    void survivesReorderedTensors() throws IOException {
        assertSurvives("reordered", Transforms.reversed(marked), FloatEncoding.F32);
    }

    @Test
    void survivesCombinedTransformations() throws IOException {
        UnaryOperator<List<Tensor>> all = m -> Transforms.reversed(Transforms.int8(Transforms.prune(
                Transforms.noise(Transforms.roundTrip(m, FloatEncoding.F16), 0.02, 11), 0.30)));
        assertSurvives("fp16+noise+prune+int8", all.apply(marked), FloatEncoding.BF16);
    }
}
