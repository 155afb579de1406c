package dev.aigate.checks.datasets;

import dev.aigate.core.ProgressListener;
import dev.aigate.core.files.FileHasher;
import dev.aigate.core.files.FileIdentity;
import dev.aigate.core.files.ProjectRoot;
import java.nio.file.Path;
import java.time.Instant;
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
        return subjects(project, spec).of(relative);
    }

    /**
     * Names the files of one dataset as {@link #subject} does, with the dataset's root resolved and checked once
     * (not once per file).
     */
    static Subjects subjects(ProjectRoot project, DatasetSpec spec) {
        if (spec.remote()) {
            String location = spec.path().endsWith("/") ? spec.path() : spec.path() + "/";
            return new Subjects(spec.path(), location);
        }
        String root = dev.aigate.core.io.SafePaths.relativize(project.dir(), root(project, spec));
        return new Subjects(root, root.isEmpty() ? "" : root + "/");
    }

    /**
     * The subjects of one dataset's files: its name followed by the file's path. A file's path is a safe relative
     * path (the file rules and the lock reader both check it), so this is the path the file resolves to, relative to
     * the project, without resolving it again.
     */
    record Subjects(String dataset, String prefix) {
        /** @param relative the file's path in the dataset, or null for the dataset itself */
        String of(String relative) {
            return relative == null ? dataset : prefix.concat(relative);
        }
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

    static List<DatasetScanner.ScannedFile> scan(ProjectRoot project, DatasetSpec spec, Path lockFile) {
        return DatasetScanner.scan(root(project, spec), spec.include(), spec.exclude(), lockFile);
    }

    static List<DatasetLock.FileRecord> hash(ProjectRoot project, DatasetSpec spec, Path lockFile, int threads,
            ProgressListener progress) {
        if (spec.remote()) {
            return hash(project, spec, lockFile, threads, progress, null).files();
        }
        return hash(spec, scan(project, spec, lockFile), threads, progress, null, null);
    }

    /**
     * Hashes the scanned files; with a cache, a file whose device, inode, size and times match a settled entry is not
     * read again, and every file hashed is offered to the cache.
     */
    static List<DatasetLock.FileRecord> hash(DatasetSpec spec, List<DatasetScanner.ScannedFile> scanned, int threads,
            ProgressListener progress, HashCache cache, Instant started) {
        DatasetLock.FileRecord[] records = new DatasetLock.FileRecord[scanned.size()];
        FileIdentity[] stats = new FileIdentity[scanned.size()];
        List<FileHasher.Job> jobs = new ArrayList<>(scanned.size());
        List<Integer> positions = new ArrayList<>(scanned.size());
        for (int i = 0; i < scanned.size(); i++) {
            DatasetScanner.ScannedFile file = scanned.get(i);
            if (cache != null) {
                // The identity the listing's own stat gave; a file listed without one is looked at again.
                stats[i] = file.identity() != null ? file.identity() : HashCache.stat(file.path());
                String cached = cache.reuse(spec.name(), file.relative(), stats[i], started);
                if (cached != null) {
                    records[i] = new DatasetLock.FileRecord(file.relative(), stats[i].size(), cached);
                    continue;
                }
            }
            jobs.add(new FileHasher.Job(file.relative(), file.path(), file.size()));
            positions.add(i);
        }
        List<FileHasher.Result> results = new FileHasher(threads, progress)
                .hash("hashing dataset '" + spec.name() + "'", jobs);
        for (int j = 0; j < results.size(); j++) {
            FileHasher.Result result = results.get(j);
            int i = positions.get(j);
            records[i] = new DatasetLock.FileRecord(result.name(), result.size(), result.sha256());
            if (cache != null && stats[i] != null && stats[i].size() == result.size()) {
                cache.offer(spec.name(), result.name(), stats[i], HashCache.stat(scanned.get(i).path()),
                        result.sha256(), started);
            }
        }
        return List.of(records);
    }

    /**
     * Hashes every file for the lock: a file larger than {@code chunkBytes} also gets the digest of each chunk, read
     * in the same pass as its whole digest.
     */
    static List<DatasetLock.FileRecord> lock(ProjectRoot project, DatasetSpec spec, Path lockFile, int threads,
            ProgressListener progress, long chunkBytes) {
        if (spec.remote()) {
            // Objects are locked whole (no chunk digests): sharded verification reads local files.
            return hash(project, spec, lockFile, threads, progress, null).files();
        }
        List<DatasetScanner.ScannedFile> scanned = scan(project, spec, lockFile);
        List<DatasetScanner.ScannedFile> small = new ArrayList<>();
        List<DatasetScanner.ScannedFile> large = new ArrayList<>();
        for (DatasetScanner.ScannedFile file : scanned) {
            (file.size() > chunkBytes ? large : small).add(file);
        }
        List<DatasetLock.FileRecord> records = new ArrayList<>(hash(spec, small, threads, progress, null, null));
        List<RangeHasher.Work> work = new ArrayList<>();
        long[] hints = new long[large.size()];
        for (int i = 0; i < large.size(); i++) {
            DatasetScanner.ScannedFile file = large.get(i);
            // Very large files get larger chunks, so no file needs more chunk digests than the reader accepts.
            long perFile = Math.max(chunkBytes, (file.size() - 1) / LockFileIO.MAX_CHUNKS_PER_FILE + 1);
            work.add(new RangeHasher.Work(file.path(), 0, -1, perFile));
            hints[i] = file.size();
        }
        List<RangeHasher.Digest> digests = new RangeHasher(threads, progress)
                .hash("hashing dataset '" + spec.name() + "' in chunks", work, hints);
        for (int i = 0; i < large.size(); i++) {
            RangeHasher.Digest digest = digests.get(i);
            DatasetLock.Chunks chunks = digest.bytes() > chunkBytes
                    ? new DatasetLock.Chunks(work.get(i).chunkBytes(), digest.chunks()) : null;
            records.add(new DatasetLock.FileRecord(large.get(i).relative(), digest.bytes(), digest.sha256(), chunks));
        }
        records.sort((a, b) -> DatasetDigest.comparePaths(a.path(), b.path()));
        return records;
    }
}
