package dev.aigate.checks.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.core.CheckResult;
import dev.aigate.core.CheckStatus;
import dev.aigate.core.InputDigest;
import dev.aigate.core.io.Digests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX external data is judged like the model: it must lie in the model's folder (never '../', an absolute path or a
 * symbolic link out), and its bytes are among the report's input digests, so a changed weight file shows.
 */
class ExternalDataTest {
    private static final String LOCATION = "digits-mlp-external.onnx.data";
    private static final String SECTION = """
              model: model/m.onnx
              data: {csv: data/digits-test.csv, label: label}
              maxSamples: 50
              attacks: {fgsm: {}}
            """;

    @TempDir
    Path dir;

    @Test
    void externalDataInTheModelFolderIsRecordedAmongTheInputs() throws IOException {
        Path policy = project(LOCATION);
        Path data = dir.resolve("model").resolve(LOCATION);
        Files.copy(Fixtures.DIGITS.resolve("external").resolve(LOCATION), data);
        CheckResult check = Fixtures.check(Fixtures.run(policy, 1));
        assertTrue(check.status() != CheckStatus.ERROR, () -> "error: " + check.error());
        InputDigest external = check.inputs().stream().filter(i -> i.kind().equals("model-external-data"))
                .findFirst().orElseThrow(() -> new AssertionError("no external data input in " + check.inputs()));
        assertEquals("model/" + LOCATION, external.path());
        assertEquals(Digests.sha256Hex(data), external.sha256());
    }

    @Test
    void externalDataOutsideTheModelFolderIsAnError() throws IOException {
        String name = "w".repeat(LOCATION.length() - "../x/.data".length()) + ".data";
        Path outside = Files.createDirectories(dir.resolve("x"));
        Files.copy(Fixtures.DIGITS.resolve("external").resolve(LOCATION), outside.resolve(name));
        assertError(project("../x/" + name), "leaves the model directory");
    }

    @Test
    void externalDataThroughASymbolicLinkOutIsAnError() throws IOException {
        Path outside = Files.createDirectories(dir.resolve("elsewhere"));
        Files.copy(Fixtures.DIGITS.resolve("external").resolve(LOCATION), outside.resolve("w.data"));
        Path policy = project(LOCATION);
        Files.createSymbolicLink(dir.resolve("model").resolve(LOCATION), outside.resolve("w.data"));
        assertError(policy, "symbolic link");
    }

    @Test
    void anAbsoluteExternalDataPathIsAnError() throws IOException {
        String absolute = "/" + "a".repeat(LOCATION.length() - 1);
        assertError(project(absolute), "leaves the model directory");
    }

    private void assertError(Path policy, String expected) {
        CheckResult check = Fixtures.check(Fixtures.run(policy, 1));
        assertEquals(CheckStatus.ERROR, check.status(), () -> "status " + check.status());
        assertTrue(check.error().contains(expected), check.error());
        assertTrue(check.error().contains("m.onnx"), check.error());
    }

    /** The project with the external-data model whose location is {@code location} (the same length as the real one). */
    private Path project(String location) throws IOException {
        Path policy = Fixtures.project(dir, SECTION, "digits-test.csv");
        Path model = Files.createDirectories(dir.resolve("model")).resolve("m.onnx");
        byte[] bytes = Files.readAllBytes(Fixtures.DIGITS.resolve("external/digits-mlp-external.onnx"));
        Files.write(model, replace(bytes, LOCATION, location));
        return policy;
    }

    private static byte[] replace(byte[] data, String from, String to) {
        byte[] a = from.getBytes(StandardCharsets.UTF_8);
        byte[] b = to.getBytes(StandardCharsets.UTF_8);
        if (a.length != b.length) {
            throw new IllegalArgumentException("'" + to + "' must be as long as '" + from + "'");
        }
        byte[] out = data.clone();
        for (int i = 0; i + a.length <= out.length; i++) {
            if (java.util.Arrays.equals(out, i, i + a.length, a, 0, a.length)) {
                System.arraycopy(b, 0, out, i, b.length);
            }
        }
        return out;
    }
}
