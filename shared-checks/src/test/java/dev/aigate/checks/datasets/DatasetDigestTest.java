package dev.aigate.checks.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.core.io.Digests;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DatasetDigestTest {
    private static final String SHA_EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final String SHA_ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    private static final String SHA_HELLO = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

    private static final List<DatasetLock.FileRecord> FILES = List.of(
            new DatasetLock.FileRecord("b.csv", 3, SHA_ABC),
            new DatasetLock.FileRecord("a/x.csv", 0, SHA_EMPTY),
            new DatasetLock.FileRecord("A.csv", 5, SHA_HELLO));

    @Test
    void matchesTheDocumentedDefinition() {
        // sha256 over "<sha256-hex> <size> <path>\n" per file, sorted by path in code point order.
        String lines = SHA_HELLO + " 5 A.csv\n" + SHA_EMPTY + " 0 a/x.csv\n" + SHA_ABC + " 3 b.csv\n";
        String expected = "sha256:" + Digests.sha256Hex(lines.getBytes(StandardCharsets.UTF_8));
        assertEquals(expected, DatasetDigest.of(FILES));
        // The same value computed with printf and sha256sum, so the definition is pinned, not just re-derived.
        assertEquals("sha256:c640639050c987838285964925a74df35d8d87cf480a57e8ba575d53ddbadbf3", expected);
    }

    @Test
    void emptyDatasetIsTheDigestOfNothing() {
        assertEquals("sha256:" + SHA_EMPTY, DatasetDigest.of(List.of()));
    }

    @Test
    void independentOfInputOrder() {
        List<DatasetLock.FileRecord> files = new ArrayList<>(FILES);
        for (int i = 0; i < 200; i++) {
            files.add(new DatasetLock.FileRecord("dir" + (i % 7) + "/file-" + i + ".csv", i,
                    Digests.sha256Hex(new byte[] {(byte) i})));
        }
        String digest = DatasetDigest.of(files);
        Random random = new Random(42);
        for (int round = 0; round < 10; round++) {
            Collections.shuffle(files, random);
            assertEquals(digest, DatasetDigest.of(files));
        }
        Collections.reverse(files);
        assertEquals(digest, DatasetDigest.of(files));
    }

    @Test
    void sortsByCodePointNotByUtf16() {
        // U+FB01 sorts before U+1F600 by code point, but after it in UTF-16 (a surrogate pair starts with 0xD83D).
        String ligature = "\uFB01.csv";
        String emoji = "\uD83D\uDE00.csv";
        assertTrue(ligature.compareTo(emoji) > 0, "UTF-16 order is the other way round");
        assertTrue(DatasetDigest.comparePaths(ligature, emoji) < 0);
        String a = "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb";
        String ab = "fb8e20fc2e4c3f248c60c39bd652f3c1347298bb977b8b4d5903b85055620603";
        List<DatasetLock.FileRecord> files = List.of(new DatasetLock.FileRecord(emoji, 2, ab),
                new DatasetLock.FileRecord(ligature, 1, a));
        assertEquals("sha256:b07667fe9a9ab6b001333b65b03290e10648af1519e67515900be8ef8abe75d6",
                DatasetDigest.of(files));
    }

    @Test
    void comparePathsIsAConsistentOrder() {
        assertEquals(0, DatasetDigest.comparePaths("a/b", "a/b"));
        assertTrue(DatasetDigest.comparePaths("a", "a/b") < 0, "a prefix sorts first");
        assertTrue(DatasetDigest.comparePaths("a/b", "a") > 0);
        assertTrue(DatasetDigest.comparePaths("a-b", "a/b") < 0, "'-' (0x2D) before '/' (0x2F)");
        assertTrue(DatasetDigest.comparePaths("Z", "a") < 0);
    }

    @Test
    void everyFieldCounts() {
        String digest = DatasetDigest.of(FILES);
        List<DatasetLock.FileRecord> renamed = new ArrayList<>(FILES);
        renamed.set(0, new DatasetLock.FileRecord("c.csv", 3, SHA_ABC));
        List<DatasetLock.FileRecord> resized = new ArrayList<>(FILES);
        resized.set(0, new DatasetLock.FileRecord("b.csv", 4, SHA_ABC));
        List<DatasetLock.FileRecord> rehashed = new ArrayList<>(FILES);
        rehashed.set(0, new DatasetLock.FileRecord("b.csv", 3, SHA_HELLO));
        assertNotEquals(digest, DatasetDigest.of(renamed));
        assertNotEquals(digest, DatasetDigest.of(resized));
        assertNotEquals(digest, DatasetDigest.of(rehashed));
        assertNotEquals(digest, DatasetDigest.of(FILES.subList(0, 2)));
    }
}
