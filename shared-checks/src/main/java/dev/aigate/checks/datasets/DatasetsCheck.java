package dev.aigate.checks.datasets;

import dev.aigate.core.CheckResult;
import dev.aigate.core.Finding;
import dev.aigate.core.InputDigest;
import dev.aigate.core.InputException;
import dev.aigate.core.Rule;
import dev.aigate.core.Severity;
import dev.aigate.core.io.Digests;
import dev.aigate.core.io.SafePaths;
import dev.aigate.core.spi.Check;
import dev.aigate.core.spi.CheckContext;
import dev.aigate.core.view.View;
import java.io.IOException;
import java.nio.file.Files;
import dev.aigate.core.files.ProjectRoot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Verifies datasets against their lock: names every modified, added and removed file with expected and actual digests
 * and sizes, and checks the recorded provenance. Never writes the lock.
 */
public final class DatasetsCheck implements Check<DatasetsConfig> {
    public static final String ID = "datasets";

    public static final Rule FILE_MODIFIED = new Rule("datasets/file-modified", Severity.HIGH,
            "A dataset file's content differs from the locked digest.",
            "If the change is intended, review it and re-lock with 'mvn aigate:lock-datasets' (or 'aigate datasets lock');"
                    + " otherwise restore the file.");
    public static final Rule FILE_ADDED = new Rule("datasets/file-added", Severity.HIGH,
            "A file is in the dataset but not in its lock.",
            "If the file belongs to the dataset, review it and re-lock; otherwise remove it or exclude it.");
    public static final Rule FILE_REMOVED = new Rule("datasets/file-removed", Severity.HIGH,
            "A locked dataset file is missing.",
            "Restore the file, or re-lock if its removal is intended.");
    public static final Rule PROVENANCE_MISSING = new Rule("datasets/provenance-missing", Severity.HIGH,
            "A provenance field the policy requires is not recorded in the dataset's lock.",
            "Add the field under the dataset's 'provenance' in the policy and re-lock.");
    public static final Rule PROVENANCE_CHANGED = new Rule("datasets/provenance-changed", Severity.MEDIUM,
            "The provenance in the policy differs from the provenance recorded when the dataset was locked.",
            "Re-lock so the lock records the current provenance, or revert the policy.");
    public static final Rule SELECTION_CHANGED = new Rule("datasets/selection-changed", Severity.MEDIUM,
            "The dataset's path or include/exclude patterns differ from the ones it was locked with.",
            "Re-lock so the lock records the current selection, or revert the policy.");
    public static final Rule STALE_LOCK_ENTRY = new Rule("datasets/stale-lock-entry", Severity.LOW,
            "The lock records a dataset the policy no longer names.",
            "Re-lock to drop the stale entry.");

    public static final Rule DVC_MD5_ONLY = new Rule("datasets/dvc-md5-only", Severity.INFO,
            "Data is verified only by DVC's MD5 hashes, which admit chosen collisions.",
            "Lock the same data with aigate too (a 'sets' entry for each DVC-tracked directory, then"
                    + " 'aigate datasets lock'), so SHA-256 guards it besides DVC's MD5.");

