package dev.aigate.report;

import dev.aigate.core.Gate;
import dev.aigate.core.GateRequest;
import dev.aigate.core.GateResult;
import dev.aigate.core.Verdict;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The whole job an adapter asks for: run the gate, then write the reports. If the reports cannot be written the
 * outcome is ERROR whatever the checks said, because a gate whose evidence is missing must not pass.
 */
public final class GateExecution {
    private GateExecution() {
    }

    /**
     * @param reports the files written, or null when writing failed
     * @param reportError why the reports could not be written, or null
     */
    public record Outcome(GateResult result, ReportWriter.Written reports, Path reportDirectory, String reportError) {
        public Verdict verdict() {
            return reportError != null ? Verdict.ERROR : result.verdict();
        }
    }

    public static Outcome run(Gate gate, GateRequest request, Path reportDirectory) {
        return run(gate, request, reportDirectory, null);
    }

    /** Runs the gate and writes the reports, signing the JSON report with {@code reportSigningKey} when given. */
    public static Outcome run(Gate gate, GateRequest request, Path reportDirectory,
            java.security.PrivateKey reportSigningKey) {
        return report(gate.run(request), reportDirectory, reportSigningKey);
    }

    /** Writes the reports of a result already decided (e.g. of an action that judges). */
    public static Outcome report(GateResult result, Path reportDirectory, java.security.PrivateKey reportSigningKey) {
        try {
            return new Outcome(result, ReportWriter.writeAll(result, reportDirectory, reportSigningKey),
                    reportDirectory, null);
        } catch (IOException | RuntimeException e) {
            return new Outcome(result, null, reportDirectory, reportDirectory + ": cannot write the gate reports: "
                    + e.getMessage());
        }
    }
}
