package dev.aigate.checks.datasets;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.aigate.core.CheckResult;
import dev.aigate.core.Finding;
import dev.aigate.core.GateException;
import dev.aigate.core.InputDigest;
import dev.aigate.core.InputException;
import dev.aigate.core.files.FileSet;
import dev.aigate.core.files.ProjectRoot;
import dev.aigate.core.io.BoundedFiles;
import dev.aigate.core.io.Digests;
import dev.aigate.core.io.SafePaths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Verifies the outputs a {@code dvc.lock} or {@code .dvc} file records by recomputing DVC's own hashes
 * ({@link DvcHashing}). As in DVC, the hash alone decides (a DVC 2 text file whose line endings changed from CRLF to LF
 * is unchanged; its size is not). A file output is compared by MD5. A directory output is compared by its {@code .dir}
 * hash; when that differs, the listing DVC stored in its cache (verified against the recorded hash first) names each
 * modified, added and removed file; without the cache entry the directory as a whole is reported.
 */
final class DvcVerification {
    /** The largest {@code .dir} listing read from the DVC cache. */
    static final long MAX_LISTING_BYTES = 512L * 1024 * 1024;

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(8192).maxNestingDepth(4)
                    .maxDocumentLength(MAX_LISTING_BYTES).build())
            .build();

    private final ProjectRoot project;
    private final Path baseDir;
    private final int threads;
    private final CheckResult.Builder result;

    DvcVerification(ProjectRoot project, int threads, CheckResult.Builder result) {
        this.project = project;
        this.baseDir = project.dir();
        this.threads = Math.max(1, threads);
        this.result = result;
    }

    /** Verifies every output of one DVC file and returns its metrics for the report. */
    Map<String, Object> verify(String relativeFile) {
        Path file = project.resolve(relativeFile, "DVC file '" + relativeFile + "'");
        List<DvcFile.Output> outputs = DvcFile.read(file);
        result.input(new InputDigest("dvc-file", SafePaths.relativize(baseDir, file), size(file), sha256(file)));
        Path dvcRoot = dvcRoot(file.getParent());
        List<String> modified = new ArrayList<>();
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        long files = 0;
        long bytes = 0;
        for (DvcFile.Output output : outputs) {
            Path target = resolve(file, output);
            String subject = SafePaths.relativize(baseDir, target);
            if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                removed.add(subject);
                result.finding(Finding.of(DatasetsCheck.FILE_REMOVED, subject + ": recorded by " + relativeFile
                        + " (md5 " + output.md5() + ") but missing").subject(subject).expected("md5 " + output.md5())
                        .actual("missing").build());
                continue;
            }
            if (output.directory()) {
                Tally tally = verifyDirectory(relativeFile, output, target, subject, dvcRoot, modified, added,
                        removed);
                files += tally.files;
                bytes += tally.bytes;
            } else {
                DvcHashing.FileHash actual = hashFile(target, subject, output.rule());
                files++;
                bytes += actual.size();
                if (!actual.md5().equals(output.md5())) {
                    modified.add(subject);
                    result.finding(Finding.of(DatasetsCheck.FILE_MODIFIED, subject + ": modified since "
                            + relativeFile + " recorded it (DVC md5 " + output.md5() + " -> " + actual.md5()
                            + sizeChange(output.size(), actual.size()) + ")").subject(subject)
                            .expected(describe(output.md5(), output.size()))
                            .actual(describe(actual.md5(), actual.size())).build());
                }
            }
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("dvcFile", SafePaths.relativize(baseDir, file));
        metrics.put("outputs", outputs.size());
        metrics.put("files", files);
        metrics.put("bytes", bytes);
        metrics.put("modified", modified);
        metrics.put("added", added);
        metrics.put("removed", removed);
        return metrics;
    }

    private record Tally(long files, long bytes) {
    }

    private Tally verifyDirectory(String relativeFile, DvcFile.Output output, Path target, String subject,
            Path dvcRoot, List<String> modified, List<String> added, List<String> removed) {
        if (!Files.isDirectory(target)) {
            modified.add(subject);
            result.finding(Finding.of(DatasetsCheck.FILE_MODIFIED, subject + ": " + relativeFile + " records a"
                    + " directory (md5 " + output.md5() + ") but it is a file now").subject(subject)
                    .expected("directory " + output.md5()).actual("a file").build());
            return new Tally(0, 0);
        }
        List<FileSet.Entry> listed = FileSet.under(target, "DVC output directory")
                .maxFiles(LockFileIO.MAX_FILES_PER_DATASET).list();
        List<DvcHashing.FileHash> hashes = hashAll(listed, output.rule());
        List<DvcHashing.DirEntry> entries = new ArrayList<>(listed.size());
        long bytes = 0;
        for (int i = 0; i < listed.size(); i++) {
            entries.add(new DvcHashing.DirEntry(listed.get(i).relative(), hashes.get(i).md5()));
            bytes += hashes.get(i).size();
            String fileSubject = SafePaths.relativize(baseDir, listed.get(i).path());
            result.input(new InputDigest("dataset-file", fileSubject, hashes.get(i).size(), hashes.get(i).sha256()));
        }
        String actual = DvcHashing.dirHash(entries);
        if (actual.equals(output.md5())) {
            return new Tally(entries.size(), bytes);
        }
        Map<String, String> recorded = cachedListing(dvcRoot, output);
        if (recorded == null) {
            modified.add(subject);
            result.finding(Finding.of(DatasetsCheck.FILE_MODIFIED, subject + ": directory differs from what "
                    + relativeFile + " recorded (DVC md5 " + output.md5() + " -> " + actual + "); its .dir listing"
                    + " is not in the DVC cache (.dvc/cache), so the changed files cannot be named: run 'dvc pull'"
                    + " or 'dvc diff' to see them").subject(subject).expected(describe(output.md5(), output.size()))
                    .actual(describe(actual, bytes)).build());
            return new Tally(entries.size(), bytes);
        }
        Map<String, DvcHashing.DirEntry> present = new HashMap<>();
        entries.forEach(entry -> present.put(entry.relpath(), entry));
        for (DvcHashing.DirEntry entry : entries) {
            String fileSubject = subject + "/" + entry.relpath();
            String expected = recorded.get(entry.relpath());
            if (expected == null) {
                added.add(fileSubject);
                result.finding(Finding.of(DatasetsCheck.FILE_ADDED, fileSubject + ": added to " + subject
                        + " since " + relativeFile + " recorded it (DVC md5 " + entry.md5() + ")")
                        .subject(fileSubject).expected("not in the directory").actual("md5 " + entry.md5()).build());
            } else if (!expected.equals(entry.md5())) {
                modified.add(fileSubject);
                result.finding(Finding.of(DatasetsCheck.FILE_MODIFIED, fileSubject + ": modified since "
                        + relativeFile + " recorded it (DVC md5 " + expected + " -> " + entry.md5() + ")")
                        .subject(fileSubject).expected("md5 " + expected).actual("md5 " + entry.md5()).build());
            }
        }
        for (Map.Entry<String, String> entry : recorded.entrySet()) {
            if (!present.containsKey(entry.getKey())) {
                String fileSubject = subject + "/" + entry.getKey();
                removed.add(fileSubject);
                result.finding(Finding.of(DatasetsCheck.FILE_REMOVED, fileSubject + ": removed from " + subject
                        + " since " + relativeFile + " recorded it (was DVC md5 " + entry.getValue() + ")")
                        .subject(fileSubject).expected("md5 " + entry.getValue()).actual("missing").build());
            }
        }
        return new Tally(entries.size(), bytes);
    }

    /** The output's path inside the project; DVC paths are relative to the DVC file's directory. */
    private Path resolve(Path file, DvcFile.Output output) {
        String path = output.path();
        if (path.startsWith("/") || path.indexOf('\\') >= 0 || (path.length() > 1 && path.charAt(1) == ':')
                || path.chars().anyMatch(Character::isISOControl)) {
            throw new InputException(file, "output '" + path + "' (line " + output.line() + ") must be a relative"
                    + " '/'-separated path inside the project");
        }
        Path target = project.requireInside(file.getParent().resolve(path), "DVC output '" + path + "' (" + file
                + " line " + output.line() + ")");
        if (target.equals(baseDir)) {
            throw new InputException(file, "output '" + path + "' (line " + output.line() + ") is the whole project"
                    + " directory");
        }
        return target;
    }


    /** The directory holding {@code .dvc}, searched upwards from the DVC file but never above the project. */
    private Path dvcRoot(Path start) {
        for (Path dir = start; dir != null && dir.startsWith(baseDir); dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(".dvc"), LinkOption.NOFOLLOW_LINKS)) {
                return dir;
            }
        }
        return null;
    }

    /**
     * The listing DVC stored for the output's directory hash (DVC 3 keeps it under {@code .dvc/cache/files/md5},
     * DVC 2 under {@code .dvc/cache}), as relpath to md5; null when absent. A listing whose own hash is not the
     * recorded one is an error: the cache was tampered with or is corrupt.
     */
    private Map<String, String> cachedListing(Path dvcRoot, DvcFile.Output output) {
        if (dvcRoot == null) {
            return null;
        }
        String id = output.objectId();
        String name = id.substring(2) + DvcHashing.DIR_SUFFIX;
        for (Path candidate : List.of(dvcRoot.resolve(".dvc/cache/files/md5").resolve(id.substring(0, 2))
                .resolve(name), dvcRoot.resolve(".dvc/cache").resolve(id.substring(0, 2)).resolve(name))) {
            if (!Files.isRegularFile(candidate, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            String hash = hashFile(candidate, SafePaths.relativize(baseDir, candidate), output.rule()).md5();
            if (!hash.equals(id)) {
                throw new InputException(candidate, "DVC cache entry does not hash to its name (md5 " + hash
                        + "); the cache is corrupt or was edited");
            }
            return parseListing(candidate);
        }
        return null;
    }

    private static Map<String, String> parseListing(Path listing) {
        Map<String, String> entries = new HashMap<>();
        try (InputStream in = Files.newInputStream(listing); JsonParser json = JSON.createParser(in)) {
            if (json.nextToken() != JsonToken.START_ARRAY) {
                throw new InputException(listing, "a DVC .dir listing must be a JSON list");
            }
            while (json.nextToken() == JsonToken.START_OBJECT) {
                if (entries.size() >= LockFileIO.MAX_FILES_PER_DATASET) {
                    throw new InputException(listing, "more than " + LockFileIO.MAX_FILES_PER_DATASET + " entries");
                }
                String md5 = null;
                String relpath = null;
                while (json.nextToken() == JsonToken.FIELD_NAME) {
                    String field = json.currentName();
                    if (json.nextToken() != JsonToken.VALUE_STRING) {
                        json.skipChildren();
                        continue;
                    }
                    if (field.equals("md5")) {
                        md5 = json.getText();
                    } else if (field.equals("relpath")) {
                        relpath = json.getText();
                    }
                }
                if (md5 == null || relpath == null || SafePaths.problemWith(relpath).isPresent()) {
                    throw new InputException(listing, "a DVC .dir entry lacks 'md5' or has an unsafe 'relpath'");
                }
                entries.put(relpath, md5);
            }
            if (json.currentToken() != JsonToken.END_ARRAY) {
                throw new InputException(listing, "malformed DVC .dir listing");
            }
        } catch (JsonProcessingException e) {
            throw new InputException(listing, "malformed DVC .dir listing: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InputException(listing, "cannot read DVC .dir listing: " + e.getMessage(), e);
        }
        return entries;
    }

    private List<DvcHashing.FileHash> hashAll(List<FileSet.Entry> files, DvcHashing.Rule rule) {
        if (threads == 1 || files.size() < 2) {
            List<DvcHashing.FileHash> hashes = new ArrayList<>(files.size());
            for (FileSet.Entry file : files) {
                hashes.add(hashFile(file.path(), SafePaths.relativize(baseDir, file.path()), rule));
            }
            return hashes;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "aigate-dvc-hash");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<DvcHashing.FileHash>> futures = new ArrayList<>(files.size());
            for (FileSet.Entry file : files) {
                futures.add(pool.submit(() -> hashFile(file.path(), SafePaths.relativize(baseDir, file.path()),
                        rule)));
            }
            List<DvcHashing.FileHash> hashes = new ArrayList<>(files.size());
            for (Future<DvcHashing.FileHash> future : futures) {
                hashes.add(future.get());
            }
            return hashes;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GateException gate) {
                throw gate;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while hashing DVC outputs", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static DvcHashing.FileHash hashFile(Path file, String subject, DvcHashing.Rule rule) {
        BoundedFiles.requireRegularFile(file, "DVC-tracked file");
        try (InputStream in = Files.newInputStream(file)) {
            return DvcHashing.hash(in, rule);
        } catch (IOException e) {
            throw new InputException(file, "cannot read DVC-tracked file " + subject + ": " + e.getMessage(), e);
        }
    }

    private static String sizeChange(Long expected, long actual) {
        return expected == null || expected == actual ? "" : ", size " + expected + " -> " + actual + " bytes";
    }

    private static String describe(String md5, Long size) {
        return "md5 " + md5 + (size == null ? "" : ", " + size + " bytes");
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new InputException(file, "cannot read DVC file: " + e.getMessage(), e);
        }
    }

    private static String sha256(Path file) {
        try {
            return Digests.sha256Hex(file);
        } catch (IOException e) {
            throw new InputException(file, "cannot read DVC file: " + e.getMessage(), e);
        }
    }
}
