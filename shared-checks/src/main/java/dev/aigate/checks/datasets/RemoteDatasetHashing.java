package dev.aigate.checks.datasets;

import dev.aigate.checks.datasets.source.DatasetSource;
import dev.aigate.checks.datasets.source.DatasetSources;
import dev.aigate.core.GateException;
import dev.aigate.core.ProgressListener;
import dev.aigate.core.files.Glob;
import dev.aigate.core.io.Digests;
import dev.aigate.core.io.SafePaths;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lists and hashes a dataset that lives in an object store ({@code s3://bucket/prefix}): every selected object is
 * streamed through a fixed buffer and hashed, on {@code threads} threads. When locking, the object's version id and
 * the store's own whole-object SHA-256 (if it keeps one and it matches the bytes) are recorded. When verifying a
 * dataset whose policy sets {@code trustStoreChecksums}, an object whose store checksum and version still equal the
 * locked ones is not downloaded: its locked SHA-256 is taken on the store's word (docs/datasets.md explains the
 * trade-off).
 */
final class RemoteDatasetHashing {
    private RemoteDatasetHashing() {
    }

    /** What was hashed, and how many objects were taken on the store's word. */
    record Hashed(List<DatasetLock.FileRecord> files, long trusted) {
    }

    /** @param locked the dataset's lock entry when verifying, null when locking */
    static Hashed hash(DatasetSpec spec, int threads, ProgressListener progress, DatasetLock.Entry locked) {
        try (DatasetSource source = DatasetSources.open(spec.path())) {
            List<Glob> include = Glob.all(spec.include());
            List<Glob> exclude = Glob.all(spec.exclude());
            List<DatasetSource.StoredObject> selected = new ArrayList<>();
            for (DatasetSource.StoredObject object : source.list(DatasetScanner.MAX_FILES)) {
                String unsafe = SafePaths.problemWith(object.relative()).orElse(null);
                if (unsafe != null) {
                    throw new GateException(spec.path() + ": object '" + object.relative() + "' cannot be a dataset"
                            + " file: " + unsafe);
                }
                if (Glob.anyMatches(include, object.relative()) && !Glob.anyMatches(exclude, object.relative())) {
                    selected.add(object);
                }
            }
            selected.sort((a, b) -> DatasetDigest.comparePaths(a.relative(), b.relative()));
            Map<String, DatasetLock.FileRecord> lockedFiles = new HashMap<>();
            if (locked != null) {
                locked.files().forEach(file -> lockedFiles.put(file.path(), file));
            }
            boolean trust = locked != null && spec.trustStoreChecksums();
            AtomicLong trusted = new AtomicLong();
            AtomicLong bytesDone = new AtomicLong();
            AtomicLong objectsDone = new AtomicLong();
            long bytesTotal = selected.stream().mapToLong(DatasetSource.StoredObject::size).sum();
            String task = "hashing dataset '" + spec.name() + "'";
            List<DatasetLock.FileRecord> records = onThreads(threads, selected, object -> {
                DatasetLock.FileRecord record = null;
                DatasetLock.FileRecord before = lockedFiles.get(object.relative());
                if (trust && before != null && before.storeSha256() != null && before.size() == object.size()
                        && (before.versionId() == null || before.versionId().equals(object.versionId()))
                        && before.storeSha256().equals(source.storedSha256(object))) {
                    trusted.incrementAndGet();
                    record = new DatasetLock.FileRecord(object.relative(), object.size(), before.sha256(),
                            null, object.versionId(), before.storeSha256());
                } else {
                    record = stream(source, object, locked == null);
                }
                progress.progress(task, objectsDone.incrementAndGet(), selected.size(),
                        bytesDone.addAndGet(record.size()), bytesTotal);
                return record;
            });
            return new Hashed(records, trusted.get());
        }
    }

    private static DatasetLock.FileRecord stream(DatasetSource source, DatasetSource.StoredObject object,
            boolean locking) {
        MessageDigest sha256 = Digests.sha256();
        byte[] buffer = new byte[Digests.BUFFER_SIZE];
        long size = 0;
        try (InputStream in = source.open(object)) {
            int read;
            while ((read = in.read(buffer)) > 0) {
                sha256.update(buffer, 0, read);
                size += read;
            }
        } catch (IOException e) {
            throw new GateException(source.location() + "/" + object.relative() + ": cannot read object: "
                    + e.getMessage(), e);
        }
        String hex = HexFormat.of().formatHex(sha256.digest());
        String stored = null;
        if (locking) {
            String claimed = source.storedSha256(object);
            stored = hex.equals(claimed) ? claimed : null;
        }
        return new DatasetLock.FileRecord(object.relative(), size, hex, null, object.versionId(), stored);
    }

    private interface Task {
        DatasetLock.FileRecord run(DatasetSource.StoredObject object);
    }

    private static List<DatasetLock.FileRecord> onThreads(int threads, List<DatasetSource.StoredObject> objects,
            Task task) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), runnable -> {
            Thread thread = new Thread(runnable, "aigate-object-hash");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<DatasetLock.FileRecord>> futures = new ArrayList<>(objects.size());
            for (DatasetSource.StoredObject object : objects) {
                futures.add(pool.submit(() -> task.run(object)));
            }
            List<DatasetLock.FileRecord> records = new ArrayList<>(objects.size());
            for (Future<DatasetLock.FileRecord> future : futures) {
                records.add(future.get());
            }
            return records;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GateException gate) {
                throw gate;
            }
            throw new GateException("hashing objects failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GateException("interrupted while hashing objects", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
