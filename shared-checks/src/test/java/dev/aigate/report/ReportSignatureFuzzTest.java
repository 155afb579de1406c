package dev.aigate.report;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.aigate.checks.signature.oms.EcKeys;
import dev.aigate.core.GateException;
import dev.aigate.core.io.FuzzFiles;
import dev.aigate.core.keys.Ed25519Keys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;

/**
 * What {@code verify-report} reads on arbitrary bytes: the legacy Ed25519 signature of the JSON report, the OMS
 * bundle over the report set, the verification key, and the JSON report itself. A verification (valid or with
 * problems) or a {@link GateException} naming the file; never another exception. {@code mvn verify} replays
 * {@code ReportSignatureFuzzTestInputs/<harness>/}; {@code tools/fuzz/campaign.sh} fuzzes.
 */
class ReportSignatureFuzzTest {
    private static final byte[] REPORT = "{\"schemaVersion\":\"1.0\",\"checks\":[]}\n".getBytes(StandardCharsets.UTF_8);
    private static final PublicKey ED25519 = Ed25519Keys.generate().getPublic();
    private static final PublicKey ECDSA = EcKeys.generate(EcKeys.Curve.P256).getPublic();

    @FuzzTest(maxDuration = "60s")
    void legacySignature(byte[] data) {
        Path folder = FuzzFiles.folder("report-legacy");
        FuzzFiles.write(folder.resolve(JsonReport.FILE_NAME), REPORT);
        FuzzFiles.write(folder.resolve(ReportSignature.FILE_NAME), data);
        try {
            ReportSignature.verify(folder, ED25519).valid();
        } catch (GateException refusal) {
            FuzzFiles.requireNamed(refusal, ReportSignature.FILE_NAME);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void reportSet(byte[] data) {
        Path folder = FuzzFiles.folder("report-set");
        FuzzFiles.write(folder.resolve(JsonReport.FILE_NAME), REPORT);
        FuzzFiles.write(folder.resolve(ReportSignature.SET_FILE_NAME), data);
        try {
            ReportSignature.verify(folder, ECDSA).valid();
        } catch (GateException refusal) {
            FuzzFiles.requireNamed(refusal, ReportSignature.SET_FILE_NAME);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void publicKey(byte[] data) {
        try {
            ReportSignature.readPublicKey(FuzzFiles.write(FuzzFiles.folder("report-key").resolve("report.pub"), data));
        } catch (GateException refusal) {
            FuzzFiles.requireNamed(refusal, "report.pub");
        }
    }

    @FuzzTest(maxDuration = "60s")
    void jsonReport(byte[] data) {
        try {
            JsonReportReader.read(FuzzFiles.write(FuzzFiles.folder("report-json").resolve(JsonReport.FILE_NAME), data));
        } catch (GateException refusal) {
            FuzzFiles.requireNamed(refusal, JsonReport.FILE_NAME);
        }
    }
}
