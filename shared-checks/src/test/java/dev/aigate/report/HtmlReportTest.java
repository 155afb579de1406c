package dev.aigate.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aigate.core.GateResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
    @TempDir
    Path dir;

    static String render(GateResult result) throws IOException {
        JsonNode tree = JsonReport.toTree(result);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HtmlReport.write(tree, "ab".repeat(32), out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyFixtureRendersWithItsVerdictAndNoScriptsOrInlineStyles() throws IOException {
        for (Map.Entry<String, GateResult> fixture : ReportFixtures.all(dir).entrySet()) {
            String html = render(fixture.getValue());
            String verdict = fixture.getValue().verdict().name();
            assertTrue(html.contains("<div class=\"verdict\" id=\"verdict\">" + verdict + "</div>"),
                    fixture.getKey());
            assertFalse(Pattern.compile("<script", Pattern.CASE_INSENSITIVE).matcher(html).find(),
                    fixture.getKey() + ": no script may reach the page");
            assertFalse(Pattern.compile("\\sstyle=").matcher(html).find(),
                    fixture.getKey() + ": inline style attributes are blocked by Jenkins' CSP");
            assertFalse(Pattern.compile("\\son[a-z]+=").matcher(html).find(), fixture.getKey() + ": event handlers");
            assertTrue(html.contains("<link rel=\"stylesheet\" href=\"aigate-report.css\">"), fixture.getKey());
            assertFalse(Pattern.compile("(src|href)=\"(https?:)?//").matcher(html).find(), "no external resources");
        }
    }

    @Test
    void sarifUrisAreAsciiAndNeverReadAsSchemes() {
        assertTrue(SarifReport.uriOf("donn\u00e9es.csv").startsWith("donn%C3%A9es"));
        assertTrue(SarifReport.uriOf("c:evil.csv").startsWith("./"));
    }

    @Test
    void hostileFileNamesAndMessagesAreEscaped() throws IOException {
        String html = render(ReportFixtures.fail(dir));
        assertTrue(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;script&gt;")
                        || html.contains(ReportFixtures.HOSTILE.replace("<", "&lt;").replace(">", "&gt;")
                                .replace("\"", "&quot;")),
                "the hostile file name appears escaped");
        if (ReportFixtures.HOSTILE.contains("donn\u00e9es")) {
            assertTrue(html.contains("donn\u00e9es_\u00e9"), "non-ASCII text is kept as UTF-8");
        }
    }

    @Test
    void datasetChangesAreDrawnAsSvgWithPresentationAttributes() throws IOException {
        String html = render(ReportFixtures.fail(dir));
        assertTrue(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""), "a chart is drawn");
        assertTrue(html.contains("changes since it was locked"));
        assertTrue(html.contains("fill=\"#cf222e\""), "bars use presentation attributes");
    }

    @Test
    void recordsTheJsonDigest() throws IOException {
        String html = render(ReportFixtures.pass(dir));
        assertTrue(html.contains("<meta name=\"aigate-report-sha256\" content=\"" + "ab".repeat(32) + "\">"));
    }
}
