package dev.aigate.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SafePaths, Digests and AtomicFiles. */
class IoTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"a.csv", "a/b/c.csv", "**/*.csv", "a..b", ".hidden", "x~"})
    void safeRelativePaths(String path) {
        assertEquals(Optional.empty(), SafePaths.problemWith(path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "..", "../a", "a/..", "a/../b", "/a", "~/a", "C:/a", "c:", "a\\b", "a//b", "./a",
        "a/./b", "a/", "a\u0000b", "a\nb"})
    void unsafeRelativePaths(String path) {
        assertTrue(SafePaths.problemWith(path).isPresent(), path);
        assertTrue(SafePaths.resolveInside(dir, path).isEmpty(), path);
    }

    @Test
    void overlongPathIsUnsafe() {
        assertTrue(SafePaths.problemWith("a".repeat(SafePaths.MAX_PATH_LENGTH + 1)).isPresent());
        assertTrue(SafePaths.problemWith(null).isPresent());
    }

    @Test
    void resolvesInsideAndRelativizesWithSlashes() {
        assertEquals(Optional.of(dir.toAbsolutePath().resolve("a/b.csv").normalize()),
                SafePaths.resolveInside(dir, "a/b.csv"));
        assertEquals("a/b/c.csv", SafePaths.relativize(dir, dir.resolve("a").resolve("b").resolve("c.csv")));
        assertEquals("../x", SafePaths.relativize(dir.resolve("d"), dir.resolve("x")));
    }

    @Test
    void sha256KnownAnswers() throws IOException {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                Digests.sha256Hex("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        Path file = Files.write(dir.resolve("abc"), "abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(Digests.sha256Hex("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
                Digests.sha256Hex(file));
        byte[] big = new byte[Digests.BUFFER_SIZE * 2 + 3];
        big[big.length - 1] = 1;
        assertEquals(Digests.sha256Hex(big), Digests.sha256Hex(Files.write(dir.resolve("big"), big)));
    }

    @Test
    void atomicWriteReplacesAndLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve("sub/out.txt");
        AtomicFiles.write(target, "one".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        AtomicFiles.write(target, "two".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("two", Files.readString(target));
        try (Stream<Path> files = Files.list(dir.resolve("sub"))) {
            assertEquals(List.of(target), files.toList());
        }
    }

    @Test
    void failedAtomicWriteKeepsTheOldContentAndLeavesNoTemporaryFile() throws IOException {
        Path target = Files.writeString(dir.resolve("out.txt"), "old");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write("partial".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertEquals("old", Files.readString(target));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(target), files.toList());
        }
        assertFalse(Files.exists(dir.resolve("sub")));
    }
}
