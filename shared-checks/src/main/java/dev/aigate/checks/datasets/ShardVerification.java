package dev.aigate.checks.datasets;

import dev.aigate.core.InputException;
import dev.aigate.core.ProgressListener;
import dev.aigate.core.ToolVersion;
import dev.aigate.core.files.ProjectRoot;
import dev.aigate.core.io.Digests;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One shard of a dataset verification: lists every dataset by the usual file rules, hashes only the units the
 * shard plan gives this shard, and returns what it saw for the merge. It judges nothing: the merge does, over all
 * shards, with the same rules as a whole verification.
 */
final class ShardVerification {
    private ShardVerification() {
    }

    /** The digest of a file's bytes, lowercase hex: how partial results name the policy and lock they ran with. */
    static String digestOf(Path file, String what) {
        try {
            return Digests.sha256Hex(file);
        } catch (IOException e) {
            throw new InputException(file, "cannot read " + what + ": " + e.getMessage(), e);
        }
    }

    /**
     * The lock restricted to the datasets the policy names, in lock order: what the shards split. A dataset the
     * policy names but the lock lacks is an ERROR, as in a whole verification.
     */
    static DatasetLock planned(DatasetsConfig config, DatasetLock lock, Path lockFile) {
        // Fail closed rather than leave data unverified: shards read local files of the aigate lock only.
        if (!config.dvc().isEmpty()) {
            throw new dev.aigate.core.GateException("sharded verification covers the aigate lock only, not the DVC"
                    + " files " + config.dvc() + "; verify those with 'aigate datasets verify'");
        }
        for (DatasetSpec spec : config.sets()) {
            if (spec.remote()) {
                throw new dev.aigate.core.GateException("dataset '" + spec.name() + "' lives in an object store ("
                        + spec.path() + "); sharded verification reads local files: verify it with"
                        + " 'aigate datasets verify'");
            }
            if (lock.find(spec.name()) == null) {
                throw new InputException(lockFile, "dataset '" + spec.name() + "' is not in the lock file; lock it"
                        + " with 'mvn aigate:lock-datasets' or 'aigate datasets lock'");
            }
        }
        List<String> named = config.sets().stream().map(DatasetSpec::name).toList();
        return new DatasetLock(lock.formatVersion(), lock.tool(), lock.datasets().stream()
                .filter(entry -> named.contains(entry.name())).toList());
    }

    static ShardPartial run(DatasetsConfig config, ProjectRoot project, Path policyFile, ShardPlan.Shard shard,
            int threads, ProgressListener progress) {
        Path lockFile = DatasetLocking.lockFile(config, project);
        DatasetLock lock = LockFileIO.read(lockFile);
        String lockDigest = digestOf(lockFile, "dataset lock file");
        String policyDigest = digestOf(policyFile, "policy file");
        DatasetLock planned = planned(config, lock, lockFile);
        List<ShardPlan.Unit> units = ShardPlan.of(planned, shard);

        Map<String, Map<String, DatasetScanner.ScannedFile>> present = new HashMap<>();
        for (DatasetSpec spec : config.sets()) {
            Map<String, DatasetScanner.ScannedFile> files = new HashMap<>();
            for (DatasetScanner.ScannedFile file : DatasetHashing.scan(project, spec, lockFile)) {
                files.put(file.relative(), file);
            }
            present.put(spec.name(), files);
        }

        Map<String, Map<String, DatasetLock.FileRecord>> locked = new HashMap<>();
        for (DatasetLock.Entry entry : planned.datasets()) {
            Map<String, DatasetLock.FileRecord> files = new HashMap<>();
            entry.files().forEach(file -> files.put(file.path(), file));
            locked.put(entry.name(), files);
        }
        List<RangeHasher.Work> work = new ArrayList<>();
        List<Integer> workUnit = new ArrayList<>();
        List<Long> hints = new ArrayList<>();
        ShardPartial.UnitResult[] results = new ShardPartial.UnitResult[units.size()];
        for (int i = 0; i < units.size(); i++) {
            ShardPlan.Unit unit = units.get(i);
            DatasetScanner.ScannedFile file = present.get(unit.dataset()).get(unit.path());
            if (file == null) {
                results[i] = new ShardPartial.UnitResult(unit.dataset(), unit.path(), unit.chunk(), -1, null);
            } else if (unit.wholeFile()) {
                work.add(RangeHasher.Work.wholeFile(file.path()));
                workUnit.add(i);
                hints.add(file.size());
            } else if (file.size() != locked.get(unit.dataset()).get(unit.path()).size()) {
                results[i] = new ShardPartial.UnitResult(unit.dataset(), unit.path(), unit.chunk(), file.size(), null);
            } else {
                work.add(new RangeHasher.Work(file.path(), unit.offset(), unit.length(), 0));
                workUnit.add(i);
                hints.add(unit.length());
            }
        }
        List<ShardPartial.AddedFile> added = new ArrayList<>();
        int firstAdded = work.size();
        if (shard.index() == 1) {
            // The files nobody locked are looked for once, by the first shard.
            for (DatasetSpec spec : config.sets()) {
                List<DatasetScanner.ScannedFile> files = new ArrayList<>(present.get(spec.name()).values());
                files.sort((a, b) -> DatasetDigest.comparePaths(a.relative(), b.relative()));
                for (DatasetScanner.ScannedFile file : files) {
                    if (!locked.get(spec.name()).containsKey(file.relative())) {
                        added.add(new ShardPartial.AddedFile(spec.name(), file.relative(), file.size(), null));
                        work.add(RangeHasher.Work.wholeFile(file.path()));
                        hints.add(file.size());
                    }
                }
            }
        }
        long[] sizeHints = hints.stream().mapToLong(Long::longValue).toArray();
        List<RangeHasher.Digest> digests = new RangeHasher(threads, progress)
                .hash("hashing shard " + shard + " of the datasets", work, sizeHints);
        for (int j = 0; j < firstAdded; j++) {
            int i = workUnit.get(j);
            ShardPlan.Unit unit = units.get(i);
            RangeHasher.Digest digest = digests.get(j);
            long size = unit.wholeFile() ? digest.bytes() : present.get(unit.dataset()).get(unit.path()).size();
            results[i] = new ShardPartial.UnitResult(unit.dataset(), unit.path(), unit.chunk(), size,
                    digest.sha256());
        }
        for (int j = firstAdded; j < work.size(); j++) {
            ShardPartial.AddedFile file = added.get(j - firstAdded);
            RangeHasher.Digest digest = digests.get(j);
            added.set(j - firstAdded, new ShardPartial.AddedFile(file.dataset(), file.path(), digest.bytes(),
                    digest.sha256()));
        }
        return new ShardPartial("aigate " + ToolVersion.get(), policyDigest, lockDigest, shard, List.of(results),
                added);
    }
}
