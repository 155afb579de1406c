package dev.aigate.checks.datasets;

import dev.aigate.core.files.FileSet;
import dev.aigate.core.files.Glob;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Lists the files of a dataset directory that its include/exclude globs select, by the rules of {@link FileSet}. */
public final class DatasetScanner {
    public static final int MAX_FILES = LockFileIO.MAX_FILES_PER_DATASET;

    private DatasetScanner() {
    }

    /** A selected file: its path relative to the dataset root ('/' separated) and its size when listed. */
    public record ScannedFile(String relative, Path path, long size) {
    }

    /** @param skip a file never to select (the lock file, when it lives inside the dataset) */
    public static List<ScannedFile> scan(Path root, List<String> include, List<String> exclude, Path skip) {
        List<ScannedFile> files = new ArrayList<>();
        for (FileSet.Entry entry : FileSet.under(root, "dataset directory").include(Glob.all(include))
                .exclude(Glob.all(exclude)).skip(skip).maxFiles(MAX_FILES).list()) {
            files.add(new ScannedFile(entry.relative(), entry.path(), entry.size()));
        }
        files.sort((a, b) -> DatasetDigest.comparePaths(a.relative(), b.relative()));
        return files;
    }
}
