package dev.aigate.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigate.core.GateResult;
import dev.aigate.core.io.AtomicFiles;
import dev.aigate.core.io.Digests;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import dev.aigate.report.spi.ReportFormat;
import java.util.stream.Stream;

/**
 * Writes the report set. Every format is generated from the one JSON report. A run never leaves a mix of old and new
 * files: the set is written into a staging directory ({@code .<dir>.new-*}) that then replaces the report directory by
 * two renames (the old set to {@code .<dir>.old-*}, the new one into place). A run killed between those renames
 * leaves the old set in {@code .<dir>.old-*}; the next run on that folder puts it back (see {@link #recover}) and
 * removes every other leftover before it writes. Runs on one folder are serialised by a lock file next to it
 * ({@code .<dir>.lock}), within a process and across processes; a run waits for a bounded time, then fails cleanly
 * before touching anything. When the report directory also holds files aigate did not write, it is not replaced;
 * each report is then written atomically in place, the JSON report last, and reports of earlier runs that this run did
 * not produce are removed: each file is whole, but a kill can leave a mix of old and new files.
 */
public final class ReportWriter {
    private static final List<ReportFormat> FORMATS = loadFormats();

    /** Every file name a report directory can hold: each format's, its companions', and the signature. */
    public static final Set<String> REPORT_FILES = reportFiles();

    private static List<ReportFormat> loadFormats() {
        List<ReportFormat> formats = new java.util.ArrayList<>();
        ServiceLoader.load(ReportFormat.class, ReportFormat.class.getClassLoader()).forEach(formats::add);
        formats.sort(Comparator.comparing(ReportFormat::fileName));
        if (formats.stream().noneMatch(format -> format.fileName().equals(JsonReport.FILE_NAME))) {
            throw new IllegalStateException("the JSON report format is missing from the class path");
        }
        return List.copyOf(formats);
    }

    private static Set<String> reportFiles() {
        Set<String> names = new java.util.TreeSet<>();
        for (ReportFormat format : FORMATS) {
            names.add(format.fileName());
            names.addAll(format.companions().keySet());
        }
        names.add(ReportSignature.FILE_NAME);
        names.add(ReportSignature.SET_FILE_NAME);
        return java.util.Collections.unmodifiableSet(names);
    }

    /** The formats on the class path, in file name order. */
    public static List<ReportFormat> formats() {
        return FORMATS;
    }

    private ReportWriter() {
    }

    /** The files written. */
    public record Written(Path directory, List<Path> files) {
        public Path json() {
            return directory.resolve(JsonReport.FILE_NAME);
        }

        public Path html() {
            return directory.resolve(HtmlReport.FILE_NAME);
        }

        public List<Path> all() {
            return files;
        }
    }

    public static Written writeAll(GateResult result, Path directory) throws IOException {
        return writeAll(result, directory, null);
    }

