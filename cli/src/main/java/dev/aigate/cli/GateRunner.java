package dev.aigate.cli;

import dev.aigate.checks.signature.Ed25519Keys;
import dev.aigate.core.Gate;
import dev.aigate.core.GateException;
import dev.aigate.core.GateRequest;
import dev.aigate.core.spi.CheckRegistry;
import dev.aigate.report.GateExecution;
import dev.aigate.report.JsonReport;
import dev.aigate.report.TextSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Set;

/** Runs the gate for a command and prints the outcome; the exit code follows the verdict. */
final class GateRunner {
    private GateRunner() {
    }

    static int run(GateOptions options, Set<String> only, Set<String> skip, PrintWriter out, PrintWriter err) {
        GateRequest request = new GateRequest(options.policy, only, skip, options.failOn, options.threads,
                options.overrides, options.project);
        Gate gate = new Gate(CheckRegistry.load(), Clock.systemUTC(),
                options.noProgress ? null : ConsoleProgress.to(err));
        java.security.PrivateKey signingKey;
        try {
            signingKey = options.reportSigningKey != null
                    ? Ed25519Keys.readPrivate(options.reportSigningKey.toAbsolutePath())
                    : options.reportSigningKeyEnv != null
                            ? Ed25519Keys.readPrivateFromEnv(options.reportSigningKeyEnv, System.getenv()) : null;
        } catch (GateException e) {
            err.println("aigate: ERROR: the report signing key: " + e.getMessage());
            return AigateCommand.EXIT_ERROR;
        }
        GateExecution.Outcome outcome = GateExecution.run(gate, request, options.reportDir, signingKey);
        if (options.format == GateOptions.OutputFormat.json) {
            try {
                out.println(JsonReport.mapper().writeValueAsString(JsonReport.toTree(outcome.result())));
            } catch (IOException e) {
                err.println("aigate: ERROR: cannot print the JSON report: " + e.getMessage());
                return AigateCommand.EXIT_ERROR;
            }
            if (outcome.reportError() != null) {
                err.println("aigate: ERROR: " + outcome.reportError());
            }
        } else {
            java.util.List<TextSummary.Line> lines = TextSummary.of(outcome);
            // The verdict line is last; --quiet keeps just that one.
            for (TextSummary.Line line : options.quiet ? lines.subList(lines.size() - 1, lines.size()) : lines) {
                out.println(line.text());
            }
        }
        out.flush();
        err.flush();
        return outcome.verdict().exitCode();
    }
}
