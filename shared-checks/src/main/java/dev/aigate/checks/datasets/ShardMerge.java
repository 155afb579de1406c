package dev.aigate.checks.datasets;

import dev.aigate.core.CheckResult;
import dev.aigate.core.InputDigest;
import dev.aigate.core.InputException;
import dev.aigate.core.io.SafePaths;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import dev.aigate.core.files.ProjectRoot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Combines the partial results of every shard into one check result, judged by the same rules as a whole
 * verification. The partials must be exactly shards 1 to N of one split, each run with this policy and this lock and
 * covering exactly the units the plan gives it; anything else is an ERROR naming the partial file.
 */
final class ShardMerge {
    /** The partial results a directory holds; what each one is comes from its content, not its name. */
    private static final Pattern NAME = Pattern.compile("datasets-shard-.{1,200}\\.json");

    private ShardMerge() {
    }

    static CheckResult merge(DatasetsConfig config, ProjectRoot project, Path policyFile, Path partials,
            String title) {
        Path baseDir = project.dir();
        Path lockFile = DatasetLocking.lockFile(config, project);
        DatasetLock lock = LockFileIO.read(lockFile);
        InputDigest lockInput = DatasetsCheck.lockInput(baseDir, lockFile);
        String policyDigest = ShardVerification.digestOf(policyFile, "policy file");
        DatasetLock planned = ShardVerification.planned(config, lock, lockFile);

        Map<Path, ShardPartial> read = readAll(partials);
        int count = checkSplit(read, partials);
        Map<Integer, Path> byIndex = new TreeMap<>();
        for (Map.Entry<Path, ShardPartial> partial : read.entrySet()) {
            Path file = partial.getKey();
            ShardPartial result = partial.getValue();
            if (!result.policyDigest().equals(policyDigest)) {
                throw new InputException(file, "shard " + result.shard() + " was run with another policy (policy"
                        + " digest " + result.policyDigest() + ", this policy's is " + policyDigest + "); run every"
                        + " shard again with this policy");
            }
            if (!result.lockDigest().equals(lockInput.sha256())) {
                throw new InputException(file, "shard " + result.shard() + " was run against another lock file"
                        + " (lock digest " + result.lockDigest() + ", " + SafePaths.relativize(baseDir, lockFile)
                        + " is " + lockInput.sha256() + "); run every shard again against this lock");
            }
            Path other = byIndex.put(result.shard().index(), file);
            if (other != null) {
                throw new InputException(file, "shard " + result.shard() + " appears twice: also in " + other);
            }
        }
        List<Integer> missing = new ArrayList<>();
        for (int k = 1; k <= count; k++) {
            if (!byIndex.containsKey(k)) {
                missing.add(k);
            }
        }
        if (!missing.isEmpty()) {
            throw new InputException(partials, "shard" + (missing.size() == 1 ? " " : "s ") + join(missing) + " of "
                    + count + " missing: every shard 1/" + count + " to " + count + "/" + count + " must leave its"
                    + " partial result here");
        }

        List<List<ShardPlan.Unit>> plan = ShardPlan.partition(planned, count);
        Map<String, ShardPartial.UnitResult> seen = new HashMap<>();
        List<ShardPartial.AddedFile> added = new ArrayList<>();
        for (Map.Entry<Integer, Path> shard : byIndex.entrySet()) {
            ShardPartial partial = read.get(shard.getValue());
            checkCoverage(shard.getValue(), partial, plan.get(shard.getKey() - 1), seen);
            if (!partial.added().isEmpty() && shard.getKey() != 1) {
                throw new InputException(shard.getValue(), "only shard 1 reports added files, but shard "
                        + partial.shard() + " lists " + partial.added().size());
            }
            added.addAll(partial.added());
        }

        CheckResult.Builder result = CheckResult.builder(DatasetsCheck.ID, title);
        result.input(lockInput);
        for (Path file : byIndex.values()) {
            result.input(new InputDigest("dataset-shard-partial", SafePaths.relativize(baseDir, file),
                    size(file), ShardVerification.digestOf(file, "shard partial result")));
        }
        List<Map<String, Object>> datasetMetrics = new ArrayList<>();
        long totalFiles = 0;
        long totalBytes = 0;
        Set<String> named = new HashSet<>();
        for (DatasetSpec spec : config.sets()) {
            named.add(spec.name());
            DatasetLock.Entry entry = planned.find(spec.name());
            Map<String, String> differences = new HashMap<>();
            List<DatasetLock.FileRecord> actual = actualFiles(entry, seen, added, differences);
            datasetMetrics.add(DatasetsCheck.verify(spec, entry, actual, differences, config, project, result));
            totalFiles += actual.size();
            totalBytes += actual.stream().mapToLong(DatasetLock.FileRecord::size).sum();
        }
        DatasetsCheck.reportStale(lock, named, baseDir, lockFile, result);
        result.metric("datasets", datasetMetrics);
        result.metric("files", totalFiles);
        result.metric("bytes", totalBytes);
        result.metric("shards", (long) count);
        return result.build();
    }