    /**
     * Writes the report set, signed when {@code signingKey} is given: an ECDSA key signs every file of the set (an OMS
     * bundle, {@value ReportSignature#SET_FILE_NAME}); an Ed25519 key (legacy) the JSON report only.
     */
    public static Written writeAll(GateResult result, Path directory, java.security.PrivateKey signingKey)
            throws IOException {
        ObjectNode tree = JsonReport.toTree(result);
        byte[] json = JsonReport.mapper().writeValueAsBytes(tree);
        ReportFormat.Input input = new ReportFormat.Input(result, tree, json, Digests.sha256Hex(json));
        // The formats are independent views of the same data: render them side by side.
        Map<String, java.util.concurrent.Future<byte[]>> rendering = new LinkedHashMap<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())), daemonThreads());
        Map<String, byte[]> files = new LinkedHashMap<>();
        try {
            for (ReportFormat format : FORMATS) {
                files.putAll(format.companions());
                if (!format.fileName().equals(JsonReport.FILE_NAME)) {
                    rendering.put(format.fileName(), pool.submit(() -> format.render(input)));
                }
            }
        } finally {
            pool.shutdown();
        }
        for (Map.Entry<String, java.util.concurrent.Future<byte[]>> format : rendering.entrySet()) {
            files.put(format.getKey(), await(format.getKey(), format.getValue()));
        }
        if (signingKey instanceof java.security.interfaces.ECPrivateKey ec) {
            // An OMS bundle over every file of the set, the JSON included: any edit, deletion or addition shows.
            Map<String, byte[]> signed = new LinkedHashMap<>(files);
            signed.put(JsonReport.FILE_NAME, json);
            files.put(ReportSignature.SET_FILE_NAME, ReportSignature.signSet(signed, ec));
        } else if (signingKey != null) {
            files.put(ReportSignature.FILE_NAME, ReportSignature.sign(json, signingKey));
        }
        // The JSON report is the contract other tools read: last, so it never describes files not yet there.
        files.put(JsonReport.FILE_NAME, json);

        Path target = directory.toAbsolutePath().normalize();
        if (target.getParent() == null) {
            throw new IOException(target + ": cannot write reports into the file system root");
        }
        try (DirectoryLock lock = DirectoryLock.acquire(target)) {
            recover(target);
            if (replaceable(target)) {
                replaceDirectory(target, files);
            } else {
                for (Map.Entry<String, byte[]> file : files.entrySet()) {
                    AtomicFiles.write(target.resolve(file.getKey()), file.getValue());
                }
                for (String name : REPORT_FILES) {
                    if (!files.containsKey(name)) {
                        Files.deleteIfExists(target.resolve(name));
                    }
                }
            }
        }
        return new Written(target, files.keySet().stream().map(target::resolve).toList());
    }

    /**
     * Repairs what a killed run left next to {@code target}: when the report directory is missing and a
     * {@code .<dir>.old-*} set exists (the run was killed between its two renames), the newest is put back; every
     * other staging or old folder is removed. Call it with the directory's lock held ({@link #writeAll} does).
     *
     * @return whether a previous set was restored
     */
    public static boolean recover(Path target) throws IOException {
        Path parent = target.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            return false;
        }
        String name = target.getFileName().toString();
        List<Path> old = new java.util.ArrayList<>();
        List<Path> staging = new java.util.ArrayList<>();
        try (java.nio.file.DirectoryStream<Path> entries = Files.newDirectoryStream(parent)) {
            for (Path entry : entries) {
                String entryName = entry.getFileName().toString();
                if (entryName.startsWith("." + name + ".old-")) {
                    old.add(entry);
                } else if (entryName.startsWith("." + name + ".new-")) {
                    staging.add(entry);
                }
            }
        }
        boolean restored = false;
        if (!Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !old.isEmpty()) {
            old.sort(Comparator.comparing(ReportWriter::modified).reversed());
            Path newest = old.remove(0);
            if (Files.isDirectory(newest, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                move(newest, target);
                restored = true;
            } else {
                old.add(newest);
            }
        }
        for (Path leftover : old) {
            deleteTree(leftover);
        }
        for (Path leftover : staging) {
            deleteTree(leftover);
        }
        return restored;
    }

    private static java.nio.file.attribute.FileTime modified(Path path) {
        try {
            return Files.getLastModifiedTime(path, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return java.nio.file.attribute.FileTime.fromMillis(0);
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        return runnable -> {
            Thread thread = new Thread(runnable, "aigate-report");
            thread.setDaemon(true);
            return thread;
        };
    }

    private static byte[] await(String name, java.util.concurrent.Future<byte[]> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while rendering " + name, e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException("cannot render " + name + ": " + cause, cause);
        }
    }

    /** Only a directory that holds nothing but aigate reports (or does not exist yet) is replaced wholesale. */
    private static boolean replaceable(Path target) throws IOException {
        if (!Files.exists(target)) {
            return true;
        }
        if (!Files.isDirectory(target) || Files.isSymbolicLink(target)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(target)) {
            return entries.allMatch(p -> REPORT_FILES.contains(p.getFileName().toString())
                    && Files.isRegularFile(p));
        }
    }

    private static void replaceDirectory(Path target, Map<String, byte[]> files) throws IOException {
        Path parent = target.getParent();
        Files.createDirectories(parent);
        String name = target.getFileName().toString();
        Path staging = Files.createTempDirectory(parent, "." + name + ".new-");
        Path old = null;
        try {
            // A temporary directory is private (700); the report directory is meant to be read by others.
            if (Files.getFileStore(staging).supportsFileAttributeView(
                    java.nio.file.attribute.PosixFileAttributeView.class)) {
                Files.setPosixFilePermissions(staging, Files.exists(target) ? Files.getPosixFilePermissions(target)
                        : java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                AtomicFiles.write(staging.resolve(file.getKey()), file.getValue());
            }
            if (Files.exists(target)) {
                old = Files.createTempDirectory(parent, "." + name + ".old-");
                Files.delete(old);
                move(target, old);
            }
            move(staging, target);
        } catch (IOException | RuntimeException e) {
            if (old != null && !Files.exists(target)) {
                move(old, target);
                old = null;
            }
            throw e;
        } finally {
            deleteTree(staging);
            if (old != null) {
                deleteTree(old);
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(dir); // a link or file planted under a staging name: remove it, never what it points to
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
