package dev.aigate.checks.poisoning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.core.ActionRunner;
import dev.aigate.core.CheckResult;
import dev.aigate.core.CheckStatus;
import dev.aigate.core.Finding;
import dev.aigate.core.Gate;
import dev.aigate.core.GateRequest;
import dev.aigate.core.GateResult;
import dev.aigate.core.ProgressListener;
import dev.aigate.core.Verdict;
import dev.aigate.core.spi.CheckContext;
import dev.aigate.core.spi.CheckRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The check end to end: approve (baseline action, then the dataset lock), then gate runs against it. */
class PoisoningCheckTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
    static final String POLICY = "version: 1\n"
            + "datasets:\n"
            + "  sets:\n"
            + "    - name: train\n"
            + "      path: data\n"
            + "poisoning:\n"
            + "  data: {csv: data/train.csv, label: label}\n"
            + "  baseline: data/aigate-poisoning.baseline.json\n"
            + "  maxRowsInMessage: 2\n";

    @TempDir
    Path dir;
    Path policy;
    Path train;

    @BeforeEach
    void approve() throws IOException {
        Files.createDirectories(dir.resolve("data"));
        train = dir.resolve("data/train.csv");
        Files.copy(Evaluation.gunzip(Evaluation.ROOT.resolve("wine/approved.csv.gz"), dir), train);
        policy = write("aigate.yml", POLICY);
    }

    Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    static Gate gate() {
        return new Gate(CheckRegistry.load(), CLOCK, ProgressListener.NONE);
    }

    ActionRunner.Outcome action(String check, String name) {
        return new ActionRunner(gate(), Map.of()).run(new ActionRunner.Request(check, name, GateRequest.of(policy),
                Map.of()));
    }

    ActionRunner.Outcome baseline() {
        return action("poisoning", "baseline");
    }

    void lock() {
        action("datasets", "lock");
    }

    GateResult verify() {
        return gate().run(GateRequest.of(policy));
    }

    static CheckResult check(GateResult result) {
        return result.checks().stream().filter(c -> c.checkId().equals("poisoning")).findFirst().orElseThrow();
    }

    void candidate(String name) throws IOException {
        Files.copy(Evaluation.gunzip(Evaluation.ROOT.resolve("wine/" + name + ".csv.gz"), dir), train,
                StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void approvedDataPassesAndPoisonedRowsAreNamed() throws IOException {
        ActionRunner.Outcome outcome = baseline();
        assertEquals(List.of(dir.resolve("data/aigate-poisoning.baseline.json")), outcome.result().written());
        lock();
        GateResult approved = verify();
        assertEquals(Verdict.PASS, approved.verdict(), String.valueOf(approved.errors()));
        assertEquals(89, check(approved).metrics().get("approvedRows"));

        candidate("flip-10pct");
        CheckResult poisoned = check(verify());
        assertEquals(CheckStatus.FAILED, poisoned.status());
        // The six flipped rows lie among another class's rows and the calibrated discriminant finds their labels so
        // improbable that together they are significant alone; the logistic model doubts five of them, which against
        // 89 approved rows is not significant (p = 0.011 by the exact test), so only the neighbour signal fires.
        Finding finding = poisoned.findings().stream()
                .filter(f -> f.ruleId().equals("poisoning/neighbour-disagreement")).findFirst().orElseThrow();
        assertEquals("data/train.csv", finding.subject());
        assertTrue(finding.message().startsWith("data/train.csv: 6 of 62 new rows have a label that at most 10%"),
                finding.message());
        assertTrue(finding.message().contains("together they are significant alone"), finding.message());
        assertTrue(finding.message().contains("; and 4 more (all in the JSON report)"), finding.message());
        assertTrue(finding.message().matches(".*: line \\d+ \\(label '\\d' shared by 0 of its 10 nearest approved"
                + " rows.*"), finding.message());
        assertTrue(poisoned.findings().stream().noneMatch(f -> f.ruleId().equals("poisoning/model-disagreement")
                && f.isViolation()), "five doubted rows of 62 against none of 89 approved is no evidence alone");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> all = (List<Map<String, Object>>) poisoned.metrics().get("suspectRows");
        List<Map<String, Object>> rows = all.stream()
                .filter(r -> r.get("rule").equals("poisoning/neighbour-disagreement")).toList();
        assertEquals(6, rows.size());
        // Every suspect row of every signal that fired: exactly the flipped rows.
        String poisonedLines = Evaluation.manifest().get("datasets").get("wine").get("cases").get(4)
                .get("poisonedLines").toString();
        assertEquals(poisonedLines, all.stream().map(r -> r.get("line")).distinct().sorted().toList().toString()
                .replace(" ", ""));
        assertEquals(6, all.size(), "each row named once");
        assertTrue(((List<?>) rows.get(0).get("conflictsWith")).size() >= 5);
    }

    @Test
    void theBaselineMustBeTheLockedOne() throws IOException {
        lock();
        baseline();
        GateResult unlocked = verify();
        assertEquals(Verdict.ERROR, unlocked.verdict());
        assertTrue(String.valueOf(unlocked.errors()).contains("data/aigate-poisoning.baseline.json: the poisoning"
                + " baseline is not covered by the dataset lock aigate-datasets.lock.json"), unlocked.errors()
                .toString());

        lock();
        // An attacker re-approves poisoned data: a new baseline, but the lock still has the old one.
        candidate("flip-10pct");
        baseline();
        GateResult moved = verify();
        assertEquals(Verdict.ERROR, moved.verdict());
        assertTrue(String.valueOf(moved.errors()).contains("the poisoning baseline changed since it was locked"),
                moved.errors().toString());
    }

    @Test
    void aBaselineBesideTheLockIsCoveredByItsOwnDataset() throws IOException {
        policy = write("aigate.yml", "version: 1\n"
                + "datasets:\n"
                + "  sets:\n"
                + "    - name: train\n"
                + "      path: data\n"
                + "    - name: poisoning-baseline\n"
                + "      path: .\n"
                + "      include: [aigate-poisoning.baseline.json]\n"
                + "poisoning:\n"
                + "  data: {csv: data/train.csv, label: label}\n");
        baseline();
        lock();
        GateResult result = verify();
        assertEquals(Verdict.PASS, result.verdict(), String.valueOf(result.errors()));
        assertEquals("poisoning-baseline", ((Map<?, ?>) check(result).metrics().get("baseline")).get("lockedIn"));
    }

    @Test
    void policyMistakesAreErrorsNamingTheKey() throws IOException {
        write("aigate.yml", POLICY + "  neighbors: 5\n");
        GateResult result = verify();
        assertEquals(Verdict.ERROR, result.verdict());
        assertTrue(String.valueOf(result.errors()).contains("neighbors"), result.errors().toString());
        write("aigate.yml", POLICY.replace("maxRowsInMessage: 2", "neighbourDisagreement: {alpha: 2}"));
        assertTrue(String.valueOf(verify().errors()).contains("'neighbourDisagreement.alpha' must be a probability"));
    }

    @Test
    void findingsDoNotDependOnTheThreadCount() throws IOException {
        baseline();
        lock();
        candidate("targeted-flip");
        PoisoningConfig config = new PoisoningConfig(null, new PoisoningConfig.Data("data/train.csv", null, null,
                null, "label", null), null, "data/aigate-poisoning.baseline.json", null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null);
        CheckResult one = new PoisoningCheck().run(config, new CheckContext(dir, CLOCK, 1, null, null, null));
        CheckResult three = new PoisoningCheck().run(config, new CheckContext(dir, CLOCK, 3, null, null, null));
        assertEquals(one.findings(), three.findings());
        assertEquals(one.metrics().get("suspectRows"), three.metrics().get("suspectRows"));
        assertEquals(one.metrics().get("signals"), three.metrics().get("signals"));
    }

    @Test
    void aTableLinkedFromOutsideTheProjectIsRefused(@TempDir Path outside) throws IOException {
        baseline();
        lock();
        Path elsewhere = Files.copy(train, outside.resolve("train.csv"));
        Files.delete(train);
        Files.createSymbolicLink(train, elsewhere);
        GateResult result = verify();
        assertEquals(Verdict.ERROR, result.verdict());
        assertTrue(String.valueOf(result.errors()).contains("symbolic link leaves the project directory"),
                result.errors().toString());
    }

    /**
     * OWASP ML02 (data poisoning) asks for the datasets check and the poisoning check (or a sign-off): poisoned rows
     * that a reviewer locked as data still leave the item unmet, because the poisoning check judges them.
     */
    @Test
    void owaspMl02TakesThePoisoningVerdictAsEvidence() throws IOException {
        policy = write("aigate.yml", POLICY + "compliance:\n  checklist: compliance/checklist.yml\n");
        Files.createDirectories(dir.resolve("compliance"));
        write("compliance/checklist.yml", "version: 1\nextends:\n  - profile: owasp-ml-top10\n");
        baseline();
        lock();
        assertEquals("met", ml02(verify()).get("status"));
        candidate("flip-10pct");
        lock(); // the poisoned rows locked as data: the datasets check passes
        GateResult poisoned = verify();
        assertEquals(CheckStatus.PASSED, poisoned.checks().get(0).status());
        Map<String, Object> item = ml02(poisoned);
        assertEquals("unmet", item.get("status"));
        assertTrue(String.valueOf(item.get("evidence")).contains("poisoning"), String.valueOf(item));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> ml02(GateResult result) {
        CheckResult compliance = result.checks().stream().filter(c -> c.checkId().equals("compliance")).findFirst()
                .orElseThrow();
        return ((List<Map<String, Object>>) compliance.metrics().get("items")).stream()
                .filter(i -> "owasp-ml/ML02".equals(i.get("id"))).findFirst().orElseThrow();
    }

    /** The report shows a sentence, the rows per class and a chart and table of the row signals. */
    @Test
    void theReportShowsTheClassesAndTheSignals() throws IOException {
        baseline();
        lock();
        candidate("flip-10pct");
        CheckResult poisoned = check(verify());
        List<dev.aigate.core.view.View> views = poisoned.views();
        dev.aigate.core.view.View.Note note = (dev.aigate.core.view.View.Note) views.get(0);
        assertEquals("data/train.csv: 6 rows named by neighbour-disagreement; 62 new rows judged against 89 approved"
                + " rows", note.text());
        dev.aigate.core.view.View.Table classes = (dev.aigate.core.view.View.Table) views.get(1);
        assertEquals(List.of("Class", "Rows", "New rows", "Named rows"), classes.columns());
        assertEquals(151L, classes.rows().stream().mapToLong(r -> ((Number) r.get(1)).longValue()).sum());
        assertEquals(6L, classes.rows().stream().mapToLong(r -> ((Number) r.get(3)).longValue()).sum());
        dev.aigate.core.view.View.Bars bars = (dev.aigate.core.view.View.Bars) views.get(2);
        dev.aigate.core.view.View.Bar neighbours = bars.bars().stream()
                .filter(b -> b.label().equals("neighbour-disagreement")).findFirst().orElseThrow();
        assertEquals(6, neighbours.value());
        assertEquals(dev.aigate.core.view.View.Tone.DANGER, neighbours.tone());
        assertTrue(bars.bars().stream().filter(b -> !b.label().equals("neighbour-disagreement"))
                .allMatch(b -> b.tone() == dev.aigate.core.view.View.Tone.NEUTRAL));
        dev.aigate.core.view.View.Table table = (dev.aigate.core.view.View.Table) views.get(3);
        List<Object> row = table.rows().stream().filter(r -> r.get(0).equals("neighbour-disagreement")).findFirst()
                .orElseThrow();
        // Fired through the six labels together, not the count (p = 0.019 against 1 of 89 approved rows).
        assertEquals(List.of("neighbour-disagreement", "fired", 6, "9.677%", "1.124%", "0.01933"), row);
        // wine's classes pass the class-outlier signal's Gaussian check, so it judges them, and does not fire.
        List<Object> classOutlier = table.rows().stream().filter(r -> r.get(0).equals("class-outlier")).findFirst()
                .orElseThrow();
        assertEquals(List.of("class-outlier", "no", 0, "0%"), classOutlier.subList(0, 4));
    }
}
