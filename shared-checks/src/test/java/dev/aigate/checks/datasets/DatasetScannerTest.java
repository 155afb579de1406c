package dev.aigate.checks.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.aigate.core.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetScannerTest {
    /** Sorts after "skip.csv" by code point: a non-ASCII name, where the platform can encode file names. */
    private static final String ETE = java.nio.charset.Charset.forName(System.getProperty("sun.jnu.encoding",
            "UTF-8")).newEncoder().canEncode("\u00e9") ? "\u00e9t\u00e9.csv" : "zzz.csv";

    @TempDir
    Path dir;
    Path root;

    @BeforeEach
    void create() throws IOException {
        root = dir.resolve("ds");
        for (String name : List.of("top.csv", "top.json", "a/one.csv", "a/b/two.csv", "tmp/skip.csv", "Z.csv",
                ".hidden.csv", "tmp/" + ETE)) {
            Path file = root.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, name);
        }
    }

    private List<String> scan(List<String> include, List<String> exclude) {
        return DatasetScanner.scan(root, include, exclude, null).stream().map(DatasetScanner.ScannedFile::relative)
                .toList();
    }

    @Test
    void listsEverythingSortedByCodePoint() throws IOException {
        List<DatasetScanner.ScannedFile> files = DatasetScanner.scan(root, List.of("**"), List.of(), null);
        assertEquals(List.of(".hidden.csv", "Z.csv", "a/b/two.csv", "a/one.csv", "tmp/skip.csv",
                "tmp/" + ETE, "top.csv", "top.json"), files.stream().map(DatasetScanner.ScannedFile::relative)
                .toList());
        DatasetScanner.ScannedFile first = files.get(0);
        assertEquals(root.resolve(".hidden.csv"), first.path());
        assertEquals(Files.size(first.path()), first.size());
    }

    @Test
    void doubleStarSlashAlsoMatchesTheTopLevel() {
        assertEquals(List.of(".hidden.csv", "Z.csv", "a/b/two.csv", "a/one.csv", "tmp/skip.csv", "tmp/" + ETE,
                "top.csv"), scan(List.of("**/*.csv"), List.of()));
    }

    @Test
    void singleStarStaysInOneDirectory() {
        assertEquals(List.of("a/one.csv"), scan(List.of("a/*.csv"), List.of()));
    }

    @Test
    void excludeWins() {
        assertEquals(List.of("Z.csv", "top.csv"), scan(List.of("*.csv"), List.of(".*")));
        assertEquals(List.of("top.csv"), scan(List.of("**/*.csv"), List.of("tmp/**", ".*", "[A-Z]*", "a/**")));
        assertEquals(List.of("a/one.csv"), scan(List.of("a/**"), List.of("**/b/**")));
    }

    @Test
    void skipsTheGivenFile() {
        List<DatasetScanner.ScannedFile> files = DatasetScanner.scan(root, List.of("**"), List.of(),
                root.resolve("top.json"));
        assertTrue(files.stream().noneMatch(f -> f.relative().equals("top.json")));
        assertEquals(7, files.size());
    }

    @Test
    void missingRootIsAnError() {
        Path missing = dir.resolve("nope");
        InputException e = assertThrows(InputException.class,
                () -> DatasetScanner.scan(missing, List.of("**"), List.of(), null));
        assertEquals(missing + ": dataset directory not found", e.getMessage());
    }

    @Test
    void rootThatIsAFileIsAnError() {
        Path file = root.resolve("top.csv");
        InputException e = assertThrows(InputException.class,
                () -> DatasetScanner.scan(file, List.of("**"), List.of(), null));
        assertEquals(file + ": dataset path is not a directory", e.getMessage());
    }

    @Test
    void symlinkOutsideIsRejectedEvenWhenExcluded() throws IOException {
        assumeFalse(System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("windows"));
        Path outside = Files.writeString(dir.resolve("outside.csv"), "x");
        Path link = Files.createSymbolicLink(root.resolve("tmp/link.csv"), outside);
        InputException e = assertThrows(InputException.class,
                () -> DatasetScanner.scan(root, List.of("**"), List.of("tmp/**"), null));
        assertTrue(e.getMessage().startsWith(link + ": symbolic link leaves the dataset directory"), e.getMessage());
    }

    @Test
    void emptyDirectoryHasNoFiles() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertEquals(List.of(), DatasetScanner.scan(empty, List.of("**"), List.of(), null));
    }
}
