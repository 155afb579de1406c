package dev.aigate.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigate.core.GateResult;
import dev.aigate.core.io.AtomicFiles;
import dev.aigate.core.io.Digests;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * files: the set is written into a staging directory that then replaces the report directory by rename. When the
 * report directory also holds files aigate did not write, it is not replaced; each report is then written atomically
 * in place, the JSON report last, and reports of earlier runs that this run did not produce are removed.
 */
public final class ReportWriter {
    /** Every file name the core writes into a report directory. */
    public static final Set<String> REPORT_FILES = Set.of(JsonReport.FILE_NAME, JunitXmlReport.FILE_NAME,
            MarkdownReport.FILE_NAME, HtmlReport.FILE_NAME, HtmlReport.CSS_FILE_NAME, SarifReport.FILE_NAME,
            JsonReport.FILE_NAME + ".sig", ReportSignature.SET_FILE_NAME);

    private static final List<ReportFormat> EXTRA_FORMATS = loadFormats();

    private static List<ReportFormat> loadFormats() {
        List<ReportFormat> formats = new java.util.ArrayList<>();
        ServiceLoader.load(ReportFormat.class, ReportFormat.class.getClassLoader()).forEach(formats::add);
        formats.sort(Comparator.comparing(ReportFormat::fileName));
        return List.copyOf(formats);
    }

    /** The extra formats on the class path (e.g. the ML-BOM), in file name order. */
    public static List<ReportFormat> extraFormats() {
        return EXTRA_FORMATS;
    }

    private static Set<String> allReportFiles() {
        Set<String> names = new java.util.HashSet<>(REPORT_FILES);
        EXTRA_FORMATS.forEach(format -> names.add(format.fileName()));
        return names;
    }

    private ReportWriter() {
    }

    /** The files written. */
    public record Written(Path directory, Path json, Path junit, Path markdown, Path html, Path sarif) {
        public List<Path> all() {
            return List.of(json, junit, markdown, html, directory.resolve(HtmlReport.CSS_FILE_NAME), sarif);
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
        String jsonSha256 = Digests.sha256Hex(json);
        // The formats are independent views of the same data: render them side by side.
        Map<String, java.util.concurrent.Future<byte[]>> rendering = new LinkedHashMap<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())), daemonThreads());
        try {
            rendering.put(JunitXmlReport.FILE_NAME, pool.submit(() -> render(out -> JunitXmlReport.write(result, out))));
            rendering.put(MarkdownReport.FILE_NAME, pool.submit(() -> render(out -> MarkdownReport.write(result, out))));
            rendering.put(SarifReport.FILE_NAME, pool.submit(() -> render(out -> SarifReport.write(tree, out))));
            rendering.put(HtmlReport.FILE_NAME, pool.submit(() -> render(out -> HtmlReport.write(tree, jsonSha256,
                    out))));
            for (ReportFormat format : EXTRA_FORMATS) {
                rendering.put(format.fileName(), pool.submit(() -> format.render(tree)));
            }
        } finally {
            pool.shutdown();
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(HtmlReport.CSS_FILE_NAME, HtmlReport.css().getBytes(StandardCharsets.UTF_8));
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
        if (replaceable(target)) {
            replaceDirectory(target, files);
        } else {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                AtomicFiles.write(target.resolve(file.getKey()), file.getValue());
            }
            for (String name : allReportFiles()) {
                if (!files.containsKey(name)) {
                    Files.deleteIfExists(target.resolve(name));
                }
            }
        }
        return new Written(target, target.resolve(JsonReport.FILE_NAME), target.resolve(JunitXmlReport.FILE_NAME),
                target.resolve(MarkdownReport.FILE_NAME), target.resolve(HtmlReport.FILE_NAME),
                target.resolve(SarifReport.FILE_NAME));
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

    private static byte[] render(AtomicFiles.Content content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        content.writeTo(out);
        return out.toByteArray();
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
            Set<String> ours = allReportFiles();
            return entries.allMatch(p -> ours.contains(p.getFileName().toString())
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
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
