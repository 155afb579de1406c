package dev.aigate.checks.watermark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.core.ActionRunner;
import dev.aigate.core.Gate;
import dev.aigate.core.InputException;
import dev.aigate.core.spi.ActionResult;
import dev.aigate.core.spi.CheckRegistry;
import dev.aigate.formats.ModelFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code watermark embed}: refuses a mark too weak to detect and existing outputs; outputs share the input's mode. */
class WatermarkEmbedActionTest {
    static final Path DIGITS = Path.of("..", "fixtures", "digits");

    @TempDir
    Path dir;
    Path in;

    @BeforeEach
    void setUp() throws IOException {
        Files.writeString(dir.resolve("wm.key"), HexFormat.of().formatHex(WatermarkRobustnessTest.KEY.material()));
        in = dir.resolve("digits-mlp.onnx");
        Files.copy(DIGITS.resolve("digits-mlp.onnx"), in);
    }

    private ActionResult embed(Path out, String... more) {
        Map<String, List<String>> options = new LinkedHashMap<>();
        options.put("in", List.of(in.toString()));
        options.put("out", List.of(out.toString()));
        options.put("keyFile", List.of(dir.resolve("wm.key").toString()));
        options.put("payload", List.of("00c0ffee5eed0001"));
        options.put("minElements", List.of("512"));
        for (int i = 0; i + 1 < more.length; i += 2) {
            options.put(more[i], List.of(more[i + 1]));
        }
        return new ActionRunner(new Gate(CheckRegistry.load(), Clock.systemUTC(), null), Map.of())
                .run("watermark", "embed", dir.resolve("aigate.yml"), options).result();
    }

    private List<String> files() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aMarkTooWeakToDetectIsRefusedNamingTheParameterToChange() throws IOException {
        Path out = dir.resolve("out/weak.onnx");
        InputException e = assertThrows(InputException.class, () -> embed(out, "strength", "0.1"));
        String message = e.getMessage();
        assertTrue(message.startsWith(in.toString()), message);
        assertTrue(message.contains("too weak to detect") && message.contains("but 6.44 is needed"), message);
        assertTrue(message.contains("raise 'strength' to 0.") && message.contains("nothing was written"), message);
        assertTrue(message.contains("'carriers' cannot help much") && message.contains("'minElements'"),
                "the digits MLP has only 4736 eligible weights, half of which already carry: " + message);
        assertFalse(Files.exists(out));
        try (Stream<Path> left = Files.list(dir.resolve("out"))) {
            assertEquals(List.of(), left.toList(), "no temporary file is left behind");
        }
        // The advised strength is enough.
        String advised = message.replaceAll("(?s).*raise 'strength' to ([0-9.]+) or more.*", "$1");
        ActionResult done = embed(out, "strength", advised);
        assertEquals(List.of(out), done.written());
        assertTrue(done.messages().get(0).text().contains("(required 6.44)"), done.messages().get(0).text());
    }

    @Test
    void aLowerConfidenceAcceptsAWeakerMark() {
        Path out = dir.resolve("weak.onnx");
        embed(out, "strength", "0.1", "maxFalsePositive", "1e-2");
        Detection d = Watermarking.detect(ModelFile.open(out), WatermarkRobustnessTest.KEY,
                new WatermarkParams(16384, 0.1, 512, List.of(), List.of(), 0.5), Payload.parse("00c0ffee5eed0001"));
        assertTrue(d.detected(1e-2) && !d.detected(1e-9), String.valueOf(d));
    }

    @Test
    void theFidelityGuardWithoutTheOnnxModuleIsAnErrorNamingIt() throws IOException {
        Files.writeString(dir.resolve("aigate.yml"), "version: 1\nwatermark:\n  keyFile: wm.key\n"
                + "  payload: \"00c0ffee5eed0001\"\n  minElements: 512\n"
                + "  fidelity: {data: {csv: test.csv, label: label}}\n"
                + "  models:\n    - source: digits-mlp.onnx\n      path: release/digits-mlp.onnx\n");
        dev.aigate.core.PolicyException e = assertThrows(dev.aigate.core.PolicyException.class, () ->
                new ActionRunner(new Gate(CheckRegistry.load(), Clock.systemUTC(), null), Map.of())
                        .run("watermark", "embed", dir.resolve("aigate.yml"), Map.of()));
        assertTrue(e.getMessage().contains("fidelity guard measures accuracy in ONNX Runtime, which is in"
                + " dev.aigate:aigate-checks-onnx, not on the class path"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("release")));
    }

    @Test
    void anExistingOutputIsReplacedOnlyWithForce() throws IOException {
        Path out = dir.resolve("released.onnx");
        Files.writeString(out, "an earlier release");
        InputException e = assertThrows(InputException.class, () -> embed(out));
        assertTrue(e.getMessage().startsWith(out.toString()) && e.getMessage().contains("exists already")
                && e.getMessage().contains("--force"), e.getMessage());
        assertEquals("an earlier release", Files.readString(out));
        assertEquals(List.of("digits-mlp.onnx", "released.onnx", "wm.key"), files());
        embed(out, "force", "true");
        assertEquals("aigate-ss", ModelFile.open(out).metadata().get(Watermarking.META_SCHEME));
    }

    @Test
    void outputsTakeTheInputsPermissions() throws IOException {
        Files.setPosixFilePermissions(in, PosixFilePermissions.fromString("rw-r-----"));
        Path out = dir.resolve("group.onnx");
        embed(out);
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
        Files.setPosixFilePermissions(in, PosixFilePermissions.fromString("rw-r--r--"));
        Path shared = dir.resolve("sub/shared.onnx");
        embed(shared);
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(shared)));
    }

    @Test
    void externalDataOutputsAreCheckedAndShareTheirInputsPermissions() throws IOException {
        Path external = dir.resolve("external");
        Files.createDirectories(external);
        try (Stream<Path> files = Files.list(DIGITS.resolve("external"))) {
            for (Path file : files.toList()) {
                Files.copy(file, external.resolve(file.getFileName()));
                Files.setPosixFilePermissions(external.resolve(file.getFileName()),
                        PosixFilePermissions.fromString("rw-rw-r--"));
            }
        }
        Path model;
        try (Stream<Path> files = Files.list(external)) {
            model = files.filter(p -> p.toString().endsWith(".onnx")).findFirst().orElseThrow();
        }
        in = model;
        Path outDir = dir.resolve("release");
        Path out = outDir.resolve(model.getFileName());
        List<Path> written = ModelFile.open(model).outputFiles(out);
        assertTrue(written.size() > 1, "the fixture has external data");
        Files.createDirectories(outDir);
        Files.writeString(written.get(1), "stale data");
        InputException e = assertThrows(InputException.class, () -> embed(out));
        assertTrue(e.getMessage().startsWith(written.get(1).toString()), e.getMessage());
        assertFalse(Files.exists(out));
        embed(out, "force", "true");
        for (Path file : written) {
            assertEquals("rw-rw-r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file.toString());
        }
    }
}
