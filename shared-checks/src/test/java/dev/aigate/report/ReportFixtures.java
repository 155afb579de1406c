package dev.aigate.report;

import dev.aigate.checks.datasets.Locks;
import dev.aigate.checks.datasets.DatasetsCheck;
import dev.aigate.core.FakeCheck;
import dev.aigate.core.Gate;
import dev.aigate.core.GateRequest;
import dev.aigate.core.GateResult;
import dev.aigate.core.InputException;
import dev.aigate.core.Verdict;
import dev.aigate.core.spi.Check;
import dev.aigate.core.spi.CheckRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Real gate results of every kind, for the report tests. Each is produced in its own directory. */
final class ReportFixtures {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
    /**
     * A file name (so no '/') that tries to break out of HTML, Markdown tables, code spans, XML attributes and
     * ASCII.
     */
    static final String HOSTILE =
            fileName("<script>alert(\"x\")<script> |`tick`| 'q' & donn\u00e9es_\u00e9 \uD83D\uDE00.csv");

    /** {@code name}, or its ASCII part where the platform cannot encode file names in UTF-8 (a POSIX locale). */
    static String fileName(String name) {
        String encoding = System.getProperty("sun.jnu.encoding", "UTF-8");
        boolean encodable = java.nio.charset.Charset.isSupported(encoding)
                && java.nio.charset.Charset.forName(encoding).newEncoder().canEncode(name);
        return encodable ? name : name.replaceAll("[^\\x20-\\x7E]", "_");
    }

    private ReportFixtures() {
    }

    private static GateResult run(Path policy, Set<String> skip, Check<?>... checks) {
        GateRequest request = new GateRequest(policy, Set.of(), skip, null, 2, Map.of(), null);
        return new Gate(CheckRegistry.of(List.of(checks)), CLOCK, null).run(request);
    }

    private static Path datasetProject(Path dir) throws IOException {
        Path data = Files.createDirectories(dir.resolve("data/train"));
        Files.writeString(data.resolve("a.csv"), "id,label\n1,cat\n");
        Files.writeString(data.resolve("b.csv"), "id,label\n2,dog\n");
        Path policy = dir.resolve("aigate.yml");
        Files.writeString(policy, "version: 1\nproject: digits\ndatasets:\n  requireProvenance: [source]\n  sets:\n"
                + "    - name: train\n      path: data/train\n      provenance:\n        source: https://example.org\n");
        Locks.lock(policy, 1, null);
        return policy;
    }

    /** Datasets check passing. */
    static GateResult pass(Path dir) {
        try {
            return run(datasetProject(dir), Set.of(), new DatasetsCheck());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Datasets check failing: one file modified, one with a hostile name added. */
    static GateResult fail(Path dir) {
        try {
            Path policy = datasetProject(dir);
            Files.writeString(dir.resolve("data/train/a.csv"), "id,label\n1,dog\n");
            Files.writeString(dir.resolve("data/train").resolve(HOSTILE), "poison\n");
            return run(policy, Set.of(), new DatasetsCheck());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The policy cannot be read: ERROR before any check ran. */
    static GateResult errorBeforeChecks(Path dir) {
        try {
            Path policy = dir.resolve("aigate.yml");
            Files.writeString(policy, "version: 1\nalpha: {}\nbogus: <b>\n");
            return run(policy, Set.of(), FakeCheck.passing("alpha"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A check that cannot evaluate next to one that fails, and a skipped one. */
    static GateResult checkError(Path dir) {
        try {
            Path policy = dir.resolve("aigate.yml");
            Files.writeString(policy, "version: 1\nalpha: {}\nbeta: {}\ngamma: {}\n");
            return run(policy, Set.of("gamma"),
                    FakeCheck.throwing("alpha", new InputException(dir.resolve(HOSTILE), "cannot read \"it\"")),
                    FakeCheck.reporting("beta", "critical:" + HOSTILE), FakeCheck.passing("gamma"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every waiver status: used, expired, unused and not-evaluated, with info findings; verdict FAIL. */
    static GateResult withWaivers(Path dir) {
        try {
            Path policy = dir.resolve("aigate.yml");
            Files.writeString(policy, "version: 1\n"
                    + "project: \"demo <b>|\"\n"
                    + "alpha: {}\n"
                    + "beta: {}\n"
                    + "gamma: {}\n"
                    + "waivers:\n"
                    + "  - id: used-one\n"
                    + "    rule: alpha/high\n"
                    + "    subject: 'data/**'\n"
                    + "    reason: \"accepted | risk <i>\"\n"
                    + "    approvedBy: \"Zo\u00eb <zoe@example.org>\"\n"
                    + "    expires: 2026-12-31\n"
                    + "  - id: expired-one\n"
                    + "    rule: alpha/medium\n"
                    + "    reason: old\n"
                    + "    approvedBy: bob\n"
                    + "    expires: 2026-01-31\n"
                    + "  - id: spare\n"
                    + "    rule: beta/*\n"
                    + "    reason: spare\n"
                    + "    approvedBy: bob\n"
                    + "    expires: 2027-01-01\n"
                    + "  - id: not-run\n"
                    + "    rule: gamma/high\n"
                    + "    reason: r\n"
                    + "    approvedBy: bob\n"
                    + "    expires: 2027-01-01\n");
            return run(policy, Set.of("gamma"), FakeCheck.reporting("alpha", "high:data/x.csv", "medium:y", "info:"),
                    FakeCheck.passing("beta"), FakeCheck.reporting("gamma", "high:"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A skipped check and a gate-level error (no check left to run). */
    static GateResult skippedOnly(Path dir) {
        try {
            Path policy = dir.resolve("aigate.yml");
            Files.writeString(policy, "version: 1\nalpha: {enabled: false}\n");
            return run(policy, Set.of(), FakeCheck.passing("alpha"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every fixture by name, each built in a subdirectory of {@code dir}. */
    static Map<String, GateResult> all(Path dir) {
        Map<String, GateResult> all = new LinkedHashMap<>();
        try {
            all.put("pass", pass(Files.createDirectories(dir.resolve("pass"))));
            all.put("fail", fail(Files.createDirectories(dir.resolve("fail"))));
            all.put("error-before-checks", errorBeforeChecks(Files.createDirectories(dir.resolve("policy-error"))));
            all.put("check-error", checkError(Files.createDirectories(dir.resolve("check-error"))));
            all.put("waivers", withWaivers(Files.createDirectories(dir.resolve("waivers"))));
            all.put("skipped-only", skippedOnly(Files.createDirectories(dir.resolve("skipped"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        check(all.get("pass").verdict() == Verdict.PASS, all.get("pass"));
        check(all.get("fail").verdict() == Verdict.FAIL, all.get("fail"));
        check(all.get("error-before-checks").verdict() == Verdict.ERROR, all.get("error-before-checks"));
        check(all.get("check-error").verdict() == Verdict.ERROR, all.get("check-error"));
        check(all.get("waivers").verdict() == Verdict.FAIL, all.get("waivers"));
        check(all.get("skipped-only").verdict() == Verdict.ERROR, all.get("skipped-only"));
        return all;
    }

    private static void check(boolean condition, GateResult result) {
        if (!condition) {
            throw new AssertionError("fixture has an unexpected verdict " + result.verdict() + ": " + result.errors());
        }
    }
}
