package dev.aigate.checks.datasets;

import dev.aigate.core.files.FileIdentity;
import dev.aigate.core.files.FileSet;
import dev.aigate.checks.datasets.source.LocalDatasetSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Lists the files of a dataset directory that its include/exclude globs select, through {@link LocalDatasetSource}. */
public final class DatasetScanner {
    public static final int MAX_FILES = LockFileIO.MAX_FILES_PER_DATASET;

    private DatasetScanner() {
    }

    /**
     * A selected file: its path relative to the dataset root ('/' separated), its size when listed and its identity
     * from the same {@code stat} (null where the file system tells none), which the incremental cache compares.
     */
    public record ScannedFile(String relative, Path path, long size, FileIdentity identity) {
        public ScannedFile(String relative, Path path, long size) {
            this(relative, path, size, null);
        }
    }

    /** @param skip a file never to select (the lock file, when it lives inside the dataset) */
    public static List<ScannedFile> scan(Path root, List<String> include, List<String> exclude, Path skip) {
        List<ScannedFile> files = new ArrayList<>();
        for (FileSet.Entry entry : new LocalDatasetSource(root, root.toString(), include, exclude, skip)
                .files(MAX_FILES)) {
            files.add(new ScannedFile(entry.relative(), entry.path(), entry.size(), entry.identity()));
        }
        files.sort((a, b) -> DatasetDigest.comparePaths(a.relative(), b.relative()));
        return files;
    }
}
