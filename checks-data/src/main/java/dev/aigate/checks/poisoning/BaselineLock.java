package dev.aigate.checks.poisoning;

import dev.aigate.checks.datasets.DatasetLock;
import dev.aigate.checks.datasets.LockFileIO;
import dev.aigate.core.InputException;
import dev.aigate.core.io.SafePaths;
import java.nio.file.Path;

/**
 * The baseline is only as trustworthy as its approval: it must be a file of a locked dataset, with the digest the
 * lock records. Whoever changes the baseline must therefore change the lock too, which the datasets check, the
 * lock's review and the gate report (it records the lock's digest) all show.
 */
final class BaselineLock {
    private BaselineLock() {
    }

    /** Fails unless the dataset lock records {@code baseline} with {@code sha256}; returns the dataset's name. */
    static String verify(Path baseDir, Path lockFile, Path baseline, String sha256) {
        DatasetLock lock = LockFileIO.read(lockFile);
        Path target = baseline.toAbsolutePath().normalize();
        String relativeLock = SafePaths.relativize(baseDir, lockFile);
        for (DatasetLock.Entry entry : lock.datasets()) {
            Path root = baseDir.resolve(entry.path()).normalize();
            for (DatasetLock.FileRecord file : entry.files()) {
                if (root.resolve(file.path()).normalize().equals(target)) {
                    if (!file.sha256().equals(sha256)) {
                        throw new InputException(baseline, "the poisoning baseline changed since it was locked"
                                + " (dataset '" + entry.name() + "' in " + relativeLock + " records sha256 "
                                + file.sha256() + ", the file has " + sha256 + "); if the new baseline is approved,"
                                + " lock it again ('aigate datasets lock'), otherwise restore it");
                    }
                    return entry.name();
                }
            }
        }
        throw new InputException(baseline, "the poisoning baseline is not covered by the dataset lock "
                + relativeLock + ": add it to a dataset of the 'datasets' section (for example a set with path '.'"
                + " and include ['" + SafePaths.relativize(baseDir, baseline) + "']) and run 'aigate datasets lock'");
    }
}
