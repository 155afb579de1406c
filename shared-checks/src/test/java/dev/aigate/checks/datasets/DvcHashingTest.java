package dev.aigate.checks.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** DVC's hash rules against values computed outside Java: the docs' worked example and the Python generator's. */
class DvcHashingTest {
    static final Path FIXTURES = Path.of("..", "fixtures", "dvc");
    static final int MIB = 1 << 20;

    private static String md5(byte[] bytes, DvcHashing.Rule rule) throws IOException {
        return DvcHashing.hash(new ByteArrayInputStream(bytes), rule).md5();
    }

    @Test
    void theDocsWorkedExampleIsWhatTheCodeComputes() throws IOException {
        String docs = Files.readString(Path.of("..", "docs", "datasets.md"));
        int example = docs.indexOf("### A worked example");
        assertTrue(example > 0, "docs/datasets.md has the worked example");
        String table = docs.substring(docs.indexOf("```text", example), docs.indexOf("```\n\n", docs.indexOf(
                "```text", example) + 3));
        byte[] a = "hi\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] b = {0, '\r', '\n'};
        String[] dvc2 = row(table, "a.txt");
        assertEquals(dvc2[0], md5(a, DvcHashing.Rule.MD5_DOS2UNIX));
        assertEquals(dvc2[1], md5(a, DvcHashing.Rule.MD5));
        String[] bin = row(table, "sub/b.bin");
        assertEquals(bin[0], md5(b, DvcHashing.Rule.MD5_DOS2UNIX));
        assertEquals(bin[1], md5(b, DvcHashing.Rule.MD5));
        String[] dir = row(table, "data/ex");
        assertEquals(dir[0], DvcHashing.dirHash(List.of(new DvcHashing.DirEntry("sub/b.bin", bin[0]),
                new DvcHashing.DirEntry("a.txt", dvc2[0]))));
        assertEquals(dir[1], DvcHashing.dirHash(List.of(new DvcHashing.DirEntry("a.txt", dvc2[1]),
                new DvcHashing.DirEntry("sub/b.bin", bin[1]))));
        // The listing printed in the docs' shell commands is the one the code writes.
        assertTrue(docs.contains(new String(DvcHashing.dirListing(List.of(new DvcHashing.DirEntry("a.txt", dvc2[0]),
                new DvcHashing.DirEntry("sub/b.bin", bin[0]))), StandardCharsets.US_ASCII)));
    }

    private static String[] row(String table, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\s+DVC 2 md5 (\\S+)\\s+DVC 3 md5 (\\S+)$")
                .matcher(table);
        assertTrue(m.find(), "row " + name + " in " + table);
        return new String[] {m.group(1), m.group(2)};
    }

    /** Files too large to commit, rebuilt from the generator's recipes; expected MD5s computed by Python. */
    @Test
    void largeAndBorderlineFilesHashAsThePythonRulesSay() throws IOException {
        JsonNode expected = new ObjectMapper().readTree(FIXTURES.resolve("hash-recipes.json").toFile());
        byte[] across = new byte[MIB - 1 + 2 + 30];
        Arrays.fill(across, 0, MIB - 1, (byte) 'a');
        across[MIB - 1] = '\r';
        across[MIB] = '\n';
        for (int i = 0; i < 10; i++) {
            System.arraycopy("b\r\n".getBytes(StandardCharsets.US_ASCII), 0, across, MIB + 1 + 3 * i, 3);
        }
        byte[] binaryHead = new byte[1 + 600];
        for (int i = 0; i < 200; i++) {
            System.arraycopy("x\r\n".getBytes(StandardCharsets.US_ASCII), 0, binaryHead, 1 + 3 * i, 3);
        }
        byte[] mostlyText = new byte[150 + 362 + 20];
        Arrays.fill(mostlyText, 0, 150, (byte) 0xff);
        Arrays.fill(mostlyText, 150, 512, (byte) 'y');
        for (int i = 0; i < 10; i++) {
            mostlyText[512 + 2 * i] = '\r';
            mostlyText[513 + 2 * i] = '\n';
        }
        check(expected.get("crlf-across-read-boundary"), across);
        check(expected.get("binary-head-text-tail"), binaryHead);
        check(expected.get("mostly-text-head"), mostlyText);
    }

    private static void check(JsonNode expected, byte[] data) throws IOException {
        assertEquals(expected.get("size").asLong(), data.length);
        assertEquals(expected.get("md5").asText(), md5(data, DvcHashing.Rule.MD5));
        assertEquals(expected.get("md5-dos2unix").asText(), md5(data, DvcHashing.Rule.MD5_DOS2UNIX));
        // The same through a stream that returns short reads: DVC's read boundaries are by offset, not by call.
        assertEquals(expected.get("md5-dos2unix").asText(), DvcHashing.hash(new Trickle(data),
                DvcHashing.Rule.MD5_DOS2UNIX).md5());
    }

    @Test
    void textDetectionFollowsDvc() {
        assertTrue(DvcHashing.isText(new byte[0], 0));
        assertFalse(DvcHashing.isText(new byte[] {'a', 0, 'b'}, 3));
        byte[] thirty = new byte[10];
        Arrays.fill(thirty, (byte) 'a');
        thirty[0] = (byte) 0x80;
        thirty[1] = (byte) 0x81;
        thirty[2] = (byte) 0x82;
        assertTrue(DvcHashing.isText(thirty, 10), "30% non-text is still text");
        thirty[3] = (byte) 0x83;
        assertFalse(DvcHashing.isText(thirty, 10), "40% non-text is binary");
    }

    @Test
    void listingJsonEscapesAsPython() {
        String listing = new String(DvcHashing.dirListing(List.of(new DvcHashing.DirEntry("z\"q\\\u007f\u00e9\ud83d\ude00",
                "0".repeat(32)), new DvcHashing.DirEntry("B", "1".repeat(32)), new DvcHashing.DirEntry("a", "2"
                .repeat(32)))), StandardCharsets.US_ASCII);
        // Python: json.dumps([...], sort_keys=True) with entries sorted by relpath ("B" < "a" < "z...").
        assertEquals("[{\"md5\": \"" + "1".repeat(32) + "\", \"relpath\": \"B\"}, {\"md5\": \"" + "2".repeat(32)
                + "\", \"relpath\": \"a\"}, {\"md5\": \"" + "0".repeat(32)
                + "\", \"relpath\": \"z\\\"q\\\\\\u007f\\u00e9\\ud83d\\ude00\"}]", listing);
    }

    /** Returns at most 7,001 bytes a call, so the hasher must fill its reads itself. */
    private static final class Trickle extends InputStream {
        private final ByteArrayInputStream in;

        Trickle(byte[] data) {
            in = new ByteArrayInputStream(data);
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return in.read(b, off, Math.min(len, 7001));
        }
    }
}
