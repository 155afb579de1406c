package dev.aigate.report;

import dev.aigate.core.CheckResult;
import dev.aigate.core.GateResult;
import dev.aigate.core.Severity;
import dev.aigate.core.Verdict;
import dev.aigate.core.policy.ConfigBinder;
import dev.aigate.core.policy.YamlDocument;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A head start for short-lived processes (the CLI): on a background thread, loads and exercises the policy parser
 * and every report writer on a tiny made-up result, while the main thread parses the command line and runs the
 * checks, which mostly keep one core busy hashing. Nothing it produces is kept; any failure is ignored (the real
 * work reports real problems).
 */
public final class Warmup {
    private Warmup() {
    }

    public static void start() {
        Thread thread = new Thread(Warmup::run, "aigate-warmup");
        thread.setDaemon(true);
        thread.start();
    }

    static void run() {
        try {
            YamlDocument policy = YamlDocument.parse(Path.of("warmup.yml"), ("version: 1\nfailOn: high\n"
                    + "waivers:\n  - rule: policy/waiver-expired\n    reason: warm-up\n    approvedBy: a@b.c\n"
                    + "    expires: 2026-01-01\n").getBytes(StandardCharsets.UTF_8));
            // The same record binding every check section goes through, on a core type (reports know no check).
            ConfigBinder.bind(policy, com.fasterxml.jackson.core.JsonPointer.compile("/waivers/0"),
                    dev.aigate.core.policy.Waiver.class);
            GateResult result = new GateResult("warmup", "warmup", Path.of("aigate.yml"), "0".repeat(64),
                    Severity.DEFAULT_FAIL_ON, "default", Instant.EPOCH, Instant.EPOCH, Verdict.PASS,
                    List.of(CheckResult.builder("warmup", "Warmup").build().evaluated(
                            dev.aigate.core.CheckStatus.PASSED, List.of())), List.of(), null, Map.of());
            var tree = JsonReport.toTree(result);
            byte[] json = JsonReport.mapper().writeValueAsBytes(tree);
            var input = new dev.aigate.report.spi.ReportFormat.Input(result, tree, json, "0".repeat(64));
            for (var format : ReportWriter.formats()) {
                format.render(input);
            }
        } catch (Exception | LinkageError e) {
            // Only a head start.
        }
    }
}
