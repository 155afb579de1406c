package dev.aigate.core.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.checks.signature.ModelManifest;
import dev.aigate.core.InputException;
import dev.aigate.core.PolicyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** One glob dialect and one set of file rules, the same for datasets, signing and project files. */
class FileSetTest {
    @TempDir
    Path dir;

    private List<String> names(FileSet set) {
        return set.list().stream().map(FileSet.Entry::relative).sorted().toList();
    }

    @Test
    void oneGlobDialect() {
        Glob csv = Glob.of("**/*.csv");
        assertTrue(csv.matches("top.csv"), "**/ also matches the top level");
        assertTrue(csv.matches("a/b/c.csv"));
        assertFalse(Glob.of("a/*.csv").matches("a/b/c.csv"), "* stays within a segment");
        assertTrue(Glob.of("data/raw/**").matches("data/raw/x/y.bin"));
        assertTrue(Glob.of("{a,b}/x").matches("b/x"));
        assertThrows(PolicyException.class, () -> Glob.of("[unclosed"));
        assertThrows(PolicyException.class, () -> Glob.of(" "));
    }

    @Test
    void linksInsideTheRootAreFollowedLinksOutAreErrors() throws IOException {
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.writeString(root.resolve("a.bin"), "a");
        Files.createDirectories(root.resolve("sub"));
        Files.createSymbolicLink(root.resolve("sub/link.bin"), root.resolve("a.bin"));
        assertEquals(List.of("a.bin", "sub/link.bin"), names(FileSet.under(root, "model directory")));

        Path outside = Files.writeString(dir.resolve("secret.txt"), "s");
        Files.createSymbolicLink(root.resolve("escape.bin"), outside);
        InputException e = assertThrows(InputException.class, () -> FileSet.under(root, "model directory").list());
        assertTrue(e.getMessage().contains("symbolic link leaves the model directory"), e.getMessage());
        // Even when the link would be excluded: where it points is checked before the globs.
        assertThrows(InputException.class, () -> FileSet.under(root, "model directory")
                .exclude(List.of(Glob.of("escape.bin"))).list());
    }

    @Test
    void eachFileComesWithTheIdentityOfWhatItNamesAndLoopsAndBrokenLinksAreErrors() throws IOException {
        Path root = Files.createDirectories(dir.resolve("ids"));
        Files.writeString(root.resolve("a.bin"), "a");
        Files.createDirectories(root.resolve("sub"));
        Files.createSymbolicLink(root.resolve("sub/link.bin"), root.resolve("a.bin"));
        Files.writeString(root.resolve("sub/lock.json"), "{}");
        List<FileSet.Entry> entries = FileSet.under(root, "dataset directory").skip(root.resolve("sub/lock.json"))
                .list().stream().sorted(java.util.Comparator.comparing(FileSet.Entry::relative)).toList();
        assertEquals(List.of("a.bin", "sub/link.bin"), entries.stream().map(FileSet.Entry::relative).toList());
        FileIdentity target = FileIdentity.of(root.resolve("a.bin"));
        if (target != null) { // POSIX: the listing's own stat, and a link's is its target's
            assertEquals(target, entries.get(0).identity());
            assertEquals(target, entries.get(1).identity());
        }

        Files.createSymbolicLink(root.resolve("sub/up"), root);
        InputException loop = assertThrows(InputException.class, () -> FileSet.under(root, "dataset directory")
                .list());
        assertTrue(loop.getMessage().contains("symbolic link loop"), loop.getMessage());
        Files.delete(root.resolve("sub/up"));

        Files.createSymbolicLink(root.resolve("broken.bin"), root.resolve("missing.bin"));
        InputException broken = assertThrows(InputException.class, () -> FileSet.under(root, "dataset directory")
                .list());
        assertTrue(broken.getMessage().contains("broken symbolic link"), broken.getMessage());
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void aFifoInASelectedFolderIsAnErrorNotSkippedNorOpened() throws Exception {
        Path root = Files.createDirectories(dir.resolve("model"));
        Files.writeString(root.resolve("weights.bin"), "w");
        if (new ProcessBuilder("mkfifo", root.resolve("pipe").toString()).start().waitFor() != 0) {
            return;
        }
        InputException e = assertThrows(InputException.class, () -> ModelManifest.collect(root, List.of(root),
                List.of(), List.of(), root.resolve("sig.json"), 2));
        assertTrue(e.getMessage().startsWith(root.resolve("pipe") + ": not a regular file"), e.getMessage());
    }

    @Test
    void pathsOutsideTheRootAreRefused() throws IOException {
        Path root = Files.createDirectories(dir.resolve("root"));
        FileSet set = FileSet.under(root, "signing root");
        assertThrows(InputException.class, () -> set.requireInside(dir.resolve("elsewhere/model.onnx")));
        Files.createSymbolicLink(root.resolve("out"), Files.createDirectories(dir.resolve("other")));
        InputException e = assertThrows(InputException.class, () -> set.requireInside(root.resolve("out/m.onnx")));
        assertTrue(e.getMessage().contains("leaves the signing root"), e.getMessage());
        assertEquals(root.resolve("fine/m.onnx"), set.requireInside(root.resolve("fine/m.onnx")));
    }

    @Test
    void countsAndVisitsAreBounded() throws IOException {
        Path root = Files.createDirectories(dir.resolve("many"));
        for (int i = 0; i < 5; i++) {
            Files.writeString(root.resolve("f" + i), "x");
        }
        assertThrows(InputException.class, () -> FileSet.under(root, "dataset directory").maxFiles(4).list());
        assertThrows(InputException.class, () -> FileSet.under(root, "dataset directory").maxVisited(3).list());
        Files.createDirectories(root.resolve(".git"));
        Files.writeString(root.resolve(".git/HEAD"), "ref");
        assertEquals(5, FileSet.under(root, "project directory").skipVersionControl().list().size());
    }
}
