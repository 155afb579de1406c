package dev.aigate.checks.datasets;

import dev.aigate.checks.datasets.source.DatasetSource;
import dev.aigate.checks.datasets.source.LocalDatasetSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Lists the files of a dataset directory that its include/exclude globs select, through {@link LocalDatasetSource}. */
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
        for (DatasetSource.StoredObject object : new LocalDatasetSource(root, root.toString(), include, exclude, skip)
                .list(MAX_FILES)) {
            files.add(new ScannedFile(object.relative(), root.resolve(object.relative()), object.size()));
        }
        files.sort((a, b) -> DatasetDigest.comparePaths(a.relative(), b.relative()));
        return files;
    }
}
