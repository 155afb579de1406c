package dev.aigate.checks.watermark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.formats.FloatEncoding;
import dev.aigate.formats.ModelFile;
import dev.aigate.formats.TestModels;
import dev.aigate.formats.WriteHook;
import dev.aigate.formats.onnx.OnnxModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Embedding into F16 and BF16 SafeTensors models, and into ONNX initializers stored as packed float_data. */
class WatermarkEncodingsTest {
    static final WatermarkKey KEY = WatermarkRobustnessTest.KEY;
    static final Payload PAYLOAD = WatermarkRobustnessTest.PAYLOAD;

    @TempDir
    Path dir;

    @Test
    void halfPrecisionModels() throws IOException {
        for (FloatEncoding encoding : new FloatEncoding[] {FloatEncoding.F16, FloatEncoding.BF16}) {
            Path input = dir.resolve("in-" + encoding + ".safetensors");
            TestModels.write(input, TestModels.millionParameterModel(5), encoding);
            Path output = dir.resolve("out-" + encoding + ".safetensors");
            Watermarking.Embedded e = Watermarking.embed(input, output, KEY, WatermarkParams.defaults(), PAYLOAD,
                    WriteHook.NONE);
            assertTrue(e.changedWeights() > e.carriers() * 0.95, encoding + ": " + e.changedWeights());
            Detection d = Watermarking.detect(ModelFile.open(output), KEY, WatermarkParams.defaults(), PAYLOAD);
            assertTrue(d.detected(1e-9), encoding + " score " + d.score());
            assertEquals(0, d.bitErrors());
            Detection back = Watermarking.detect(ModelFile.open(input), KEY, WatermarkParams.defaults(), PAYLOAD);
            assertTrue(!back.detected(1e-9));
        }
    }

    @Test
    void onnxPackedFloatData() throws IOException {
        SplittableRandom random = new SplittableRandom(1);
        float[] weights = new float[128 * 64];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) (TestModels.gaussian(random) * 0.05);
        }
        // An unpacked float_data initializer cannot be patched in place; it is simply not a carrier tensor.
        byte[] model = model(List.of(tensor("dense.weight", new long[] {128, 64}, weights, true),
                tensor("odd.unpacked", new long[] {4}, new float[] {1, 2, 3, 4}, false)));
        Path input = dir.resolve("packed.onnx");
        Files.write(input, model);
        OnnxModel parsed = OnnxModel.open(input);
        assertEquals(List.of("dense.weight"), parsed.floatTensors().stream().map(t -> t.name()).toList());
        WatermarkParams params = WatermarkParams.defaults().withMinElements(512).withCarriers(4096);
        Path output = dir.resolve("packed-wm.onnx");
        Watermarking.Embedded e = Watermarking.embed(input, output, KEY, params, PAYLOAD, WriteHook.NONE);
        byte[] after = Files.readAllBytes(output);
        int differing = 0;
        for (int i = 0; i < model.length; i += 4) {
            differing += java.util.Arrays.equals(model, i, Math.min(model.length, i + 4), after, i,
                    Math.min(model.length, i + 4)) ? 0 : 1;
        }
        long start = parsed.initializers().get(0).dataOffset();
        assertTrue(differing >= e.changedWeights() && differing <= e.changedWeights() * 2L, "only carrier bytes");
        assertArrayEquals(java.util.Arrays.copyOfRange(model, 0, (int) start),
                java.util.Arrays.copyOfRange(after, 0, (int) start), "bytes before the float data unchanged");
        Detection d = Watermarking.detect(ModelFile.open(output), KEY, params, PAYLOAD);
        assertTrue(d.detected(1e-9), "score " + d.score());
        assertEquals(0, d.bitErrors());
    }

    private static byte[] model(List<byte[]> initializers) {
        ByteArrayOutputStream graph = new ByteArrayOutputStream();
        for (byte[] init : initializers) {
            field(graph, 5, init);
        }
        field(graph, 2, "g".getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        varint(out, 1 << 3);
        varint(out, 7);
        field(out, 2, "test".getBytes(StandardCharsets.UTF_8));
        field(out, 7, graph.toByteArray());
        return out.toByteArray();
    }

    private static byte[] tensor(String name, long[] dims, float[] values, boolean packed) {
        ByteArrayOutputStream t = new ByteArrayOutputStream();
        for (long d : dims) {
            varint(t, 1 << 3);
            varint(t, d);
        }
        varint(t, 2 << 3);
        varint(t, 1);
        if (packed) {
            ByteBuffer data = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : values) {
                data.putFloat(v);
            }
            field(t, 4, data.array());
        } else {
            for (float v : values) {
                varint(t, (4 << 3) | 5);
                int bits = Float.floatToRawIntBits(v);
                for (int i = 0; i < 4; i++) {
                    t.write(bits >>> (8 * i));
                }
            }
        }
        field(t, 8, name.getBytes(StandardCharsets.UTF_8));
        return t.toByteArray();
    }

    private static void field(ByteArrayOutputStream out, int number, byte[] payload) {
        varint(out, ((long) number << 3) | 2);
        varint(out, payload.length);
        out.write(payload, 0, payload.length);
    }

    private static void varint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7fL) != 0) {
            out.write((int) ((value & 0x7f) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }
}
