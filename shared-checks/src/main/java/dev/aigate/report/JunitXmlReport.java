package dev.aigate.report;

import dev.aigate.core.CheckResult;
import dev.aigate.core.CheckStatus;
import dev.aigate.core.Finding;
import dev.aigate.core.GateResult;
import dev.aigate.core.InputDigest;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * JUnit XML, so that any CI shows each check: one test case per check; a failed check carries one failure listing
 * each violation at the failing level, an errored check an error, a skipped check is skipped. Lower-level violations
 * and waived findings go to system-out. Properties record the tool version, policy digest, the number of inputs and
 * the digests of the first {@value InputListing#SHOWN} (the JSON report lists them all).
 */
public final class JunitXmlReport implements dev.aigate.report.spi.ReportFormat {
    public static final String FILE_NAME = "aigate-junit.xml";

    /** For the report writer, which finds formats through the ReportFormat service. */
    public JunitXmlReport() {
    }

    @Override
    public String fileName() {
        return FILE_NAME;
    }

    @Override
    public byte[] render(Input input) throws IOException {
        return dev.aigate.report.spi.ReportFormat.bytes(out -> write(input.result(), out));
    }

    public static void write(GateResult result, OutputStream out) throws IOException {
        try {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            // The JDK's own StAX writer: no service lookup across the class path, same output everywhere.
            XMLStreamWriter xml = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(writer);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", "aigate");
            // One test case per check, plus one for an error raised before any check ran.
            xml.writeAttribute("tests", String.valueOf(result.checks().size() + (result.error() != null ? 1 : 0)));
            xml.writeAttribute("failures", String.valueOf(count(result, CheckStatus.FAILED)));
            xml.writeAttribute("errors", String.valueOf(count(result, CheckStatus.ERROR)
                    + (result.error() != null ? 1 : 0)));
            xml.writeAttribute("skipped", String.valueOf(count(result, CheckStatus.SKIPPED)));
            xml.writeAttribute("time", seconds(result.durationMillis()));
            xml.writeAttribute("timestamp", result.startedAt().toString());
            xml.writeCharacters("\n  ");
            properties(xml, result);
            if (result.error() != null) {
                xml.writeCharacters("\n  ");
                xml.writeStartElement("testcase");
                xml.writeAttribute("classname", "aigate");
                xml.writeAttribute("name", "policy");
                xml.writeAttribute("time", "0");
                xml.writeStartElement("error");
                xml.writeAttribute("message", XmlText.clean(result.error()));
                xml.writeAttribute("type", "ERROR");
                xml.writeCharacters(XmlText.clean(result.error()));
                xml.writeEndElement();
                xml.writeEndElement();
            }
            for (CheckResult check : result.checks()) {
                xml.writeCharacters("\n  ");
                testcase(xml, check, result);
            }
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.flush();
            writer.flush();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write JUnit XML: " + e.getMessage(), e);
        }
    }

    private static void properties(XMLStreamWriter xml, GateResult result) throws XMLStreamException {
        xml.writeStartElement("properties");
        property(xml, "aigate.version", result.toolVersion());
        property(xml, "aigate.verdict", result.verdict().name());
        property(xml, "aigate.policy", String.valueOf(result.policyFile()));
        property(xml, "aigate.policy.sha256", String.valueOf(result.policySha256()));
        property(xml, "aigate.failOn", result.failOn().label());
        long total = 0;
        for (CheckResult check : result.checks()) {
            for (InputDigest input : check.inputs()) {
                if (total++ < InputListing.SHOWN) {
                    property(xml, "input." + input.path(), "sha256:" + input.sha256());
                }
            }
        }
        property(xml, "aigate.inputs", String.valueOf(total));
        if (total > InputListing.SHOWN) {
            property(xml, "aigate.inputs.more", InputListing.more(total - InputListing.SHOWN));
        }
        xml.writeEndElement();
    }

    private static void property(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        xml.writeEmptyElement("property");
        xml.writeAttribute("name", XmlText.clean(name));
        xml.writeAttribute("value", XmlText.clean(value));
    }

    private static void testcase(XMLStreamWriter xml, CheckResult check, GateResult result)
            throws XMLStreamException {
        xml.writeStartElement("testcase");
        xml.writeAttribute("classname", "aigate." + check.checkId());
        xml.writeAttribute("name", XmlText.clean(check.title()));
        xml.writeAttribute("time", seconds(check.durationMillis()));
        switch (check.status()) {
            case ERROR:
                xml.writeStartElement("error");
                xml.writeAttribute("message", XmlText.clean(check.error()));
                xml.writeAttribute("type", "ERROR");
                xml.writeCharacters(XmlText.clean(check.error()));
                xml.writeEndElement();
                break;
            case SKIPPED:
                xml.writeEmptyElement("skipped");
                xml.writeAttribute("message", XmlText.clean(check.skipReason()));
                break;
            case FAILED: {
                List<Finding> failing = check.violations().stream()
                        .filter(f -> f.severity().atLeast(result.failOn())).toList();
                xml.writeStartElement("failure");
                xml.writeAttribute("message", failing.size() + " violation(s) at or above " + result.failOn().label()
                        + ": " + XmlText.clean(failing.get(0).message()) + (failing.size() > 1 ? " ..." : ""));
                xml.writeAttribute("type", "FAIL");
                xml.writeCharacters(XmlText.clean(lines(failing)));
                xml.writeEndElement();
                break;
            }
            default:
                break;
        }
        List<Finding> other = check.findings().stream()
                .filter(f -> !(check.status() == CheckStatus.FAILED && f.isViolation()
                        && f.severity().atLeast(result.failOn())))
                .toList();
        if (!other.isEmpty()) {
            xml.writeStartElement("system-out");
            xml.writeCharacters(XmlText.clean(lines(other)));
            xml.writeEndElement();
        }
        xml.writeEndElement();
    }

    private static String lines(List<Finding> findings) {
        StringBuilder text = new StringBuilder();
        for (Finding finding : findings) {
            text.append('[').append(finding.severity().label().toUpperCase(Locale.ROOT)).append("] ")
                    .append(finding.ruleId()).append(": ").append(finding.message());
            if (finding.waived()) {
                text.append(" (waived by ").append(finding.waiverId()).append(')');
            }
            if (finding.expected() != null) {
                text.append("\n    expected: ").append(finding.expected());
            }
            if (finding.actual() != null) {
                text.append("\n    actual:   ").append(finding.actual());
            }
            if (finding.remediation() != null && finding.isViolation()) {
                text.append("\n    fix:      ").append(finding.remediation());
            }
            text.append('\n');
        }
        return text.toString();
    }

    private static long count(GateResult result, CheckStatus status) {
        return result.checks().stream().filter(c -> c.status() == status).count();
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }
}
