package dev.aigate.checks.models;

import dev.aigate.core.CheckResult;
import dev.aigate.core.Finding;
import dev.aigate.core.GateException;
import dev.aigate.core.InputDigest;
import dev.aigate.core.InputException;
import dev.aigate.core.ProgressListener;
import dev.aigate.core.Rule;
import dev.aigate.core.Severity;
import dev.aigate.core.io.BoundedFiles;
import dev.aigate.core.io.Digests;
import dev.aigate.core.io.PipelinedDigest;
import dev.aigate.core.io.SafePaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Scans a list of files and turns what was found into findings: one per rule, file, member and import (with the first
 * offset), each naming the file, the member, the offset, the import or call and the technique. Files are scanned one
 * at a time (memory stays bounded), while a second thread hashes them for the report. Every file that cannot be read to
 * the end is collected, and the scan then fails as a whole with all of them named: an error, never a pass.
 */
final class ModelScan {
    private static final int MAX_ERRORS_SHOWN = 5;

    private final Path baseDir;
    private final boolean strict;
    private final Globals globals;
    private final ScanLimits limits;

    ModelScan(Path baseDir, boolean strict, List<String> allow, ScanLimits limits) {
        this.baseDir = baseDir.toAbsolutePath().normalize();
        this.strict = strict;
        this.globals = new Globals(allow);
        this.limits = limits;
    }

    /** What scanning one file gave: its report, or why it could not be scanned. */
    private record Outcome(ModelScanner.Report report, String error, boolean externalData) {
    }

    /** A file's size and SHA-256. */
    private record Digest(long size, String sha256) {
    }

    /** Files up to this size are read once, hashed and scanned from memory: one open and one read each. */
    private static final int SMALL_FILE = 1 << 20;

