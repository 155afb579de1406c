package dev.aigate.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aigate.core.CheckResult;
import dev.aigate.core.CheckStatus;
import dev.aigate.core.GateResult;
import dev.aigate.core.InputDigest;
import dev.aigate.core.Severity;
import dev.aigate.core.Verdict;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Long input lists: the human-facing formats list the first ones and point to the JSON report, which has them all. */
class InputListingTest {
    private static final String SHA = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    private static final int INPUTS = InputListing.SHOWN + 7;
    private static final String MORE = "7 more input(s) are listed with their digests in aigate-report.json.";

    private static GateResult result() {
        CheckResult.Builder builder = CheckResult.builder("alpha", "Alpha");
        for (int i = 0; i < INPUTS; i++) {
            builder.input(new InputDigest("file", "f" + i, i, SHA));
        }
        return new GateResult("1", null, Path.of("a.yml"), SHA, Severity.HIGH, "default",
                ReportFixtures.CLOCK.instant(), ReportFixtures.CLOCK.instant(), Verdict.PASS,
                List.of(builder.build().evaluated(CheckStatus.PASSED, List.of())), List.of(), null,
                java.util.Map.of());
    }

    @Test
    void theJsonReportListsEveryInput() {
        JsonNode inputs = JsonReport.toTree(result()).path("checks").get(0).path("inputs");
        assertEquals(INPUTS, inputs.size());
    }

    @Test
    void markdownListsTheFirstAndPointsToTheJson() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MarkdownReport.write(result(), out);
        String markdown = out.toString(StandardCharsets.UTF_8);
        assertTrue(markdown.contains("Inputs judged (" + INPUTS + ")"));
        assertTrue(markdown.contains("| alpha | `f" + (InputListing.SHOWN - 1) + "` |"));
        assertFalse(markdown.contains("`f" + InputListing.SHOWN + "`"));
        assertTrue(markdown.contains(MORE), markdown);
    }

    @Test
    void htmlListsTheFirstCountsThemAllAndPointsToTheJson() throws IOException {
        String html = HtmlReportTest.render(result());
        assertTrue(html.contains("Inputs judged (" + INPUTS + ")"), html);
        assertTrue(html.contains(INPUTS + " input(s) judged"), html);
        assertTrue(html.contains("<td>f" + (InputListing.SHOWN - 1) + "</td>"), html);
        assertFalse(html.contains("<td>f" + InputListing.SHOWN + "</td>"), html);
        assertTrue(html.contains(MORE), html);
    }

    @Test
    void junitRecordsTheCountAndTheFirstDigests() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JunitXmlReport.write(result(), out);
        String xml = out.toString(StandardCharsets.UTF_8);
        assertTrue(xml.contains("<property name=\"aigate.inputs\" value=\"" + INPUTS + "\"/>"), xml);
        assertTrue(xml.contains("name=\"input.f" + (InputListing.SHOWN - 1) + "\""), xml);
        assertFalse(xml.contains("name=\"input.f" + InputListing.SHOWN + "\""), xml);
        assertTrue(xml.contains("<property name=\"aigate.inputs.more\" value=\"" + MORE + "\"/>"), xml);
    }
}
