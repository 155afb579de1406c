package dev.aigate.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.checks.signature.oms.EcKeys;
import dev.aigate.core.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With an ECDSA key the whole report set is signed: editing, deleting or adding any report file fails. */
class ReportSetSignatureTest {
    @TempDir
    Path dir;

    private final KeyPair release = EcKeys.generate(EcKeys.Curve.P256);
    private Path reports;

    @BeforeEach
    void signedReports() throws IOException {
        reports = dir.resolve("reports");
        ReportWriter.writeAll(ReportFixtures.fail(Files.createDirectories(dir.resolve("p"))), reports,
                release.getPrivate());
    }

    private List<String> problems() {
        ReportSignature.Verification verification = ReportSignature.verify(reports, release.getPublic());
        return verification.problems();
    }

    @Test
    void anUntouchedReportSetVerifies() {
        assertTrue(Files.exists(reports.resolve(ReportSignature.SET_FILE_NAME)));
        assertFalse(Files.exists(reports.resolve(ReportSignature.FILE_NAME)), "no legacy signature");
        ReportSignature.Verification verification = ReportSignature.verify(reports, release.getPublic());
        assertTrue(verification.valid(), verification.problems().toString());
        assertTrue(verification.htmlChecked());
        assertEquals(EcKeys.hint(release.getPublic()), verification.signerFingerprint());
    }

    @Test
    void anEditedHtmlVerdictFailsNamingTheFile() throws IOException {
        Path html = reports.resolve(HtmlReport.FILE_NAME);
        String page = Files.readString(html);
        assertTrue(page.contains("FAIL"));
        Files.writeString(html, page.replace("FAIL", "PASS"));
        List<String> problems = problems();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("aigate-report.html: changed after the report set was signed"),
                problems.toString());
    }

    @Test
    void everyOtherFileIsCoveredToo() throws IOException {
        for (String name : List.of(SarifReport.FILE_NAME, JunitXmlReport.FILE_NAME, MarkdownReport.FILE_NAME,
                HtmlReport.CSS_FILE_NAME, JsonReport.FILE_NAME)) {
            Path file = reports.resolve(name);
            byte[] before = Files.readAllBytes(file);
            Files.writeString(file, "edited", java.nio.file.StandardOpenOption.APPEND);
            assertTrue(problems().stream().anyMatch(p -> p.contains(name + ": changed")), name + ": " + problems());
            Files.write(file, before);
        }
        assertEquals(List.of(), problems());
    }

    @Test
    void aDeletedOrAddedFileFails() throws IOException {
        Files.delete(reports.resolve(SarifReport.FILE_NAME));
        assertTrue(problems().stream().anyMatch(p -> p.contains("aigate-report.sarif")
                && p.contains("deleted")), problems().toString());
        Files.writeString(reports.resolve("approval.html"), "<p>approved</p>");
        assertTrue(problems().stream().anyMatch(p -> p.contains("approval.html: added")), problems().toString());
    }

    @Test
    void anotherKeyFails() {
        ReportSignature.Verification verification = ReportSignature.verify(reports, EcKeys.generate(EcKeys.Curve
                .P256).getPublic());
        assertFalse(verification.valid());
        assertTrue(verification.problems().get(0).contains("not a trusted key"), verification.problems().toString());
    }

    @Test
    void aMissingSetSignatureIsAnError() throws IOException {
        Files.delete(reports.resolve(ReportSignature.SET_FILE_NAME));
        assertThrows(InputException.class, this::problems);
    }
}