    private static final List<Rule> RULES = List.of(FILE_MODIFIED, FILE_ADDED, FILE_REMOVED, PROVENANCE_MISSING,
            PROVENANCE_CHANGED, SELECTION_CHANGED, STALE_LOCK_ENTRY, DVC_MD5_ONLY);

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Dataset integrity and provenance";
    }

    @Override
    public Class<DatasetsConfig> configType() {
        return DatasetsConfig.class;
    }

    @Override
    public List<dev.aigate.core.spi.Action<DatasetsConfig>> actions() {
        return List.of(new LockAction(), new VerifyShardAction(), new MergeAction());
    }

    @Override
    public List<Rule> rules() {
        return RULES;
    }

    @Override
    public boolean enabled(DatasetsConfig config) {
        return config.enabled();
    }

    @Override
    public CheckResult run(DatasetsConfig config, CheckContext context) {
        Path baseDir = context.baseDir();
        ProjectRoot project = context.projectRoot();
        Path lockFile = DatasetLocking.lockFile(config, project);
        CheckResult.Builder result = CheckResult.builder(ID, title());
        // A DVC-only section has no aigate lock to read.
        DatasetLock lock = config.sets().isEmpty() ? new DatasetLock(DatasetLock.FORMAT_VERSION, null, List.of())
                : LockFileIO.read(lockFile);
        InputDigest lockDigest = config.sets().isEmpty() ? null : lockInput(baseDir, lockFile);
        if (lockDigest != null) {
            result.input(lockDigest);
        }
        Path cacheFile = config.cache() == null || lockDigest == null ? null
                : project.resolve(config.cache(), "datasets cache");
        HashCache cache = cacheFile == null ? null : openCache(config, project, cacheFile, lockDigest.sha256());
        java.time.Instant hashingStarted = context.clock().instant();

        List<Map<String, Object>> datasetMetrics = new ArrayList<>();
        long totalFiles = 0;
        long totalBytes = 0;
        long started = System.nanoTime();
        Set<String> named = new HashSet<>();
        for (DatasetSpec spec : config.sets()) {
            named.add(spec.name());
            DatasetLock.Entry entry = lock.find(spec.name());
            if (entry == null) {
                throw new InputException(lockFile, "dataset '" + spec.name() + "' is not in the lock file; lock it"
                        + " with 'mvn aigate:lock-datasets' or 'aigate datasets lock'");
            }
            List<DatasetLock.FileRecord> actual;
            Map<String, Object> metrics;
            if (spec.remote()) {
                RemoteDatasetHashing.Hashed hashed = DatasetHashing.hash(project, spec, lockFile, context.threads(),
                        context.progress(), entry);
                actual = hashed.files();
                metrics = verify(spec, entry, actual, Map.of(), config, project, result);
                metrics.put("trustedStoreChecksums", hashed.trusted());
            } else {
                actual = DatasetHashing.hash(spec, DatasetHashing.scan(project, spec, lockFile), context.threads(),
                        context.progress(), cache, hashingStarted);
                metrics = verify(spec, entry, actual, Map.of(), config, project, result);
            }
            datasetMetrics.add(metrics);
            totalFiles += actual.size();
            totalBytes += actual.stream().mapToLong(DatasetLock.FileRecord::size).sum();
        }
        reportStale(lock, named, baseDir, lockFile, result);
        if (cache != null) {
            writeCache(cache, cacheFile, result);
        }
        List<Map<String, Object>> dvcMetrics = new ArrayList<>();
        DvcVerification dvc = new DvcVerification(project, context.threads(), result);
        for (String dvcFile : config.dvc()) {
            Map<String, Object> metrics = dvc.verify(dvcFile);
            dvcMetrics.add(metrics);
            totalFiles += (Long) metrics.get("files");
            totalBytes += (Long) metrics.get("bytes");
        }
        if (!config.dvc().isEmpty() && config.sets().isEmpty()) {
            result.finding(Finding.of(DVC_MD5_ONLY, String.join(", ", config.dvc()) + ": the data is verified only"
                    + " by DVC's MD5 hashes, which admit chosen collisions; an aigate lock beside it adds SHA-256")
                    .subject(config.dvc().get(0)).build());
        }
        double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
        result.metric("datasets", datasetMetrics);
        if (!dvcMetrics.isEmpty()) {
            result.metric("dvc", dvcMetrics);
        }
        result.metric("files", totalFiles);
        result.metric("bytes", totalBytes);
        result.metric("hashRateMiBPerSecond", Math.round(totalBytes / (1024.0 * 1024.0) / seconds * 10) / 10.0);
        return result.build();
    }

    /**
     * Compares one dataset's files with its lock.
     *
     * @param actual the files present; a null {@code sha256} means the content is known to differ without its whole
     *     digest being known (a shard found a chunk that differs), described by {@code differences}
     */
    static Map<String, Object> verify(DatasetSpec spec, DatasetLock.Entry entry, List<DatasetLock.FileRecord> actual,
            Map<String, String> differences, DatasetsConfig config, ProjectRoot project, CheckResult.Builder result) {
        Path baseDir = project.dir();
        Map<String, DatasetLock.FileRecord> locked = new HashMap<>();
        entry.files().forEach(file -> locked.put(file.path(), file));
        List<String> modified = new ArrayList<>();
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        Set<String> present = new HashSet<>();
        DatasetHashing.Subjects subjects = DatasetHashing.subjects(project, spec);
        for (DatasetLock.FileRecord file : actual) {
            String subject = subjects.of(file.path());
            if (file.sha256() != null) {
                // A file a shard found changed in a chunk has no whole digest; its finding names the chunk.
                result.input(new InputDigest("dataset-file", subject, file.size(), file.sha256()));
            }
            present.add(file.path());
            DatasetLock.FileRecord expected = locked.get(file.path());
            if (expected == null) {
                added.add(subject);
                result.finding(Finding.of(FILE_ADDED, subject + ": file added to dataset '" + spec.name()
                        + "' since it was locked (" + file.size() + " bytes, sha256 " + file.sha256() + ")")
                        .subject(subject).expected("not in the dataset")
                        .actual(describe(file)).build());
            } else if (expected.size() != file.size() || !expected.sha256().equals(file.sha256())) {
                modified.add(subject);
                String now = file.sha256() != null ? file.sha256() : differences.getOrDefault(file.path(),
                        "a different content");
                result.finding(Finding.of(FILE_MODIFIED, subject + ": modified since dataset '" + spec.name()
                        + "' was locked (sha256 " + expected.sha256() + " -> " + now + ", size "
                        + expected.size() + " -> " + file.size() + " bytes" + versionChange(expected, file) + ")")
                        .subject(subject).expected(describe(expected)).actual(file.sha256() != null ? describe(file)
                                : now + ", " + file.size() + " bytes").build());
            }
        }
        for (DatasetLock.FileRecord expected : entry.files()) {
            if (!present.contains(expected.path())) {
                String subject = subjects.of(expected.path());
                removed.add(subject);
                result.finding(Finding.of(FILE_REMOVED, subject + ": removed from dataset '" + spec.name()
                        + "' since it was locked (was " + expected.size() + " bytes, sha256 " + expected.sha256()
                        + ")").subject(subject).expected(describe(expected)).actual("missing").build());
            }
        }
        String datasetSubject = subjects.of(null);
        checkSelection(spec, entry, datasetSubject, result);
        checkProvenance(spec, entry, config, datasetSubject, result);

        String actualDigest = actual.stream().allMatch(file -> file.sha256() != null) ? DatasetDigest.of(actual)
                : "unknown: a file verified in chunks differs";
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("name", spec.name());
        metrics.put("path", datasetSubject);
        metrics.put("files", actual.size());
        metrics.put("bytes", actual.stream().mapToLong(DatasetLock.FileRecord::size).sum());
        metrics.put("lockedDigest", entry.digest());
        metrics.put("actualDigest", actualDigest);
        metrics.put("unchanged", actualDigest.equals(entry.digest()));
        metrics.put("modified", modified);
        metrics.put("added", added);
        metrics.put("removed", removed);
        metrics.put("provenance", entry.provenance());
        views(spec, entry, actual, actualDigest, datasetSubject, modified, added, removed, result);
        return metrics;
    }

    /** The changes as a chart and the dataset as an inventory component (its digest, provenance and licence). */
    private static void views(DatasetSpec spec, DatasetLock.Entry entry, List<DatasetLock.FileRecord> actual,
            String actualDigest, String path, List<String> modified, List<String> added, List<String> removed,
            CheckResult.Builder result) {
        result.view(new View.Bars("Dataset '" + spec.name() + "': changes since it was locked", List.of(
                new View.Bar("modified", modified.size(), View.Tone.DANGER),
                new View.Bar("added", added.size(), View.Tone.WARNING),
                new View.Bar("removed", removed.size(), View.Tone.NOTICE))));
        long bytes = actual.stream().mapToLong(DatasetLock.FileRecord::size).sum();
        Map<String, String> properties = new LinkedHashMap<>();
        entry.provenance().forEach((key, value) -> properties.put("provenance:" + key, value));
        properties.put("dataset:digest", actualDigest);
        properties.put("dataset:lockedDigest", entry.digest());
        properties.put("dataset:unchanged", String.valueOf(actualDigest.equals(entry.digest())));
        String digest = actualDigest.startsWith("sha256:") ? actualDigest.substring(7) : null;
        result.view(new View.Component(View.Component.DATASET, spec.name(), path, digest, "dataset at " + path + ": "
                + actual.size() + " files, " + bytes + " bytes", entry.provenance().get("license"), properties,
                List.of()));
    }

    private static void checkSelection(DatasetSpec spec, DatasetLock.Entry entry, String subject,
            CheckResult.Builder result) {
        List<String> changes = new ArrayList<>();
        if (!Objects.equals(spec.path(), entry.path())) {
            changes.add("path '" + entry.path() + "' -> '" + spec.path() + "'");
        }
        if (!spec.include().equals(entry.include())) {
            changes.add("include " + entry.include() + " -> " + spec.include());
        }
        if (!spec.exclude().equals(entry.exclude())) {
            changes.add("exclude " + entry.exclude() + " -> " + spec.exclude());
        }
        if (!changes.isEmpty()) {
            result.finding(Finding.of(SELECTION_CHANGED, "dataset '" + spec.name() + "' selection changed since it"
                    + " was locked: " + String.join("; ", changes)).subject(subject)
                    .expected("path " + entry.path() + ", include " + entry.include() + ", exclude "
                            + entry.exclude())
                    .actual("path " + spec.path() + ", include " + spec.include() + ", exclude " + spec.exclude())
                    .build());
        }
    }

    private static void checkProvenance(DatasetSpec spec, DatasetLock.Entry entry, DatasetsConfig config,
            String subject, CheckResult.Builder result) {
        for (String field : config.requireProvenance()) {
            String value = entry.provenance().get(field);
            if (value == null || value.isBlank()) {
                result.finding(Finding.of(PROVENANCE_MISSING, "dataset '" + spec.name() + "' has no provenance '"
                        + field + "' recorded in its lock, but the policy requires it").subject(subject)
                        .expected(field + " recorded").actual("missing").build());
            }
        }
        Map<String, String> declared = spec.provenance().present();
        if (!declared.equals(entry.provenance())) {
            result.finding(Finding.of(PROVENANCE_CHANGED, "dataset '" + spec.name() + "' provenance in the policy "
                    + declared + " differs from the locked provenance " + entry.provenance()).subject(subject)
                    .expected(String.valueOf(entry.provenance())).actual(String.valueOf(declared)).build());
        }
    }

    static void reportStale(DatasetLock lock, Set<String> named, Path baseDir, Path lockFile,
            CheckResult.Builder result) {
        for (DatasetLock.Entry entry : lock.datasets()) {
            if (!named.contains(entry.name())) {
                result.finding(Finding.of(STALE_LOCK_ENTRY, SafePaths.relativize(baseDir, lockFile) + ": records"
                        + " dataset '" + entry.name() + "', which the policy no longer names")
                        .subject(SafePaths.relativize(baseDir, lockFile)).build());
            }
        }
    }

    /** The incremental cache, refused when it would lie inside a dataset (it would be judged as data). */
    private static HashCache openCache(DatasetsConfig config, ProjectRoot project, Path file, String lockDigest) {
        for (DatasetSpec spec : config.sets()) {
            if (file.startsWith(DatasetHashing.root(project, spec))) {
                throw new InputException(file, "the datasets cache lies inside dataset '" + spec.name()
                        + "'; put it outside every dataset directory");
            }
        }
        return HashCache.load(file, lockDigest);
    }

    private static void writeCache(HashCache cache, Path file, CheckResult.Builder result) {
        try {
            cache.write();
        } catch (IOException e) {
            throw new InputException(file, "cannot write the datasets cache: " + e.getMessage(), e);
        }
        result.metric("cacheHits", cache.hits());
        result.metric("cacheStored", (long) cache.stored());
        if (cache.ignoredReason() != null) {
            result.metric("cacheIgnored", cache.ignoredReason());
        }
    }

    private static String describe(DatasetLock.FileRecord file) {
        return "sha256 " + file.sha256() + ", " + file.size() + " bytes"
                + (file.versionId() == null ? "" : ", version " + file.versionId());
    }

    private static String versionChange(DatasetLock.FileRecord expected, DatasetLock.FileRecord actual) {
        if (expected.versionId() == null || expected.versionId().equals(actual.versionId())) {
            return "";
        }
        return ", locked version " + expected.versionId() + " -> current version " + actual.versionId();
    }

    static InputDigest lockInput(Path baseDir, Path lockFile) {
        try {
            return new InputDigest("dataset-lock", SafePaths.relativize(baseDir, lockFile), Files.size(lockFile),
                    Digests.sha256Hex(lockFile));
        } catch (IOException e) {
            throw new InputException(lockFile, "cannot read dataset lock file: " + e.getMessage(), e);
        }
    }
}
