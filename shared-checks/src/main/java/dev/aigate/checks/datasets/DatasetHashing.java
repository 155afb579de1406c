package dev.aigate.checks.datasets;

import dev.aigate.core.ProgressListener;
import dev.aigate.core.files.FileHasher;
import dev.aigate.core.files.ProjectRoot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Lists and hashes the files of one dataset: shared by locking and verification so both see the same files. */
final class DatasetHashing {
    private DatasetHashing() {
    }

    /** The dataset's directory, inside the project (or a root the policy widens it with) even through links. */
    static Path root(ProjectRoot project, DatasetSpec spec) {
        return project.resolve(spec.path(), "dataset '" + spec.name() + "' path");
    }

    static List<DatasetLock.FileRecord> hash(ProjectRoot project, DatasetSpec spec, Path lockFile, int threads,
            ProgressListener progress) {
        Path root = root(project, spec);
        List<DatasetScanner.ScannedFile> scanned = DatasetScanner.scan(root, spec.include(), spec.exclude(),
                lockFile);
        List<FileHasher.Job> jobs = new ArrayList<>(scanned.size());
        for (DatasetScanner.ScannedFile file : scanned) {
            jobs.add(new FileHasher.Job(file.relative(), file.path(), file.size()));
        }
        List<FileHasher.Result> results = new FileHasher(threads, progress)
                .hash("hashing dataset '" + spec.name() + "'", jobs);
        List<DatasetLock.FileRecord> records = new ArrayList<>(results.size());
        for (FileHasher.Result result : results) {
            records.add(new DatasetLock.FileRecord(result.name(), result.size(), result.sha256()));
        }
        return records;
    }
}
