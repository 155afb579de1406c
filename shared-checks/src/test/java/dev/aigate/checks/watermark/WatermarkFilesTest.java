package dev.aigate.checks.watermark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.core.InputException;
import dev.aigate.core.io.Digests;
import dev.aigate.formats.FloatEncoding;
import dev.aigate.formats.ModelFile;
import dev.aigate.formats.TestModels;
import dev.aigate.formats.WriteHook;
import dev.aigate.formats.onnx.OnnxModel;
import dev.aigate.formats.safetensors.SafeTensorsFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Byte-for-byte preservation, metadata, ONNX external data, refusal to overwrite, and atomic writes. */
class WatermarkFilesTest {
    static final Path DIGITS = Path.of("..", "fixtures", "digits");
    static final WatermarkKey KEY = WatermarkRobustnessTest.KEY;
    static final Payload PAYLOAD = WatermarkRobustnessTest.PAYLOAD;
    static final WatermarkParams SMALL = WatermarkParams.defaults().withMinElements(512).withCarriers(4096);

    @TempDir
    Path dir;

    /** Number of 4-byte-aligned words that differ between two equally long byte ranges. */
    private static int differingWords(byte[] a, int aFrom, byte[] b, int bFrom, int length) {
        int words = 0;
        for (int i = 0; i < length; i += 4) {
            boolean differs = false;
            for (int j = i; j < Math.min(length, i + 4); j++) {
                differs |= a[aFrom + j] != b[bFrom + j];
            }
            words += differs ? 1 : 0;
        }
        return words;
    }

    @Test
    void safeTensorsKeepsEverythingButCarriersAndAddedMetadata() throws IOException {
        Path input = DIGITS.resolve("digits-mlp.safetensors");
        byte[] before = Files.readAllBytes(input);
        Path output = dir.resolve("wm.safetensors");
        Watermarking.Embedded e = Watermarking.embed(input, output, KEY, SMALL, PAYLOAD, WriteHook.NONE);
        assertArrayEquals(before, Files.readAllBytes(input), "input untouched");
        SafeTensorsFile in = SafeTensorsFile.open(input);
        SafeTensorsFile out = SafeTensorsFile.open(output);
        assertEquals(in.entries().stream().map(SafeTensorsFile.Entry::name).toList(),
                out.entries().stream().map(SafeTensorsFile.Entry::name).toList(), "tensor order kept");
        assertEquals("pt", out.metadata().get("format"), "other metadata kept");
        assertEquals(KEY.fingerprint(), out.metadata().get(Watermarking.META_KEY_FINGERPRINT));
        assertEquals("aigate-ss", out.metadata().get(Watermarking.META_SCHEME));
        assertEquals("1", out.metadata().get(Watermarking.META_VERSION));
        String header = new String(Files.readAllBytes(output), 8, (int) out.dataStart() - 8, StandardCharsets.UTF_8);
        assertFalse(header.contains(java.util.HexFormat.of().formatHex(KEY.material())), "no key material");
        byte[] after = Files.readAllBytes(output);
        int dataLength = before.length - (int) in.dataStart();
        assertEquals(dataLength, after.length - (int) out.dataStart());
        assertEquals(e.changedWeights(), differingWords(before, (int) in.dataStart(), after, (int) out.dataStart(),
                dataLength), "only the carrier weights changed");
        // Header: the original text with only the metadata entries inserted.
        String original = new String(before, 8, (int) in.dataStart() - 8, StandardCharsets.UTF_8).trim();
        String rewritten = header.trim().replaceAll(",\"aigate\\.watermark\\.[a-z_]+\":\"[^\"]*\"", "");
        assertEquals(original, rewritten);
    }

    @Test
    void strippingMetadataDoesNotDefeatDetection() throws IOException {
        List<TestModels.Tensor> model = TestModels.millionParameterModel(3);
        Path input = dir.resolve("m.safetensors");
        TestModels.write(input, model, FloatEncoding.F32);
        Path output = dir.resolve("m-wm.safetensors");
        Watermarking.embed(input, output, KEY, WatermarkParams.defaults(), PAYLOAD, WriteHook.NONE);
        Path stripped = dir.resolve("stripped.safetensors");
        TestModels.write(stripped, TestModels.read(output), FloatEncoding.F32, null);
        assertTrue(ModelFile.open(stripped).metadata().isEmpty());
        Detection d = Watermarking.detect(ModelFile.open(stripped), KEY, WatermarkParams.defaults(), PAYLOAD);
        assertTrue(d.detected(1e-9));
        assertEquals(0, d.bitErrors());
    }

