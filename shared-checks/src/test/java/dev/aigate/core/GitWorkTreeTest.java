package dev.aigate.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A report records whether the work tree had uncommitted changes; the index is read, git never run by aigate. */
class GitWorkTreeTest {
    @TempDir
    Path dir;

    private void git(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-c", "user.name=t", "-c", "user.email=t@t",
                "-c", "commit.gpgsign=false"));
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("git is not installed; the test makes its repositories with it");
            return;
        }
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
    }

    private Optional<Boolean> dirty() {
        return GitWorkTree.dirty(dir.resolve(".git"));
    }

    @Test
    void cleanModifiedDeletedAndRestoredTreesForEveryIndexVersion() throws Exception {
        for (String version : List.of("2", "3", "4")) {
            for (Path p : Files.list(dir).toList()) {
                if (!p.getFileName().toString().equals(".git")) {
                    Files.walk(p).sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
            if (Files.exists(dir.resolve(".git"))) {
                Files.walk(dir.resolve(".git")).sorted(java.util.Comparator.reverseOrder())
                        .forEach(f -> f.toFile().delete());
            }
            git("init", "-q");
            Files.createDirectories(dir.resolve("data/nested"));
            Files.writeString(dir.resolve("aigate.yml"), "version: 1\n");
            Files.writeString(dir.resolve("data/nested/train.csv"), "x,label\n1,0\n");
            Files.writeString(dir.resolve("data/nested/test.csv"), "x,label\n2,1\n");
            git("add", ".");
            git("commit", "-q", "-m", "init");
            git("update-index", "--index-version", version);
            assertEquals(Optional.of(false), dirty(), "clean, index version " + version);

            Files.writeString(dir.resolve("untracked.txt"), "not in git");
            assertEquals(Optional.of(false), dirty(), "untracked files do not count");

            Files.writeString(dir.resolve("data/nested/train.csv"), "x,label\n1,1\n"); // same size, new content
            assertEquals(Optional.of(true), dirty(), "modified, index version " + version);
            Files.writeString(dir.resolve("data/nested/train.csv"), "x,label\n1,0\n"); // back, but a new mtime
            assertEquals(Optional.of(false), dirty(), "content as committed is clean whatever its mtime");
            Files.delete(dir.resolve("data/nested/test.csv"));
            assertEquals(Optional.of(true), dirty(), "deleted, index version " + version);
        }
    }

    @Test
    void theReportRecordsIt() throws Exception {
        git("init", "-q");
        Files.writeString(dir.resolve("aigate.yml"), "version: 1\n");
        git("add", ".");
        git("commit", "-q", "-m", "init");
        Files.writeString(dir.resolve("aigate.yml"), "version: 1\nfailOn: low\n");
        assertEquals("true", RunContext.detect(dir.resolve("aigate.yml"), Map.of()).get("dirty"));
    }

    @Test
    void aGarbledOrForeignIndexGivesNoAnswerRatherThanAWrongOne() throws IOException {
        Files.createDirectories(dir.resolve(".git"));
        Files.write(dir.resolve(".git/index"), new byte[] {'D', 'I', 'R', 'C', 0, 0, 0, 9, 0, 0, 0, 1});
        assertEquals(Optional.empty(), dirty());
        Files.write(dir.resolve(".git/index"), new byte[] {'D', 'I', 'R', 'C', 0, 0, 0, 2, 0x7f, 0, 0, 1});
        assertEquals(Optional.empty(), dirty());
        byte[] truncated = new byte[80];
        System.arraycopy(new byte[] {'D', 'I', 'R', 'C', 0, 0, 0, 2, 0, 0, 0, 1}, 0, truncated, 0, 12);
        assertTrue(dirty().isEmpty() || dirty().get(), "a garbled entry is never read as clean");
    }
}
