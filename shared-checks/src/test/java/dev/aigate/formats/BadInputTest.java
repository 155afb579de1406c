package dev.aigate.formats;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.checks.watermark.WatermarkKey;
import dev.aigate.core.GateException;
import dev.aigate.core.InputException;
import dev.aigate.core.keys.KeySource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every malformed input is an error that names the file and the problem. */
class BadInputTest {
    static final Path DIGITS = Path.of("..", "fixtures", "digits");

    @TempDir
    Path dir;

    private Path safetensors(String name, long headerLength, byte[] header, int dataBytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(headerLength).put(header);
        Path file = dir.resolve(name + ".safetensors");
        Files.write(file, buffer.array());
        return file;
    }

    private Path safetensors(String name, String header, int dataBytes) throws IOException {
        byte[] bytes = header.getBytes(StandardCharsets.UTF_8);
        return safetensors(name, bytes.length, bytes, dataBytes);
    }

    private static void assertError(Path file, String expected) {
        InputException e = assertThrows(InputException.class, () -> ModelFile.open(file));
        assertTrue(e.getMessage().contains(file.toString()), "names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(expected), "says '" + expected + "': " + e.getMessage());
    }

    @Test
    void truncatedFile() throws IOException {
        Path file = dir.resolve("short.safetensors");
        Files.write(file, new byte[] {1, 2, 3});
        assertError(file, "truncated SafeTensors file");
    }

    @Test
    void headerLongerThanFile() throws IOException {
        assertError(safetensors("long", 1000, "{}".getBytes(StandardCharsets.UTF_8), 0), "is larger than the");
    }

    @Test
    void headerLongerThanSaneBound() throws IOException {
        assertError(safetensors("huge", 1L << 40, "{}".getBytes(StandardCharsets.UTF_8), 0), "exceeds the limit");
        assertError(safetensors("negative", -5, "{}".getBytes(StandardCharsets.UTF_8), 0), "exceeds the limit");
    }

    @Test
    void overlappingOffsets() throws IOException {
        assertError(safetensors("overlap", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12), "overlap");
    }

    @Test
    void outOfRangeOffsets() throws IOException {
        assertError(safetensors("range", "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 8),
                "lie outside the data section");
        assertError(safetensors("reversed", "{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[8,4]}}", 8),
                "lie outside the data section");
    }

    @Test
    void unknownDtype() throws IOException {
        assertError(safetensors("dtype", "{\"a\":{\"dtype\":\"F33\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8),
                "unknown dtype 'F33'");
    }

    @Test
    void shapeDoesNotMatchByteLength() throws IOException {
        assertError(safetensors("shape", "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8),
                "needs 12 bytes but its data_offsets span 8");
    }

    @Test
    void duplicateTensorNames() throws IOException {
        assertError(safetensors("duplicate", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8), "duplicate");
    }

    @Test
    void invalidJson() throws IOException {
        assertError(safetensors("json", "{\"a\":{\"dtype\":\"F32\",", 0), "not valid JSON");
        assertError(safetensors("trailing", "{} x", 0), "not valid JSON");
    }

    @Test
    void invalidUtf8() throws IOException {
        byte[] header = "{\"a\u00ff\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}"
                .getBytes(StandardCharsets.ISO_8859_1);
        assertError(safetensors("utf8", header.length, header, 4), "not valid UTF-8");
    }

    @Test
    void onnxThatDoesNotParse() throws IOException {
        Path garbage = dir.resolve("garbage.onnx");
        Files.write(garbage, "this is not a protobuf message at all".getBytes(StandardCharsets.UTF_8));
        assertError(garbage, "not a valid ONNX model");
        byte[] model = Files.readAllBytes(DIGITS.resolve("digits-mlp.onnx"));
        Path truncated = dir.resolve("truncated.onnx");
        Files.write(truncated, java.util.Arrays.copyOf(model, model.length / 2));
        assertError(truncated, "not a valid ONNX model");
        Path empty = dir.resolve("empty.onnx");
        Files.write(empty, new byte[0]);
        assertError(empty, "empty");
    }

    @Test
    void onnxExternalDataLeavingTheModelDirectory() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("model"));
        Files.copy(DIGITS.resolve("external/digits-mlp-external.onnx.data"),
                sub.resolve("digits-mlp-external.onnx.data"));
        byte[] model = Files.readAllBytes(DIGITS.resolve("external/digits-mlp-external.onnx"));
        String location = "digits-mlp-external.onnx.data";
        for (String escape : new String[] {"../" + "x".repeat(location.length() - 3),
                "/" + "y".repeat(location.length() - 1)}) {
            byte[] patched = replaceAll(model, location, escape);
            Path file = sub.resolve("escape.onnx");
            Files.write(file, patched);
            assertError(file, "leaves the model directory");
        }
        // A symbolic link inside the directory that points outside it.
        Path outside = dir.resolve("outside.data");
        Files.copy(DIGITS.resolve("external/digits-mlp-external.onnx.data"), outside);
        String link = "l".repeat(location.length());
        Files.createSymbolicLink(sub.resolve(link), outside);
        Path file = sub.resolve("link.onnx");
        Files.write(file, replaceAll(model, location, link));
        assertError(file, "leaves the model directory");
        // And a missing data file.
        Path missing = sub.resolve("missing.onnx");
        Files.write(missing, replaceAll(model, location, "m".repeat(location.length())));
        assertError(missing, "does not exist");
    }

    static byte[] replaceAll(byte[] data, String from, String to) {
        byte[] a = from.getBytes(StandardCharsets.UTF_8);
        byte[] b = to.getBytes(StandardCharsets.UTF_8);
        byte[] out = data.clone();
        int count = 0;
        for (int i = 0; i + a.length <= out.length; i++) {
            if (java.util.Arrays.equals(out, i, i + a.length, a, 0, a.length)) {
                System.arraycopy(b, 0, out, i, b.length);
                count++;
            }
        }
        assertTrue(count > 0);
        return out;
    }

    @Test
    void missingMalformedOrUnreadableKey() throws IOException {
        Path missing = dir.resolve("missing.key");
        InputException e = assertThrows(InputException.class, () -> WatermarkKey.fromFile(missing));
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("not found"));
        Path malformed = dir.resolve("malformed.key");
        Files.writeString(malformed, "not-hex-secret-material-zz\n");
        e = assertThrows(InputException.class, () -> WatermarkKey.fromFile(malformed));
        assertTrue(e.getMessage().contains("malformed watermark key"), e.getMessage());
        assertTrue(!e.getMessage().contains("not-hex-secret"), "never echoes the key file's content");
        Path shortKey = dir.resolve("short.key");
        Files.writeString(shortKey, "abcd\n");
        assertThrows(InputException.class, () -> WatermarkKey.fromFile(shortKey));
        Path directory = Files.createDirectories(dir.resolve("dir.key"));
        e = assertThrows(InputException.class, () -> WatermarkKey.fromFile(directory));
        assertTrue(e.getMessage().contains(directory.toString()));
        KeySource variable = KeySource.variable("AIGATE_TEST_KEY");
        GateException env = assertThrows(GateException.class,
                () -> WatermarkKey.from(variable.read(dir, Map.of(), "watermark key")));
        assertTrue(env.getMessage().contains("AIGATE_TEST_KEY") && env.getMessage().contains("not set"));
        env = assertThrows(GateException.class, () -> WatermarkKey.from(variable.read(dir,
                Map.of("AIGATE_TEST_KEY", "secret-but-not-hex-0123456789abcdef"), "watermark key")));
        assertTrue(!env.getMessage().contains("secret-but-not-hex"));
        if (!"root".equals(System.getProperty("user.name"))) {
            Path unreadable = dir.resolve("unreadable.key");
            Files.writeString(unreadable, "00112233445566778899aabbccddeeff");
            Files.setPosixFilePermissions(unreadable, java.nio.file.attribute.PosixFilePermissions.fromString("---------"));
            e = assertThrows(InputException.class, () -> WatermarkKey.fromFile(unreadable));
            assertTrue(e.getMessage().contains("not readable"));
        }
    }
}
