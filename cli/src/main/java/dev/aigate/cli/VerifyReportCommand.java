package dev.aigate.cli;

import dev.aigate.report.ReportSignature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code aigate verify-report}: checks a signed report set before a release manager relies on it. */
@Command(name = "verify-report", mixinStandardHelpOptions = true,
        description = "Verifies a signed report set: with an ECDSA key, that every file of the report folder is as"
                + " signed (none edited, deleted or added: the OMS bundle aigate-report.sig); with a legacy Ed25519"
                + " key, that aigate-report.json is unchanged and aigate-report.html was generated from it.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:signature valid, report unchanged, HTML generated from it",
            "1:the report was changed, the key does not match, or the HTML is from another report",
            "2:a file is missing or malformed, or a usage error"})
final class VerifyReportCommand implements Callable<Integer> {
    @Option(names = {"-r", "--report-dir"}, paramLabel = "DIR", defaultValue = "aigate-report",
            description = "The report directory (default: ${DEFAULT-VALUE}).")
    Path reportDir;

    @Option(names = "--public-key", paramLabel = "FILE", required = true,
            description = "The signer's public key (PEM, from 'aigate signature keygen'): ECDSA, or Ed25519 (legacy).")
    Path publicKey;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ReportSignature.Verification verification = ReportSignature.verify(reportDir,
                ReportSignature.readPublicKey(publicKey.toAbsolutePath()));
        if (verification.valid()) {
            out.println("report signature valid: " + (verification.signerFingerprint() != null
                    && !verification.signerFingerprint().startsWith("sha256:") ? "every file of " + reportDir
                    + " as signed, " : "") + reportDir.resolve("aigate-report.json") + " (sha256 "
                    + verification.reportSha256() + ") signed by " + verification.signerFingerprint()
                    + (verification.htmlChecked() ? "; the HTML report was generated from it" : ""));
            return 0;
        }
        out.println("report signature INVALID:");
        verification.problems().forEach(problem -> out.println("  - " + problem));
        return 1;
    }
}
