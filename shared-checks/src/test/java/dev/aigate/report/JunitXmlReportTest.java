package dev.aigate.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.core.CheckResult;
import dev.aigate.core.CheckStatus;
import dev.aigate.core.FakeCheck;
import dev.aigate.core.Gate;
import dev.aigate.core.GateRequest;
import dev.aigate.core.GateResult;
import dev.aigate.core.spi.CheckRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class JunitXmlReportTest {
    @TempDir
    Path dir;

    static Document parse(GateResult result) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            JunitXmlReport.write(result, out);
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(out.toByteArray()));
        } catch (Exception e) {
            throw new AssertionError("the JUnit XML does not parse: " + e, e);
        }
    }

    private static Element testcase(Document doc, String classname) {
        NodeList cases = doc.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element element = (Element) cases.item(i);
            if (element.getAttribute("classname").equals(classname)) {
                return element;
            }
        }
        throw new AssertionError("no testcase " + classname);
    }

    private static Element child(Element parent, String name) {
        NodeList list = parent.getElementsByTagName(name);
        return list.getLength() == 0 ? null : (Element) list.item(0);
    }

    private static String property(Document doc, String name) {
        NodeList properties = doc.getElementsByTagName("property");
        for (int i = 0; i < properties.getLength(); i++) {
            Element property = (Element) properties.item(i);
            if (property.getAttribute("name").equals(name)) {
                return property.getAttribute("value");
            }
        }
        return null;
    }

    @Test
    void everyReportParsesAndCountsItsTestCases() {
        for (Map.Entry<String, GateResult> fixture : ReportFixtures.all(dir).entrySet()) {
            GateResult result = fixture.getValue();
            Document doc = parse(result);
            Element suite = doc.getDocumentElement();
            assertEquals("testsuite", suite.getTagName());
            int cases = doc.getElementsByTagName("testcase").getLength();
            assertEquals(result.checks().size() + (result.error() == null ? 0 : 1), cases, fixture.getKey());
            assertEquals(String.valueOf(cases), suite.getAttribute("tests"), fixture.getKey());
            assertEquals(String.valueOf(doc.getElementsByTagName("failure").getLength()),
                    suite.getAttribute("failures"), fixture.getKey());
            assertEquals(String.valueOf(doc.getElementsByTagName("error").getLength()),
                    suite.getAttribute("errors"), fixture.getKey());
            assertEquals(String.valueOf(doc.getElementsByTagName("skipped").getLength()),
                    suite.getAttribute("skipped"), fixture.getKey());
            assertEquals(result.verdict().name(), property(doc, "aigate.verdict"), fixture.getKey());
        }
    }

    @Test
    void passingCheckIsAPlainTestCase() {
        GateResult result = ReportFixtures.pass(dir);
        Document doc = parse(result);
        Element datasets = testcase(doc, "aigate.datasets");
        assertEquals("Dataset integrity and provenance", datasets.getAttribute("name"));
        assertEquals(0, datasets.getElementsByTagName("failure").getLength());
        assertEquals(0, datasets.getElementsByTagName("error").getLength());
        assertEquals("sha256:" + result.checks().get(0).inputs().get(1).sha256(),
                property(doc, "input.data/train/a.csv"));
        assertEquals(result.policySha256(), property(doc, "aigate.policy.sha256"));
    }

    @Test
    void failedCheckHasAFailureNamingEveryFileIntact() {
        Document doc = parse(ReportFixtures.fail(dir));
        Element failure = child(testcase(doc, "aigate.datasets"), "failure");
        assertEquals("FAIL", failure.getAttribute("type"));
        assertTrue(failure.getAttribute("message").startsWith("2 violation(s) at or above high: data/train/"
                + ReportFixtures.HOSTILE + ": file added"), failure.getAttribute("message"));
        String body = failure.getTextContent();
        assertTrue(body.contains("data/train/" + ReportFixtures.HOSTILE), body);
        assertTrue(body.contains("datasets/file-modified: data/train/a.csv"), body);
        assertTrue(body.contains("expected: sha256 "), body);
        assertTrue(property(doc, "input.data/train/" + ReportFixtures.HOSTILE).startsWith("sha256:"));
    }

    @Test
    void erroredCheckHasAnError() {
        Document doc = parse(ReportFixtures.checkError(dir));
        Element error = child(testcase(doc, "aigate.alpha"), "error");
        assertEquals("ERROR", error.getAttribute("type"));
        assertTrue(error.getAttribute("message").contains(ReportFixtures.HOSTILE + ": cannot read \"it\""));
        assertEquals(error.getAttribute("message"), error.getTextContent());
        assertTrue(child(testcase(doc, "aigate.beta"), "failure") != null);
        assertEquals("skipped on request", child(testcase(doc, "aigate.gamma"), "skipped").getAttribute("message"));
    }

    @Test
    void errorBeforeChecksIsOneErroredTestCase() {
        Document doc = parse(ReportFixtures.errorBeforeChecks(dir));
        Element error = child(testcase(doc, "aigate"), "error");
        assertTrue(error.getAttribute("message").contains("unknown key 'bogus'"));
        assertEquals("null", property(doc, "aigate.policy.sha256"));
    }

    @Test
    void waivedAndLowerFindingsGoToSystemOut() {
        Document doc = parse(ReportFixtures.withWaivers(dir));
        Element alpha = testcase(doc, "aigate.alpha");
        assertEquals(null, child(alpha, "failure"), "alpha only warns");
        String out = child(alpha, "system-out").getTextContent();
        assertTrue(out.contains("(waived by used-one)"), out);
        assertTrue(out.contains("[MEDIUM] alpha/medium"), out);
        Element policy = testcase(doc, "aigate.policy");
        assertTrue(child(policy, "failure").getAttribute("message").contains("expired-one"));
        assertTrue(child(policy, "system-out").getTextContent().contains("policy/waiver-unused"));
    }

    @Test
    void charactersXmlCannotCarryAreReplaced() throws IOException {
        // A policy path with a control character: it ends up in the gate-level error.
        Path policy = dir.resolve("bad\u0001name.yml");
        GateResult result = new Gate(CheckRegistry.of(List.of(FakeCheck.passing("alpha"))), ReportFixtures.CLOCK,
                null).run(GateRequest.of(policy));
        Document doc = parse(result);
        String message = child(testcase(doc, "aigate"), "error").getAttribute("message");
        // Escaped where the message was made (Printable), so no output carries it raw.
        assertTrue(message.contains("bad\\x01name.yml"), message);

        CheckResult check = CheckResult.builder("alpha", "Title \u0000 with NUL")
                .finding(new FakeCheck("alpha", (c, x) -> List.of()).finding("critical", "a\u0007b ]]> \uD800"))
                .build().evaluated(CheckStatus.FAILED, List.of(new FakeCheck("alpha", (c, x) -> List.of())
                        .finding("critical", "a\u0007b ]]> \uD800")));
        GateResult manual = new GateResult("1", null, policy, null, dev.aigate.core.Severity.HIGH, "default",
                ReportFixtures.CLOCK.instant(), ReportFixtures.CLOCK.instant(), dev.aigate.core.Verdict.FAIL,
                List.of(check), List.of(), null, java.util.Map.of());
        Document manualDoc = parse(manual);
        Element failure = child(testcase(manualDoc, "aigate.alpha"), "failure");
        assertTrue(failure.getTextContent().contains("a\\x07b ]]> \uFFFD"), failure.getTextContent());
        assertEquals("Title \uFFFD with NUL", testcase(manualDoc, "aigate.alpha").getAttribute("name"));
    }
}
