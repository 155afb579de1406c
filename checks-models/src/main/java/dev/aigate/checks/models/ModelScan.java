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
import java.util.HashSet;
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

    CheckResult run(List<Path> files, int threads, ProgressListener progress, String title) {
        CheckResult.Builder result = CheckResult.builder(ModelsCheck.ID, title);
        // ONNX models first: the external data they name is then known to be data, not an unscanned file.
        List<Path> ordered = new ArrayList<>(files);
        ordered.sort(Comparator.comparing((Path p) -> !p.getFileName().toString().toLowerCase(Locale.ROOT)
                .endsWith(".onnx")).thenComparing(Comparator.naturalOrder()));
        Set<String> externalData = new HashSet<>();
        List<String> errors = new ArrayList<>();
        List<Map<String, Object>> perFile = new ArrayList<>();
        Map<String, Integer> formats = new TreeMap<>();
        long streams = 0;
        long opcodes = 0;
        long bytes = 0;
        int unscanned = 0;
        ModelScanner scanner = new ModelScanner(globals, limits);
        ExecutorService hashing = Executors.newFixedThreadPool(Math.max(1, Math.min(2, threads)), runnable -> {
            Thread thread = new Thread(runnable, "aigate-models-hash");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<String>> digests = new ArrayList<>();
            for (Path file : ordered) {
                digests.add(hashing.submit(() -> hash(file)));
            }
            for (int i = 0; i < ordered.size(); i++) {
                Path file = ordered.get(i);
                String shown = SafePaths.relativize(baseDir, file);
                progress.progress("scanning model files", i, ordered.size(), 0, 0);
                long size = size(file);
                bytes += size;
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("path", shown);
                if (externalData.contains(file.toAbsolutePath().normalize().toString())) {
                    entry.put("format", "onnx-external-data");
                    entry.put("status", "complete");
                    formats.merge("onnx-external-data", 1, Integer::sum);
                } else {
                    try {
                        BoundedFiles.requireRegularFile(file, "model file");
                        ModelScanner.Report report = scanner.scan(file, baseDir);
                        externalData.addAll(report.externalData);
                        streams += report.streams;
                        opcodes += report.opcodes;
                        String format = report.format == null ? "unrecognised" : report.format;
                        formats.merge(format, 1, Integer::sum);
                        entry.put("format", format);
                        entry.put("members", report.members);
                        entry.put("pickleStreams", report.streams);
                        boolean fileUnscanned = false;
                        for (Hit hit : report.hits()) {
                            fileUnscanned |= hit.kind() == Hit.Kind.UNSCANNED;
                            result.finding(finding(hit, shown));
                        }
                        if (fileUnscanned) {
                            unscanned++;
                        }
                        entry.put("status", fileUnscanned ? "incomplete" : "complete");
                        entry.put("findings", report.hits().size());
                    } catch (MalformedModelException e) {
                        errors.add(shown + ": " + e.getMessage());
                        entry.put("status", "error");
                    } catch (InputException e) {
                        errors.add(e.getMessage());
                        entry.put("status", "error");
                    } catch (IOException e) {
                        errors.add(shown + ": cannot be read: " + e.getMessage());
                        entry.put("status", "error");
                    }
                }
                perFile.add(entry);
            }
            if (!errors.isEmpty()) {
                throw new GateException("scan status error: " + errors.size() + " of " + ordered.size()
                        + " model file(s) could not be scanned to the end, so they are not judged safe: "
                        + String.join("; ", errors.subList(0, Math.min(MAX_ERRORS_SHOWN, errors.size())))
                        + (errors.size() > MAX_ERRORS_SHOWN ? "; and " + (errors.size() - MAX_ERRORS_SHOWN)
                        + " more" : ""));
            }
            for (int i = 0; i < ordered.size(); i++) {
                Path file = ordered.get(i);
                result.input(new InputDigest("model", SafePaths.relativize(baseDir, file), size(file),
                        digests.get(i).get()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GateException("model scan interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof GateException g ? g : new GateException("cannot hash a model file: " + cause, cause);
        } finally {
            hashing.shutdownNow();
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
        result.metric("scanned", perFile);
        return result.build();
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

    private static String hash(Path file) {
        try {
            return Files.size(file) >= PipelinedDigest.THRESHOLD ? PipelinedDigest.sha256Hex(file, n -> { })
                    : Digests.sha256Hex(file);
        } catch (IOException e) {
            throw new InputException(file, "cannot be hashed: " + e.getMessage(), e);
        }
    }
}
