package dev.aigate.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watermark, signing and keygen commands: exit codes, permissions, and the key never printed or reported. */
class ModelCommandsTest {
    static final Path DIGITS = Path.of("..", "fixtures", "digits");

    @TempDir
    Path dir;
    String out;
    String err;

    private int run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = AigateCommand.execute(args, new PrintWriter(o, true), new PrintWriter(e, true));
        out = o.toString();
        err = e.toString();
        return code;
    }

    @Test
    void keygenWritesPemPairWithPrivateKey600() throws IOException {
        assertEquals(0, run("keygen", "-o", dir.resolve("release").toString()), err);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                dir.resolve("release.key"))));
        assertTrue(Files.readString(dir.resolve("release.pub")).startsWith("-----BEGIN PUBLIC KEY-----"));
        assertEquals(2, run("keygen", "-o", dir.resolve("release").toString()), "refuses to overwrite");
        assertEquals(0, run("keygen", "--watermark", "-o", dir.resolve("wm.key").toString()), err);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("wm.key"))));
    }

    @Test
    void watermarkEmbedAndVerifyWithoutAPolicy() throws IOException {
        assertEquals(0, run("keygen", "--watermark", "-o", dir.resolve("wm.key").toString()));
        String key = Files.readString(dir.resolve("wm.key")).trim();
        String in = DIGITS.resolve("digits-mlp.safetensors").toString();
        String wm = dir.resolve("wm.safetensors").toString();
        String[] scheme = {"--key-file", dir.resolve("wm.key").toString(), "--payload", "00c0ffee00000001",
            "--min-elements", "512"};
        assertEquals(0, run(concat(new String[] {"watermark", "embed", "--in", in, "--out", wm}, scheme)), err);
        assertTrue(out.contains("watermarked"), out);
        String reports = dir.resolve("reports").toString();
        assertEquals(0, run(concat(new String[] {"watermark", "verify", "--model", wm, "--report-dir", reports},
                scheme)), err);
        assertTrue(out.contains("verdict PASS"), out);
        assertTrue(Files.exists(dir.resolve("reports/aigate-report.json")), "a file's verification is reported too");
        assertFalse(out.contains(key) || err.contains(key), "the key is never printed");
        assertEquals(1, run(concat(new String[] {"watermark", "verify-file", "--model", in, "--report-dir", reports},
                scheme)));
        assertTrue(out.contains("no watermark detected") && out.contains("verdict FAIL"), out);
        assertEquals(2, run(concat(new String[] {"watermark", "embed", "--in", in, "--out", in}, scheme)));
        assertTrue(err.contains("the output path is the input model"), err);
        assertEquals(2, run("watermark", "verify-file", "--model", wm, "--key-file",
                dir.resolve("none.key").toString(), "--payload", "00", "--report-dir", reports));
        // A judging action reports its ERROR like the gate does: in the summary and the report set.
        assertTrue(out.contains("none.key") && out.contains("not found") && out.contains("verdict ERROR"), out);
    }

    @Test
    void watermarkEmbedRefusesAWeakMarkAndAnExistingOutput() throws IOException {
        assertEquals(0, run("keygen", "--watermark", "-o", dir.resolve("wm.key").toString()));
        Path source = dir.resolve("digits-mlp.onnx");
        Files.copy(DIGITS.resolve("digits-mlp.onnx"), source);
        Files.setPosixFilePermissions(source, PosixFilePermissions.fromString("rw-r--r--"));
        String in = source.toString();
        Path wm = dir.resolve("wm.onnx");
        String[] scheme = {"--key-file", dir.resolve("wm.key").toString(), "--payload", "00c0ffee00000001",
            "--min-elements", "512", "--in", in, "--out", wm.toString()};
        assertEquals(2, run(concat(new String[] {"watermark", "embed", "--strength", "0.1"}, scheme)));
        assertTrue(err.contains("too weak to detect") && err.contains("raise 'strength' to"), err);
        assertFalse(Files.exists(wm), "nothing is written");
        assertEquals(0, run(concat(new String[] {"watermark", "embed"}, scheme)), err);
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(wm)),
                "the input's permissions, not 600");
        byte[] first = Files.readAllBytes(wm);
        assertEquals(2, run(concat(new String[] {"watermark", "embed", "--strength", "0.3"}, scheme)));
        assertTrue(err.contains("exists already") && err.contains("--force"), err);
        assertArrayEquals(first, Files.readAllBytes(wm));
        assertEquals(0, run(concat(new String[] {"watermark", "embed", "--strength", "0.3", "--force"}, scheme)),
                err);
        assertFalse(java.util.Arrays.equals(first, Files.readAllBytes(wm)), "replaced with --force");
    }

    @Test
    void watermarkVerifyOfAFileHonoursFormatAndReportDir() throws IOException {
        assertEquals(0, run("keygen", "--watermark", "-o", dir.resolve("wm.key").toString()));
        String[] scheme = {"--key-file", dir.resolve("wm.key").toString(), "--payload", "00c0ffee00000001",
            "--min-elements", "512"};
        String wm = dir.resolve("wm.onnx").toString();
        assertEquals(0, run(concat(new String[] {"watermark", "embed", "--in", DIGITS.resolve("digits-mlp.onnx")
            .toString(), "--out", wm}, scheme)), err);
        Path reports = dir.resolve("reports");
        assertEquals(0, run(concat(new String[] {"watermark", "verify", "--model", wm, "--format", "json",
            "--report-dir", reports.toString()}, scheme)), err);
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(out);
        assertEquals("PASS", json.get("verdict").asText(), out);
        assertEquals("wm.onnx", json.at("/checks/0/metrics/models/0/path").asText().replaceAll(".*/", ""));
        for (String report : new String[] {"aigate-report.json", "aigate-report.html", "aigate-junit.xml",
            "aigate-report.sarif", "aigate-summary.md"}) {
            assertTrue(Files.isRegularFile(reports.resolve(report)), report);
        }
    }

    @Test
    void watermarkAndSignatureThroughThePolicy() throws IOException {
        assertEquals(0, run("keygen", "--watermark", "-o", dir.resolve("wm.key").toString()));
        assertEquals(0, run("keygen", "-o", dir.resolve("release").toString()));
        String key = Files.readString(dir.resolve("wm.key")).trim();
        Files.createDirectories(dir.resolve("src"));
        Files.copy(DIGITS.resolve("digits-mlp.onnx"), dir.resolve("src/digits-mlp.onnx"));
        Files.writeString(dir.resolve("aigate.yml"), "version: 1\n"
                + "watermark:\n  keyFile: wm.key\n  payload: \"00c0ffee00000001\"\n  minElements: 512\n"
                + "  models:\n    - source: src/digits-mlp.onnx\n      path: release/digits-mlp.onnx\n"
                + "signature:\n  path: release\n  publicKeys: [release.pub]\n  keyFile: release.key\n");
        String policy = dir.resolve("aigate.yml").toString();
        String reports = dir.resolve("reports").toString();
        assertEquals(0, run("watermark", "embed", "--policy", policy), err);
        assertEquals(0, run("sign", "--policy", policy), err);
        assertEquals(0, run("watermark", "verify", "--policy", policy, "--report-dir", reports), out + err);
        assertEquals(0, run("verify-signature", "--policy", policy, "--report-dir", reports), out + err);
        assertEquals(0, run("gate", "--policy", policy, "--report-dir", reports), out + err);
        Files.writeString(dir.resolve("release/extra.txt"), "x");
        assertEquals(1, run("verify-signature", "--policy", policy, "--report-dir", reports));
        assertTrue(out.contains("release/extra.txt"), out);
        try (Stream<Path> files = Files.walk(dir.resolve("reports"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertFalse(Files.readString(file).contains(key), file + " holds the key");
            }
        }
        assertFalse(out.contains(key) || err.contains(key));
    }

    private static String[] concat(String[] a, String[] b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }
}
