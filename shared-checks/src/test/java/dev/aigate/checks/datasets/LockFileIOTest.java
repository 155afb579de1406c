package dev.aigate.checks.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigate.core.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LockFileIOTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SHA_A = "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb";
    private static final String SHA_AB = "fb8e20fc2e4c3f248c60c39bd652f3c1347298bb977b8b4d5903b85055620603";

    @TempDir
    Path dir;

    static DatasetLock sample() {
        List<DatasetLock.FileRecord> files = List.of(new DatasetLock.FileRecord("a.csv", 1, SHA_A),
                new DatasetLock.FileRecord("sub/b.csv", 2, SHA_AB));
        DatasetLock.Entry entry = new DatasetLock.Entry("train", "data/train", List.of("**"), List.of("tmp/**"),
                Map.of("source", "https://example.org", "license", "CC-BY-4.0"), 2, 3, DatasetDigest.of(files),
                files);
        return new DatasetLock(DatasetLock.FORMAT_VERSION_WITHOUT_CHUNKS, "aigate test", List.of(entry));
    }

    /** A lock whose one large file has chunk digests: 10 bytes in chunks of 4. */
    static DatasetLock chunked() {
        List<DatasetLock.FileRecord> files = List.of(new DatasetLock.FileRecord("big.bin", 10, SHA_A,
                new DatasetLock.Chunks(4, List.of(SHA_A, SHA_AB, SHA_A))));
        DatasetLock.Entry entry = new DatasetLock.Entry("train", "data/train", List.of("**"), List.of(), Map.of(), 1,
                10, DatasetDigest.of(files), files);
        return new DatasetLock(DatasetLock.FORMAT_VERSION, "aigate test", List.of(entry));
    }

    @Test
    void chunkDigestsRoundTripInFormatVersion2() throws IOException {
        Path file = dir.resolve("chunked.json");
        LockFileIO.write(file, chunked());
        assertEquals(chunked(), LockFileIO.read(file));
        String text = Files.readString(file);
        assertTrue(text.contains("\"formatVersion\" : 2,"), text);
        assertTrue(text.contains("\"chunkBytes\" : 4,"), text);
    }

    static Stream<Arguments> chunkCorruptions() {
        return Stream.of(
                Arguments.of("a chunk dropped", (java.util.function.UnaryOperator<String>) t -> t.replaceFirst(
                        "\"" + SHA_AB + "\", ", ""), "needs 3 chunk digests but lists 2"),
                Arguments.of("chunk size changed", (java.util.function.UnaryOperator<String>) t -> t.replace(
                        "\"chunkBytes\" : 4", "\"chunkBytes\" : 5"), "needs 2 chunk digests but lists 3"),
                Arguments.of("chunk size removed", (java.util.function.UnaryOperator<String>) t -> t.replace(
                        "\"chunkBytes\" : 4,", ""), "needs both 'chunkBytes' and 'chunks'"),
                Arguments.of("chunk size zero", (java.util.function.UnaryOperator<String>) t -> t.replace(
                        "\"chunkBytes\" : 4", "\"chunkBytes\" : 0"), "out of range"),
                Arguments.of("malformed chunk digest", (java.util.function.UnaryOperator<String>) t -> t.replaceFirst(
                        SHA_AB, "xyz"), "not 64 lowercase hex"));
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("chunkCorruptions")
    void corruptChunkDigestsAreErrorsNamingTheLock(String name, java.util.function.UnaryOperator<String> edit,
            String fragment) throws IOException {
        Path file = dir.resolve("chunked.json");
        LockFileIO.write(file, chunked());
        Files.writeString(file, edit.apply(Files.readString(file)));
        InputException e = assertThrows(InputException.class, () -> LockFileIO.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()) && e.getMessage().contains(fragment), e.getMessage());
    }

    private Path writeSample() throws IOException {
        Path file = dir.resolve("lock.json");
        LockFileIO.write(file, sample());
        return file;
    }

    @Test
    void roundTrips() throws IOException {
        Path file = writeSample();
        assertEquals(sample(), LockFileIO.read(file));
        String text = Files.readString(file);
        assertTrue(text.startsWith("{\n  \"format\" : \"aigate-dataset-lock\",\n  \"formatVersion\" : 1,"), text);
        assertTrue(text.endsWith("}\n"), text);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file left behind");
        }
    }

    @Test
    void objectVersionsAndStoreChecksumsRoundTripAndAreLeftOutWhenAbsent() throws IOException {
        List<DatasetLock.FileRecord> files = List.of(new DatasetLock.FileRecord("a.csv", 1, SHA_A, null, "v-1", SHA_A),
                new DatasetLock.FileRecord("b.csv", 2, SHA_AB));
        DatasetLock lock = new DatasetLock(DatasetLock.FORMAT_VERSION, "aigate test", List.of(new DatasetLock.Entry(
                "objects", "s3://bucket/prefix", List.of("**"), List.of(), Map.of(), 2, 3, DatasetDigest.of(files),
                files)));
        Path file = dir.resolve("lock.json");
        LockFileIO.write(file, lock);
        assertEquals(lock, LockFileIO.read(file));
        String text = Files.readString(file);
        assertEquals(1, text.split("versionId", -1).length - 1, text);
        assertEquals(1, text.split("storeSha256", -1).length - 1, text);
    }

    @Test
    void writingTwiceGivesTheSameBytes() throws IOException {
        Path file = writeSample();
        byte[] first = Files.readAllBytes(file);
        LockFileIO.write(file, sample());
        assertEquals(new String(first, java.nio.charset.StandardCharsets.UTF_8), Files.readString(file));
    }

    @Test
    void missingLockFile() {
        Path file = dir.resolve("none.json");
        InputException e = assertThrows(InputException.class, () -> LockFileIO.read(file));
        assertTrue(e.getMessage().startsWith(file + ": dataset lock file not found"), e.getMessage());
    }

    static Stream<Arguments> corruptions() {
        return Stream.of(
                text("empty file", t -> "", "truncated"),
                text("cut in half", t -> t.substring(0, t.length() / 2), "truncated"),
                text("not JSON", t -> "format: aigate-dataset-lock\n", "malformed"),
                text("trailing content", t -> t + "{}", "after the lock object"),
                tree("not an object", root -> { }, "must be a JSON object", true),
                tree("unknown top-level field", root -> root.put("extra", 1), "unknown field 'extra'", false),
                tree("wrong format", root -> root.put("format", "something-else"), "not an aigate dataset lock",
                        false),
                tree("missing formatVersion", root -> root.remove("formatVersion"), "missing 'formatVersion'", false),
                tree("newer formatVersion", root -> root.put("formatVersion", 3), "format version 3", false),
                tree("formatVersion 0", root -> root.put("formatVersion", 0), "out of range", false),
                tree("formatVersion as text", root -> root.put("formatVersion", "1"), "whole number", false),
                tree("missing datasets", root -> root.remove("datasets"), "missing 'datasets'", false),
                tree("unknown dataset field", root -> entry(root).put("owner", "x"), "unknown field 'owner'", false),
                tree("unknown provenance field", root -> ((ObjectNode) entry(root).get("provenance")).put("owner",
                        "x"), "unknown provenance field 'owner'", false),
                tree("unknown file field", root -> file(root, 0).put("mode", 644), "unknown field 'mode'", false),
                tree("file path with ..", root -> file(root, 0).put("path", "../a.csv"), "'../a.csv'", false),
                tree("absolute file path", root -> file(root, 0).put("path", "/etc/passwd"), "absolute", false),
                tree("backslash file path", root -> file(root, 0).put("path", "sub\\b.csv"), "backslash", false),
                tree("include with ..", root -> ((ArrayNode) entry(root).get("include")).add("../**"),
                        "include pattern '../**'", false),
                tree("uppercase sha256", root -> file(root, 0).put("sha256", SHA_A.toUpperCase()), "malformed sha256",
                        false),
                tree("short sha256", root -> file(root, 0).put("sha256", "abc"), "malformed sha256", false),
                tree("negative size", root -> file(root, 0).put("size", -1), "out of range", false),
                tree("duplicate file", root -> file(root, 1).put("path", "a.csv"), "appears twice", false),
                tree("file count mismatch", root -> entry(root).put("fileCount", 3), "fileCount 3", false),
                tree("total bytes mismatch", root -> entry(root).put("totalBytes", 4), "totalBytes 4", false),
                tree("edited file digest", root -> file(root, 0).put("sha256", SHA_AB), "digest does not match",
                        false),
                tree("malformed dataset digest", root -> entry(root).put("digest", "md5:x"), "is not 'sha256:'",
                        false),
                tree("missing files", root -> entry(root).remove("files"), "lacks", false),
                tree("duplicate dataset", root -> ((ArrayNode) root.get("datasets")).add(entry(root).deepCopy()),
                        "dataset 'train' appears twice", false),
                tree("malformed storeSha256", root -> file(root, 0).put("storeSha256", "abc"),
                        "malformed storeSha256", false),
                tree("storeSha256 not the sha256", root -> file(root, 0).put("storeSha256", SHA_AB),
                        "storeSha256 that differs", false),
                tree("empty versionId", root -> file(root, 0).put("versionId", ""), "malformed versionId", false),
                tree("versionId with a line break", root -> file(root, 0).put("versionId", "v1\nv2"),
                        "malformed versionId", false));
    }

    private static Arguments text(String name, java.util.function.UnaryOperator<String> edit, String fragment) {
        return Arguments.of(name, edit, fragment);
    }

    private static Arguments tree(String name, Consumer<ObjectNode> edit, String fragment, boolean asArray) {
        java.util.function.UnaryOperator<String> op = t -> {
            try {
                ObjectNode root = (ObjectNode) JSON.readTree(t);
                edit.accept(root);
                JsonNode out = asArray ? JSON.createArrayNode().add(root) : root;
                return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(out);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        };
        return Arguments.of(name, op, fragment);
    }

    private static ObjectNode entry(ObjectNode root) {
        return (ObjectNode) root.get("datasets").get(0);
    }

    private static ObjectNode file(ObjectNode root, int index) {
        return (ObjectNode) entry(root).get("files").get(index);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptions")
    void corruptLockIsAnInputErrorNamingTheFile(String name, java.util.function.UnaryOperator<String> edit,
            String fragment) throws IOException {
        Path file = writeSample();
        Files.writeString(file, edit.apply(Files.readString(file)));
        InputException e = assertThrows(InputException.class, () -> LockFileIO.read(file));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), () -> "expected '" + fragment + "' in: " + e.getMessage());
    }
}