    @Test
    void onnxKeepsGraphBytesAndAppendsMetadata() throws IOException {
        Path input = DIGITS.resolve("digits-mlp.onnx");
        byte[] before = Files.readAllBytes(input);
        Path output = dir.resolve("digits-mlp-wm.onnx");
        Watermarking.Embedded e = Watermarking.embed(input, output, KEY, SMALL, PAYLOAD, WriteHook.NONE);
        byte[] after = Files.readAllBytes(output);
        assertTrue(after.length > before.length);
        // Everything up to the original length differs only in carrier words inside initializer raw_data.
        assertEquals(e.changedWeights(), differingWords(before, 0, after, 0, before.length));
        OnnxModel in = OnnxModel.open(input);
        OnnxModel out = OnnxModel.open(output);
        assertEquals(in.initializers().size(), out.initializers().size());
        for (OnnxModel.Initializer init : in.initializers()) {
            assertTrue(out.initializers().stream().anyMatch(o -> o.name().equals(init.name())
                    && o.dataOffset() == init.dataOffset()));
        }
        for (Map.Entry<String, String> meta : in.metadata().entrySet()) {
            assertEquals(meta.getValue(), out.metadata().get(meta.getKey()), "original metadata_props kept");
        }
        assertEquals(KEY.fingerprint(), out.metadata().get(Watermarking.META_KEY_FINGERPRINT));
        assertTrue(Watermarking.detect(out, KEY, SMALL, PAYLOAD).detected(1e-9));
    }

    @Test
    void onnxExternalDataIsWatermarkedNextToTheOutput() throws IOException {
        Path input = DIGITS.resolve("external/digits-mlp-external.onnx");
        Path data = DIGITS.resolve("external/digits-mlp-external.onnx.data");
        byte[] modelBefore = Files.readAllBytes(input);
        byte[] dataBefore = Files.readAllBytes(data);
        Path outDir = Files.createDirectories(dir.resolve("release"));
        Path output = outDir.resolve("model.onnx");
        Watermarking.Embedded e = Watermarking.embed(input, output, KEY, SMALL, PAYLOAD, WriteHook.NONE);
        assertArrayEquals(dataBefore, Files.readAllBytes(data), "input data file untouched");
        byte[] modelAfter = Files.readAllBytes(output);
        assertArrayEquals(modelBefore, java.util.Arrays.copyOf(modelAfter, modelBefore.length),
                "the .onnx graph bytes are identical; only metadata is appended");
        byte[] dataAfter = Files.readAllBytes(outDir.resolve("digits-mlp-external.onnx.data"));
        assertEquals(e.changedWeights(), differingWords(dataBefore, 0, dataAfter, 0, dataBefore.length));
        OnnxModel out = OnnxModel.open(output);
        assertEquals(2, out.files().size());
        assertTrue(Watermarking.detect(out, KEY, SMALL, PAYLOAD).detected(1e-9));

        // Writing next to the input would overwrite its data file: refused, nothing written.
        Path sameDir = dir.resolve("copy");
        Files.createDirectories(sameDir);
        Files.copy(input, sameDir.resolve("m.onnx"));
        Files.copy(data, sameDir.resolve("digits-mlp-external.onnx.data"));
        InputException refused = assertThrows(InputException.class, () -> Watermarking.embed(sameDir.resolve(
                "m.onnx"), sameDir.resolve("m-wm.onnx"), KEY, SMALL, PAYLOAD, WriteHook.NONE));
        assertTrue(refused.getMessage().contains("over the input's data file"), refused.getMessage());
        assertFalse(Files.exists(sameDir.resolve("m-wm.onnx")));
        assertArrayEquals(dataBefore, Files.readAllBytes(sameDir.resolve("digits-mlp-external.onnx.data")));
    }

