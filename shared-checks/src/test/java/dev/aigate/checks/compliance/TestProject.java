package dev.aigate.checks.compliance;

import dev.aigate.core.CheckResult;
import dev.aigate.core.CheckStatus;
import dev.aigate.core.Gate;
import dev.aigate.core.GateRequest;
import dev.aigate.core.GateResult;
import dev.aigate.core.spi.CheckContext;
import dev.aigate.core.spi.CheckRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A throw-away project directory for compliance tests, run on a fixed date (2026-06-15). */
final class TestProject {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-15T10:00:00Z"), ZoneOffset.UTC);

    final Path dir;
    private final List<CheckResult> earlier = new ArrayList<>();

    TestProject(Path dir) {
        this.dir = dir;
    }

    TestProject file(String relative, String content) {
        try {
            Path path = dir.resolve(relative);
            Files.createDirectories(path.getParent());
            Files.writeString(path, content, StandardCharsets.UTF_8);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a checklist with the given items (YAML list entries, indented by two). */
    TestProject checklist(String items) {
        return file("compliance/checklist.yml", "version: 1\nitems:\n" + items);
    }

    /** Pretends an earlier check of the same gate ended with {@code status}. */
    TestProject earlier(String checkId, CheckStatus status) {
        CheckResult raw = status == CheckStatus.SKIPPED ? CheckResult.skipped(checkId, checkId, "skipped on request")
                : status == CheckStatus.ERROR ? CheckResult.error(checkId, checkId, "lock file missing", 1)
                : CheckResult.builder(checkId, checkId).build();
        earlier.add(status == CheckStatus.SKIPPED || status == CheckStatus.ERROR ? raw
                : raw.evaluated(status, List.of()));
        return this;
    }

    /** Runs the compliance check directly (findings as raised, before the evaluator). */
    CheckResult run() {
        return run(new ComplianceConfig(null, "compliance/checklist.yml", null, null));
    }

    CheckResult run(ComplianceConfig config) {
        return new ComplianceCheck().run(config, new CheckContext(dir, CLOCK, 1, null, Map.of(), earlier));
    }

    /** Runs the whole gate with {@code aigate.yml} in the project. */
    GateResult gate() {
        return new Gate(CheckRegistry.load(), CLOCK, null).run(GateRequest.of(dir.resolve("aigate.yml")));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> item(CheckResult result, String id) {
        for (Map<String, Object> item : (List<Map<String, Object>>) result.metrics().get("items")) {
            if (id.equals(item.get("id"))) {
                return item;
            }
        }
        throw new AssertionError("no item " + id + " in " + result.metrics().get("items"));
    }

    static String status(CheckResult result, String id) {
        return (String) item(result, id).get("status");
    }
}
