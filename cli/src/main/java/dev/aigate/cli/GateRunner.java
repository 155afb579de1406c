package dev.aigate.cli;

import dev.aigate.core.ActionRunner;
import dev.aigate.core.Gate;
import dev.aigate.core.GateException;
import dev.aigate.core.GateRequest;
import dev.aigate.core.GateResult;
import dev.aigate.core.keys.KeySource;
import dev.aigate.core.spi.CheckRegistry;
import dev.aigate.report.GateExecution;
import dev.aigate.report.JsonReport;
import dev.aigate.report.TextSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;

/** Runs what judges (the gate, a check's verify, an action that judges), writes the reports, prints the outcome. */
final class GateRunner {
    private GateRunner() {
    }

    static Gate gate(GateOptions options) {
        return new Gate(CheckRegistry.load(), Clock.systemUTC(), options.noProgress ? null
                : ConsoleProgress.to(new PrintWriter(System.err, true)));
    }

    static GateRequest request(GateOptions options, Map<String, String> overrides, Set<String> only,
            Set<String> skip) {
        return new GateRequest(options.policy, only, skip, options.failOn,
                options.threads, overrides, options.project);
    }

    /** {@code gate} and {@code <check> verify}. */
    static int gate(GateOptions options, Map<String, String> overrides, Set<String> only, Set<String> skip,
            CommandLine commandLine) {
        PrivateKey signingKey = reportSigningKey(options, projectDir(options));
        GateResult result = gate(options).run(request(options, overrides, only, skip));
        return print(GateExecution.report(result, options.reportDir, signingKey), options, commandLine);
    }

    /** An action that judges: its outcome is reported like a gate run. */
    static int judged(ActionRunner.Outcome outcome, GateOptions options, Path projectDir, CommandLine commandLine) {
        PrivateKey signingKey = reportSigningKey(options, projectDir);
        return print(GateExecution.report(outcome.judged(), options.reportDir, signingKey), options, commandLine);
    }

    static Path projectDir(GateOptions options) {
        return options.policy.toAbsolutePath().normalize().getParent();
    }

    /** The report signing key, read before anything runs so that a bad key fails fast. */
    private static PrivateKey reportSigningKey(GateOptions options, Path projectDir) {
        Optional<KeySource> source = KeySource.of(options.reportSigningKeyFile, options.reportSigningKeyEnv,
                "the report signing key");
        if (source.isEmpty()) {
            return null;
        }
        try {
            return dev.aigate.report.ReportSignature.readSigningKey(source.get().read(projectDir, System.getenv(),
                    "report signing key"));
        } catch (GateException e) {
            throw new GateException("the report signing key: " + e.getMessage(), e);
        }
    }

    /** What --quiet prints: the lines that say why the gate could not evaluate (if any), then the verdict line. */
    static List<TextSummary.Line> quiet(List<TextSummary.Line> lines) {
        List<TextSummary.Line> kept = new java.util.ArrayList<>();
        for (TextSummary.Line line : lines.subList(0, lines.size() - 1)) {
            if (line.level() == TextSummary.Level.ERROR && line.text().trim().startsWith("ERROR: ")) {
                kept.add(new TextSummary.Line(line.level(), line.text().trim()));
            }
        }
        kept.add(lines.get(lines.size() - 1));
        return kept;
    }

    private static int print(GateExecution.Outcome outcome, GateOptions options, CommandLine commandLine) {
        PrintWriter out = commandLine.getOut();
        PrintWriter err = commandLine.getErr();
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
            List<TextSummary.Line> lines = TextSummary.of(outcome);
            // The verdict line is last; --quiet keeps just that one, and the reason of an ERROR: quiet must never
            // leave a failed build without its cause.
            for (TextSummary.Line line : options.quiet ? quiet(lines) : lines) {
                out.println(line.text());
            }
        }
        out.flush();
        err.flush();
        return outcome.verdict().exitCode();
    }
}