    /** What the shards saw of one dataset's files, as a whole verification would have seen them. */
    private static List<DatasetLock.FileRecord> actualFiles(DatasetLock.Entry entry,
            Map<String, ShardPartial.UnitResult> seen, List<ShardPartial.AddedFile> added,
            Map<String, String> differences) {
        List<DatasetLock.FileRecord> actual = new ArrayList<>();
        for (DatasetLock.FileRecord locked : entry.files()) {
            if (locked.chunks() == null) {
                ShardPartial.UnitResult unit = seen.get(key(entry.name(), locked.path(), -1));
                if (!unit.missing()) {
                    actual.add(new DatasetLock.FileRecord(locked.path(), unit.size(), unit.sha256()));
                }
                continue;
            }
            List<String> differing = new ArrayList<>();
            boolean missing = false;
            long size = locked.size();
            int chunks = (int) locked.chunks().count(locked.size());
            for (int chunk = 0; chunk < chunks; chunk++) {
                ShardPartial.UnitResult unit = seen.get(key(entry.name(), locked.path(), chunk));
                missing |= unit.missing();
                if (unit.size() != locked.size()) {
                    size = unit.size();
                } else if (!locked.chunks().sha256().get(chunk).equals(unit.sha256())) {
                    long offset = locked.chunks().offset(chunk);
                    differing.add(chunk + " (bytes " + offset + "-" + (offset + locked.chunks().length(chunk,
                            locked.size()) - 1) + ")");
                }
            }
            if (missing) {
                continue;
            }
            if (size == locked.size() && differing.isEmpty()) {
                // Every chunk matches the lock, so the file is the locked one.
                actual.add(new DatasetLock.FileRecord(locked.path(), locked.size(), locked.sha256()));
            } else {
                actual.add(new DatasetLock.FileRecord(locked.path(), size, null));
                differences.put(locked.path(), size != locked.size() ? "a file of another size"
                        : "a content that differs in chunk" + (differing.size() == 1 ? " " : "s ")
                                + String.join(", ", differing.subList(0, Math.min(10, differing.size())))
                                + (differing.size() > 10 ? " and " + (differing.size() - 10) + " more" : ""));
            }
        }
        for (ShardPartial.AddedFile file : added) {
            if (file.dataset().equals(entry.name())) {
                actual.add(new DatasetLock.FileRecord(file.path(), file.size(), file.sha256()));
            }
        }
        actual.sort((a, b) -> DatasetDigest.comparePaths(a.path(), b.path()));
        return actual;
    }

    /** Every unit the plan gives the shard, and nothing else, exactly once. */
    private static void checkCoverage(Path file, ShardPartial partial, List<ShardPlan.Unit> planned,
            Map<String, ShardPartial.UnitResult> seen) {
        Set<String> expected = new HashSet<>();
        for (ShardPlan.Unit unit : planned) {
            expected.add(key(unit.dataset(), unit.path(), unit.chunk()));
        }
        for (ShardPartial.UnitResult unit : partial.units()) {
            String key = key(unit.dataset(), unit.path(), unit.chunk());
            if (!expected.remove(key)) {
                throw new InputException(file, "shard " + partial.shard() + " reports " + describe(unit) + ", which"
                        + " the lock's split does not give it (or reports it twice)");
            }
            if (!unit.missing() && unit.sha256() == null && unit.chunk() < 0) {
                throw new InputException(file, "shard " + partial.shard() + " reports " + describe(unit)
                        + " without its sha256");
            }
            seen.put(key, unit);
        }
        if (!expected.isEmpty()) {
            throw new InputException(file, "shard " + partial.shard() + " does not report " + expected.size()
                    + " unit(s) the lock's split gives it, e.g. " + expected.iterator().next().replace('\0', ' '));
        }
    }

    private static String describe(ShardPartial.UnitResult unit) {
        return unit.dataset() + ":" + unit.path() + (unit.chunk() < 0 ? "" : " chunk " + unit.chunk());
    }

    private static String key(String dataset, String path, int chunk) {
        return dataset + '\0' + path + '\0' + chunk;
    }

    /** Every shard file must say the same N; mixing splits would cover some bytes twice and others never. */
    private static int checkSplit(Map<Path, ShardPartial> read, Path partials) {
        if (read.isEmpty()) {
            throw new InputException(partials, "no shard partial results (datasets-shard-K-of-N.json) here; run"
                    + " 'aigate datasets verify-shard --shard K/N --partials " + partials.getFileName() + "' for"
                    + " every shard first");
        }
        Map.Entry<Path, ShardPartial> first = read.entrySet().iterator().next();
        int count = first.getValue().shard().count();
        for (Map.Entry<Path, ShardPartial> partial : read.entrySet()) {
            if (partial.getValue().shard().count() != count) {
                throw new InputException(partial.getKey(), "is shard " + partial.getValue().shard() + " but "
                        + first.getKey().getFileName() + " is shard " + first.getValue().shard() + ": the partial"
                        + " results come from different splits");
            }
        }
        return count;
    }

    private static Map<Path, ShardPartial> readAll(Path partials) {
        if (!Files.isDirectory(partials)) {
            throw new InputException(partials, "the shard partial results directory does not exist");
        }
        Map<Path, ShardPartial> read = new LinkedHashMap<>();
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(partials)) {
            for (Path file : listing) {
                if (NAME.matcher(file.getFileName().toString()).matches()) {
                    files.add(file);
                    if (files.size() > ShardPlan.MAX_SHARDS) {
                        throw new InputException(partials, "more than " + ShardPlan.MAX_SHARDS
                                + " shard partial results");
                    }
                }
            }
        } catch (IOException e) {
            throw new InputException(partials, "cannot list the shard partial results: " + e.getMessage(), e);
        }
        files.sort(null);
        for (Path file : files) {
            read.put(file, ShardPartial.read(file));
        }
        return read;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new InputException(file, "cannot read shard partial result: " + e.getMessage(), e);
        }
    }

    private static String join(List<Integer> values) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            text.append(i == 0 ? "" : ", ").append(values.get(i));
        }
        return text.toString();
    }
}