    CheckResult run(List<Path> files, int threads, ProgressListener progress, String title) {
        CheckResult.Builder result = CheckResult.builder(ModelsCheck.ID, title);
        // ONNX models first, one at a time: the external data they name is then known to be data, not an unscanned
        // file. The rest is scanned by a few workers, each bounded in memory like a single scan.
        List<Path> ordered = new ArrayList<>(files);
        ordered.sort(Comparator.comparing((Path p) -> !onnxName(p)).thenComparing(Comparator.naturalOrder()));
        Set<String> externalData = java.util.concurrent.ConcurrentHashMap.newKeySet();
        ModelScanner scanner = new ModelScanner(globals, limits);
        int workers = Math.max(1, Math.min(threads, 4));
        ExecutorService hashing = Executors.newFixedThreadPool(1, daemon("aigate-models-hash"));
        ExecutorService scanning = Executors.newFixedThreadPool(workers, daemon("aigate-models-scan"));
        List<Outcome> outcomes = new ArrayList<>();
        List<Digest> digests = new ArrayList<>();
        Digest[] small = new Digest[ordered.size()];
        java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
        try {
            List<Future<Digest>> hashes = java.util.Collections.synchronizedList(new ArrayList<>(
                    java.util.Collections.nCopies(ordered.size(), (Future<Digest>) null)));
            List<Future<Outcome>> scans = new ArrayList<>();
            for (int i = 0; i < ordered.size(); i++) {
                Path file = ordered.get(i);
                int index = i;
                java.util.concurrent.Callable<Outcome> task = () -> {
                    // A small file is read once, hashed and scanned from memory; a large one is hashed on the
                    // hashing thread while the scanner reads only what it needs.
                    long size = size(file);
                    boolean read = size <= SMALL_FILE;
                    if (!read) {
                        hashes.set(index, hashing.submit(() -> hash(file)));
                    }
                    if (!onnxName(file) && externalData.contains(file.toAbsolutePath().normalize().toString())) {
                        if (read) {
                            small[index] = hash(file);
                        }
                        return new Outcome(null, null, true);
                    }
                    return scan(scanner, file, read, index, small);
                };
                if (onnxName(file)) {
                    Outcome outcome = task.call();
                    if (outcome.report() != null) {
                        externalData.addAll(outcome.report().externalData);
                    }
                    scans.add(java.util.concurrent.CompletableFuture.completedFuture(outcome));
                } else {
                    scans.add(scanning.submit(() -> {
                        Outcome outcome = task.call();
                        progress.progress("scanning model files", done.incrementAndGet(), ordered.size(), 0, 0);
                        return outcome;
                    }));
                }
            }
            for (Future<Outcome> scan : scans) {
                outcomes.add(scan.get());
            }
            for (int i = 0; i < hashes.size(); i++) {
                digests.add(hashes.get(i) == null ? small[i] : hashes.get(i).get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GateException("model scan interrupted");

        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof GateException g ? g : new GateException("cannot scan or hash a model file: "
                    + cause, cause);
        } catch (GateException e) {
            throw e;
        } catch (Exception e) {
            throw new GateException("cannot scan a model file: " + e, e);
        } finally {
            hashing.shutdownNow();
            scanning.shutdownNow();
        }

        List<String> errors = new ArrayList<>();
        List<Map<String, Object>> notable = new ArrayList<>();
        Map<String, Integer> formats = new TreeMap<>();
        long streams = 0;
        long opcodes = 0;
        long bytes = 0;
        int unscanned = 0;
        for (int i = 0; i < ordered.size(); i++) {
            Path file = ordered.get(i);
            String shown = shown(file);
            Outcome outcome = outcomes.get(i);
            if (outcome.error() != null) {
                errors.add(outcome.error());
                continue;
            }
            Digest digest = digests.get(i);
            bytes += digest.size();
            result.input(new InputDigest("model", shown, digest.size(), digest.sha256()));
            if (outcome.externalData()) {
                formats.merge("onnx-external-data", 1, Integer::sum);
                continue;
            }
            ModelScanner.Report report = outcome.report();
            streams += report.streams;
            opcodes += report.opcodes;
            String format = report.format == null ? "unrecognised" : report.format;
            formats.merge(format, 1, Integer::sum);
            boolean fileUnscanned = false;
            for (Hit hit : report.hits()) {
                fileUnscanned |= hit.kind() == Hit.Kind.UNSCANNED;
                result.finding(finding(hit, shown));
            }
            unscanned += fileUnscanned ? 1 : 0;
            if (!report.hits.isEmpty()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("path", shown);
                entry.put("format", format);
                entry.put("members", report.members);
                entry.put("pickleStreams", report.streams);
                entry.put("status", fileUnscanned ? "incomplete" : "complete");
                entry.put("findings", report.hits.size());
                notable.add(entry);
            }
        }
        if (!errors.isEmpty()) {
            throw new GateException("scan status error: " + errors.size() + " of " + ordered.size()
                    + " model file(s) could not be scanned to the end, so they are not judged safe: "
                    + String.join("; ", errors.subList(0, Math.min(MAX_ERRORS_SHOWN, errors.size())))
                    + (errors.size() > MAX_ERRORS_SHOWN ? "; and " + (errors.size() - MAX_ERRORS_SHOWN) + " more"
                    : ""));
        }
        progress.progress("scanning model files", ordered.size(), ordered.size(), 0, 0);
        result.metric("status", unscanned == 0 ? "complete" : "incomplete");
        result.metric("files", ordered.size());
        result.metric("bytes", bytes);
        result.metric("unscannedFiles", unscanned);
        result.metric("formats", formats);
        result.metric("pickleStreams", streams);
        result.metric("pickleOpcodes", opcodes);
        result.metric("strict", strict);
        result.metric("filesWithFindings", notable);
        return result.build();
    }

    /** @param read whether to read the whole (small) file once, hash it into {@code digests[index]} and scan it */
    private Outcome scan(ModelScanner scanner, Path file, boolean read, int index, Digest[] digests) {
        String shown = shown(file);
        try {
            BoundedFiles.requireRegularFile(file, "model file");
            if (read) {
                byte[] content;
                try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file)) {
                    long size = channel.size();
                    if (size > SMALL_FILE) {
                        throw new IOException("it grew to " + size + " bytes while being scanned");
                    }
                    java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate((int) size);
                    while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                        // fill
                    }
                    content = buffer.position() == size ? buffer.array() : java.util.Arrays.copyOf(buffer.array(),
                            buffer.position());
                }
                digests[index] = new Digest(content.length, Digests.sha256Hex(content));
                return new Outcome(scanner.scan(file, content, baseDir), null, false);
            }
            return new Outcome(scanner.scan(file, baseDir), null, false);
        } catch (MalformedModelException e) {
            return new Outcome(null, shown + ": " + e.getMessage(), false);
        } catch (InputException e) {
            return new Outcome(null, e.getMessage(), false);
        } catch (IOException e) {
            return new Outcome(null, shown + ": cannot be read: " + e.getMessage(), false);
        }
    }

    /** The file relative to the project with '/' separators (files are below it: ModelFiles checked). */
    private String shown(Path file) {
        String root = baseDir.toString();
        String path = file.toString();
        if (path.startsWith(root) && path.length() > root.length() + 1 && path.charAt(root.length())
                == java.io.File.separatorChar) {
            String relative = path.substring(root.length() + 1);
            return java.io.File.separatorChar == '/' ? relative : relative.replace(java.io.File.separatorChar, '/');
        }
        return SafePaths.relativize(baseDir, file);
    }

    private static boolean onnxName(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".onnx");
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private Finding finding(Hit hit, String file) {
        Rule rule = switch (hit.kind()) {
            case CODE_EXECUTION -> ModelsCheck.CODE_EXECUTION;
            case UNKNOWN_GLOBAL -> ModelsCheck.UNKNOWN_GLOBAL;
            case KERAS_LAMBDA -> ModelsCheck.KERAS_LAMBDA;
            case KERAS_CUSTOM_OBJECT -> ModelsCheck.KERAS_CUSTOM_OBJECT;
            case ONNX_EXTERNAL_DATA -> ModelsCheck.ONNX_EXTERNAL_DATA;
            case ONNX_CUSTOM_DOMAIN -> ModelsCheck.ONNX_CUSTOM_DOMAIN;
            case GGUF_TEMPLATE_CODE -> ModelsCheck.GGUF_TEMPLATE_CODE;
            case UNSCANNED -> ModelsCheck.UNSCANNED_FILE;
        };
        String where = file + (hit.member() == null ? "" : "!" + hit.member())
                + (hit.offset() >= 0 ? " at byte " + hit.offset() : "");
        Finding finding = Finding.of(rule, where + ": " + hit.detail() + " (" + hit.technique() + ")")
                .subject(file)
                .expected(expected(hit.kind()))
                .actual((hit.member() == null ? "" : "member " + hit.member() + ", ")
                        + (hit.offset() >= 0 ? "offset " + hit.offset() + ", " : "") + hit.what() + ": "
                        + hit.technique())
                .remediation(remediation(hit, rule))
                .build();
        boolean suspicious = rule.defaultSeverity() == Severity.MEDIUM;
        return strict && suspicious ? finding.withSeverity(Severity.CRITICAL) : finding;
    }

    private static String expected(Hit.Kind kind) {
        return switch (kind) {
            case CODE_EXECUTION, UNKNOWN_GLOBAL -> "only allowlisted imports (tensors, arrays, containers, estimators)";
            case KERAS_LAMBDA, KERAS_CUSTOM_OBJECT -> "only Keras's own layers and objects";
            case ONNX_EXTERNAL_DATA -> "external data inside the model's folder";
            case ONNX_CUSTOM_DOMAIN -> "standard ONNX operator domains";
            case GGUF_TEMPLATE_CODE -> "a chat template that only formats messages";
            case UNSCANNED -> "a model format aigate reads";
        };
    }

    private static String remediation(Hit hit, Rule rule) {
        if (hit.kind() == Hit.Kind.CODE_EXECUTION && hit.member() != null && hit.member().endsWith(".py")) {
            return "Do not load this TorchScript archive; export the model again from trusted code.";
        }
        return rule.remediation();
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new InputException(file, "cannot read its size: " + e.getMessage(), e);
        }
    }

    /** One buffer for the hashing thread: ten thousand small files must not mean ten thousand buffers. */
    private static final ThreadLocal<byte[]> HASH_BUFFER = ThreadLocal.withInitial(() -> new byte[1 << 16]);

    private static Digest hash(Path file) {
        try {
            long size = Files.size(file);
            return new Digest(size, size >= PipelinedDigest.THRESHOLD ? PipelinedDigest.sha256Hex(file, n -> { })
                    : Digests.sha256Hex(file, HASH_BUFFER.get(), n -> { }));
        } catch (IOException e) {
            throw new InputException(file, "cannot be hashed: " + e.getMessage(), e);
        }
    }
}