    @Test
    void refusesOutputEqualToInputAndDoubleEmbedding() throws IOException {
        Path input = dir.resolve("m.safetensors");
        Files.copy(DIGITS.resolve("digits-mlp.safetensors"), input);
        byte[] before = Files.readAllBytes(input);
        InputException e = assertThrows(InputException.class, () -> Watermarking.embed(input,
                dir.resolve("./m.safetensors"), KEY, SMALL, PAYLOAD, WriteHook.NONE));
        assertTrue(e.getMessage().contains("the output path is the input model"));
        Files.createSymbolicLink(dir.resolve("link.safetensors"), input);
        assertThrows(InputException.class, () -> Watermarking.embed(input, dir.resolve("link.safetensors"), KEY,
                SMALL, PAYLOAD, WriteHook.NONE));
        assertArrayEquals(before, Files.readAllBytes(input));
        Path once = dir.resolve("once.safetensors");
        Watermarking.embed(input, once, KEY, SMALL, PAYLOAD, WriteHook.NONE);
        e = assertThrows(InputException.class, () -> Watermarking.embed(once, dir.resolve("twice.safetensors"), KEY,
                SMALL, PAYLOAD, WriteHook.NONE));
        assertTrue(e.getMessage().contains("already carries an aigate watermark"));
    }

    @Test
    void failureMidWriteLeavesNoOutputAndTheInputUntouched() throws IOException {
        for (String model : new String[] {"digits-mlp.safetensors", "digits-mlp.onnx",
            "external/digits-mlp-external.onnx"}) {
            Path input = DIGITS.resolve(model);
            String before = Digests.sha256Hex(input);
            Path outDir = Files.createDirectories(dir.resolve("fail-" + model.replace('/', '-')));
            Path output = outDir.resolve(input.getFileName());
            for (String failAt : new String[] {"copied", "patched"}) {
                InputException e = assertThrows(InputException.class, () -> Watermarking.embed(input, output, KEY,
                        SMALL, PAYLOAD, stage -> {
                            if (stage.equals(failAt)) {
                                throw new IOException("simulated disk full");
                            }
                        }));
                assertTrue(e.getMessage().contains("simulated disk full"));
                assertFalse(Files.exists(output), model + ": no output after a failure at " + failAt);
                try (Stream<Path> left = Files.list(outDir)) {
                    assertEquals(List.of(), left.toList(), "no temporary or data files left behind");
                }
                assertEquals(before, Digests.sha256Hex(input), "input untouched");
            }
        }
    }

    @Test
    void failureWhileComputingThePatchesStopsTheCopy() throws IOException {
        // No tensor is large enough to carry the mark: the failure happens while the copy runs in the background.
        WatermarkParams tooLarge = WatermarkParams.defaults().withMinElements(1_000_000);
        for (String model : new String[] {"digits-mlp.safetensors", "external/digits-mlp-external.onnx"}) {
            Path outDir = Files.createDirectories(dir.resolve("small-" + model.replace('/', '-')));
            Path output = outDir.resolve("out" + (model.endsWith(".onnx") ? ".onnx" : ".safetensors"));
            InputException e = assertThrows(InputException.class, () -> Watermarking.embed(DIGITS.resolve(model),
                    output, KEY, tooLarge, PAYLOAD, WriteHook.NONE));
            assertTrue(e.getMessage().contains("eligible weights"), e.getMessage());
            try (Stream<Path> left = Files.list(outDir)) {
                assertEquals(List.of(), left.toList(), "nothing left behind");
            }
        }
    }

    @Test
    void killedProcessLeavesNoOutputAndTheInputUntouched() throws Exception {
        Path input = dir.resolve("big.safetensors");
        TestModels.write(input, TestModels.millionParameterModel(9), FloatEncoding.F32);
        String before = Digests.sha256Hex(input);
        Path output = dir.resolve("out").resolve("big-wm.safetensors");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                EmbedSlowly.class.getName(), input.toString(), output.toString()).redirectErrorStream(true).start();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null && !line.equals("MID-WRITE")) {
                System.out.println("child: " + line);
            }
            assertEquals("MID-WRITE", line, "the child reached the middle of the write");
            child.destroyForcibly(); // SIGKILL: no finally blocks, no shutdown hooks
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        assertFalse(Files.exists(output), "no output after the process was killed mid-write");
        assertEquals(before, Digests.sha256Hex(input), "input untouched");
        try (Stream<Path> left = Files.list(output.getParent())) {
            // Only a hidden temporary file may remain; it never has the output's name.
            assertTrue(left.allMatch(p -> p.getFileName().toString().startsWith(".big-wm.safetensors.")
                    && p.getFileName().toString().endsWith(".tmp")));
        }
    }
}
