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

    /** How a file of the dataset is named in findings and reports: relative to the project, or its full URI. */
    static String subject(ProjectRoot project, DatasetSpec spec, String relative) {
        if (spec.remote()) {
            String location = spec.path().endsWith("/") ? spec.path() : spec.path() + "/";
            return relative == null ? spec.path() : location + relative;
        }
        Path root = root(project, spec);
        return dev.aigate.core.io.SafePaths.relativize(project.dir(), relative == null ? root
                : root.resolve(relative));
    }

    /** @param locked the dataset's lock entry when verifying (an object store may then trust its own checksums) */
    static RemoteDatasetHashing.Hashed hash(ProjectRoot project, DatasetSpec spec, Path lockFile, int threads,
            ProgressListener progress, DatasetLock.Entry locked) {
        if (spec.remote()) {
            return RemoteDatasetHashing.hash(spec, threads, progress == null ? ProgressListener.NONE : progress,
                    locked);
        }
        return new RemoteDatasetHashing.Hashed(hash(project, spec, lockFile, threads, progress), 0);
    }

    static List<DatasetLock.FileRecord> hash(ProjectRoot project, DatasetSpec spec, Path lockFile, int threads,
            ProgressListener progress) {
        if (spec.remote()) {
            return hash(project, spec, lockFile, threads, progress, null).files();
        }
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
