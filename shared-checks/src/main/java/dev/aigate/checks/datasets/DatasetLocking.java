package dev.aigate.checks.datasets;

import dev.aigate.core.InputException;
import dev.aigate.core.ProgressListener;
import dev.aigate.core.ToolVersion;
import dev.aigate.core.files.ProjectRoot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the dataset lock file: the explicit action that records what the datasets are now. Verification never
 * writes it. The lock is deterministic (no timestamps), so re-locking unchanged data leaves it byte for byte equal.
 */
public final class DatasetLocking {
    private DatasetLocking() {
    }

    /** What was locked, for the adapter to print. */
    public record Summary(Path lockFile, List<Locked> datasets) {
        public long files() {
            return datasets.stream().mapToLong(Locked::files).sum();
        }

        public long bytes() {
            return datasets.stream().mapToLong(Locked::bytes).sum();
        }
    }

    /** One locked dataset and the required provenance fields it still lacks. */
    public record Locked(String name, long files, long bytes, String digest, List<String> missingProvenance) {
    }

    /** Hashes every dataset the section names and writes the lock file atomically. */
    public static Summary lock(DatasetsConfig config, ProjectRoot project, int threads, ProgressListener progress) {
        Path lockFile = lockFile(config, project);
        if (config.sets().isEmpty()) {
            return new Summary(lockFile, List.of()); // DVC-only: DVC writes its own files
        }
        List<DatasetLock.Entry> entries = new ArrayList<>();
        List<Locked> locked = new ArrayList<>();
        for (DatasetSpec spec : config.sets()) {
            List<DatasetLock.FileRecord> files = DatasetHashing.lock(project, spec, lockFile, threads, progress,
                    config.chunkBytes());
            long bytes = files.stream().mapToLong(DatasetLock.FileRecord::size).sum();
            String digest = DatasetDigest.of(files);
            entries.add(new DatasetLock.Entry(spec.name(), spec.path(), spec.include(), spec.exclude(),
                    spec.provenance().present(), files.size(), bytes, digest, files));
            List<String> missing = new ArrayList<>(config.requireProvenance());
            missing.removeAll(spec.provenance().present().keySet());
            locked.add(new Locked(spec.name(), files.size(), bytes, digest, missing));
        }
        try {
            LockFileIO.write(lockFile, new DatasetLock(DatasetLock.FORMAT_VERSION, "aigate " + ToolVersion.get(),
                    entries));
        } catch (IOException e) {
            throw new InputException(lockFile, "cannot write lock file: " + e.getMessage(), e);
        }
        return new Summary(lockFile, locked);
    }

    /** The lock file the policy names, inside the project even through symbolic links. */
    static Path lockFile(DatasetsConfig config, ProjectRoot project) {
        return project.resolve(config.lockFile(), "datasets lockFile");
    }
}
