package dev.aigate.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.core.CheckResult;
import dev.aigate.core.CheckStatus;
import dev.aigate.core.Finding;
import dev.aigate.core.GateResult;
import dev.aigate.core.InputDigest;
import dev.aigate.core.Rule;
import dev.aigate.core.Severity;
import dev.aigate.core.Verdict;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarkdownReportTest {
    private static final String SHA = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    /** Hostile text that needs no file system: HTML, quotes, table pipes, backticks, newlines, non-ASCII. */
    private static final String NASTY = "<script>alert(\"x\")</script> a|b `code` *bold* [link](http://x) "
            + "\\| line\nbreak donn\u00e9es_\u00e9.csv \uD83D\uDE00";

    @TempDir
    Path dir;

    /** Counts the '|' that delimit table cells: those not escaped by a backslash. */
    private static int cellDelimiters(String line) {
        int count = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '|') {
                count++;
            }
        }
        return count;
    }

    /** Asserts every table row has as many cells as its table's header. */
    private static void assertTablesIntact(String markdown) {
        int expected = -1;
        for (String line : markdown.split("\n", -1)) {
            if (!line.startsWith("|")) {
                expected = -1;
                continue;
            }
            int cells = cellDelimiters(line);
            if (expected < 0) {
                expected = cells;
            } else {
                assertEquals(expected, cells, () -> "table row broken: " + line + "\n\n" + markdown);
            }
        }
    }

    /** Asserts no raw HTML tag from inputs survives outside code spans. */
    private static void assertNoRawHtml(String markdown) {
        String outsideCode = markdown.replaceAll("`[^`\n]*`", "``");
        assertFalse(outsideCode.contains("<script"), markdown);
        assertFalse(outsideCode.contains("<b>"), markdown);
        assertFalse(outsideCode.contains("<i>"), markdown);
    }

    @Test
    void everyReportKeepsItsTablesAndHasNoRawHtml() {
        for (Map.Entry<String, GateResult> fixture : ReportFixtures.all(dir).entrySet()) {
            String markdown = MarkdownReport.render(fixture.getValue());
            assertTrue(markdown.startsWith("# aigate: "), fixture.getKey());
            assertTrue(markdown.contains(fixture.getValue().verdict().name()), fixture.getKey());
            assertTablesIntact(markdown);
            assertNoRawHtml(markdown);
        }
    }

    @Test
    void hostileFileNameIsEscaped() {
        String markdown = MarkdownReport.render(ReportFixtures.fail(dir));
        assertTrue(markdown.contains("&lt;script&gt;alert(\"x\")&lt;script&gt; \\|\\`tick\\`\\|"), markdown);
        if (ReportFixtures.HOSTILE.contains("\u00e9")) {
            assertTrue(markdown.contains("donn\u00e9es\\_\u00e9 \uD83D\uDE00.csv"), markdown);
        }
        assertTrue(markdown.contains("datasets/file-modified"), markdown);
        assertTablesIntact(markdown);
        assertNoRawHtml(markdown);
    }

    @Test
    void hostileMessagesSubjectsAndTitlesAreEscaped() {
        Rule rule = new Rule("alpha/high", Severity.HIGH, "d", null);
        Finding finding = Finding.of(rule, NASTY).subject(NASTY).expected(NASTY).actual(NASTY).build();
        CheckResult failed = CheckResult.builder("alpha", "Title " + NASTY).finding(finding)
                .input(new InputDigest("file", "in|put `x` <b>.csv", 3, SHA)).build()
                .evaluated(CheckStatus.FAILED, List.of(finding));
        CheckResult errored = CheckResult.error("beta", "Beta", NASTY, 1);
        GateResult result = new GateResult("1.0 <b>", NASTY, Path.of("pol|icy `x`.yml"), SHA, Severity.HIGH,
                "policy", ReportFixtures.CLOCK.instant(), ReportFixtures.CLOCK.instant(), Verdict.ERROR,
                List.of(failed, errored), List.of(), null, java.util.Map.of());
        String markdown = MarkdownReport.render(result);
        assertTablesIntact(markdown);
        assertNoRawHtml(markdown);
        assertTrue(markdown.contains("donn\u00e9es\\_\u00e9.csv \uD83D\uDE00"), markdown);
        assertTrue(markdown.contains("\\`code\\`"), markdown);
        assertTrue(markdown.contains("\\*bold\\*"), markdown);
        assertTrue(markdown.contains("\\[link\\]"), markdown);
        assertFalse(markdown.contains("line\nbreak"), "newlines inside values would end a table row");
        assertTrue(markdown.contains("`in\\|put 'x' <b>.csv`"), "paths in code spans: no backticks, pipes escaped");
        assertTrue(markdown.contains("Policy: `pol\\|icy 'x'.yml`"), markdown);
        assertTrue(markdown.contains("## Beta: ERROR"), markdown);
    }

    @Test
    void errorBeforeChecksIsExplained() {
        String markdown = MarkdownReport.render(ReportFixtures.errorBeforeChecks(dir));
        assertTrue(markdown.startsWith("# aigate: \u274c ERROR"), markdown);
        assertTrue(markdown.contains("**The gate could not evaluate:** "), markdown);
        assertTrue(markdown.contains("unknown key 'bogus'"), markdown);
        assertFalse(markdown.contains("| Check | Status"), "no check table when no check ran");
    }

    @Test
    void waiversAreListed() {
        String markdown = MarkdownReport.render(ReportFixtures.withWaivers(dir));
        assertTrue(markdown.contains("## Waivers"), markdown);
        assertTrue(markdown.contains("| used-one | `alpha/high` | used (1) | Zo\u00eb &lt;zoe@example.org&gt; |"
                + " 2026-12-31 (305 days) | accepted \\| risk &lt;i&gt; |"), markdown);
        assertTrue(markdown.contains("| expired-one | `alpha/medium` | expired |"), markdown);
        assertTrue(markdown.contains("high (waived: used-one)"), markdown);
        assertTrue(markdown.contains("Project: demo &lt;b&gt;\\|"), markdown);
    }

    @Test
    void longFindingListsAreCutViolationsFirstAndLinkTheFullReport() {
        dev.aigate.core.Rule rule = new dev.aigate.core.Rule("alpha/x", Severity.HIGH, "x", null);
        CheckResult.Builder builder = CheckResult.builder("alpha", "Alpha");
        List<dev.aigate.core.Finding> findings = new java.util.ArrayList<>();
        findings.add(dev.aigate.core.Finding.of(rule, "just info").build().withSeverity(Severity.INFO));
        for (int i = 0; i < MarkdownReport.MAX_FINDINGS_PER_CHECK + 5; i++) {
            findings.add(dev.aigate.core.Finding.of(rule, "violation " + i).build());
        }
        GateResult result = new GateResult("1", null, Path.of("a.yml"), SHA, Severity.HIGH, "default",
                ReportFixtures.CLOCK.instant(), ReportFixtures.CLOCK.instant(), Verdict.FAIL,
                List.of(builder.build().evaluated(CheckStatus.FAILED, findings)), List.of(), null,
                java.util.Map.of());
        String markdown = MarkdownReport.render(result);
        assertTrue(markdown.contains("violation 0"));
        assertFalse(markdown.contains("just info"), "the informational finding sorts after the cut");
        assertTrue(markdown.contains("6 more findings are in the full report."), markdown);
        assertTrue(markdown.contains("[aigate-report.html](aigate-report.html)"));
    }
}
