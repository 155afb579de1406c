package dev.aigate.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.core.keys.Ed25519Keys;
import dev.aigate.core.InputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportSignatureTest {
    @TempDir
    Path dir;

    private final KeyPair release = Ed25519Keys.generate();
    private Path reports;

    @BeforeEach
    void signedReports() throws IOException {
        reports = dir.resolve("reports");
        ReportWriter.writeAll(ReportFixtures.fail(Files.createDirectories(dir.resolve("p"))), reports,
                release.getPrivate());
    }

    @Test
    void anUntouchedSignedReportVerifies() {
        assertTrue(Files.exists(reports.resolve(ReportSignature.FILE_NAME)));
        ReportSignature.Verification verification = ReportSignature.verify(reports, release.getPublic());
        assertTrue(verification.valid(), verification.problems().toString());
        assertTrue(verification.htmlChecked());
        assertEquals(Ed25519Keys.fingerprint(release.getPublic()), verification.signerFingerprint());
    }

    @Test
    void aChangedReportFailsNamingTheFile() throws IOException {
        Path json = reports.resolve(JsonReport.FILE_NAME);
        Files.writeString(json, Files.readString(json).replace("\"FAIL\"", "\"PASS\""));
        ReportSignature.Verification verification = ReportSignature.verify(reports, release.getPublic());
        assertFalse(verification.valid());
        assertTrue(verification.problems().stream().anyMatch(p -> p.contains("aigate-report.json: changed after"
                + " it was signed")), verification.problems().toString());
        assertTrue(verification.problems().stream().anyMatch(p -> p.contains("does not verify")));
    }

    @Test
    void anotherKeyDoesNotVerify() {
        KeyPair other = Ed25519Keys.generate();
        ReportSignature.Verification verification = ReportSignature.verify(reports, other.getPublic());
        assertFalse(verification.valid());
        assertTrue(verification.problems().get(0).contains("does not verify with the given key"));
    }

    @Test
    void anHtmlReportFromAnotherRunIsCaught() throws IOException {
        Path other = dir.resolve("other");
        ReportWriter.writeAll(ReportFixtures.pass(Files.createDirectories(dir.resolve("q"))), other);
        Files.copy(other.resolve(HtmlReport.FILE_NAME), reports.resolve(HtmlReport.FILE_NAME),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        ReportSignature.Verification verification = ReportSignature.verify(reports, release.getPublic());
        assertEquals(1, verification.problems().size(), verification.problems().toString());
        assertTrue(verification.problems().get(0).contains("was generated from another JSON report"));
    }

    @Test
    void missingOrMalformedSignaturesAreErrors() throws IOException {
        Path signature = reports.resolve(ReportSignature.FILE_NAME);
        Files.writeString(signature, "{\"format\": \"aigate-report-signature\", \"algorithm\": \"Ed25519\","
                + " \"signature\": \"***\"}", StandardCharsets.UTF_8);
        assertTrue(assertThrows(InputException.class, () -> ReportSignature.verify(reports, release.getPublic()))
                .getMessage().contains("not Base64"));
        Files.delete(signature);
        assertTrue(assertThrows(InputException.class, () -> ReportSignature.verify(reports, release.getPublic()))
                .getMessage().contains("report signature not found"));
    }

    @Test
    void unsignedRunsRemoveAStaleSignature() throws IOException {
        ReportWriter.writeAll(ReportFixtures.pass(Files.createDirectories(dir.resolve("r"))), reports);
        assertFalse(Files.exists(reports.resolve(ReportSignature.FILE_NAME)),
                "a signature of an earlier report must not survive next to a new one");
    }
}
