package dev.aigate.cli;

import dev.aigate.core.GateResult;
import dev.aigate.core.Severity;
import dev.aigate.core.ToolVersion;
import dev.aigate.core.Verdict;
import dev.aigate.report.ReportWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * A command that would have written a gate report but whose command line is wrong still leaves an ERROR report, so a
 * pipeline that reads the report (the Jenkins steps) shows the reason instead of "no report". Best effort: when the
 * report directory itself cannot be told or written, only the usual usage message remains.
 */
final class UsageErrorReport {
    private UsageErrorReport() {
    }

    static void writeIfJudging(CommandLine.ParameterException e, String[] arguments) {
        if (!e.getCommandLine().getCommandSpec().optionsMap().containsKey("--report-dir")) {
            return;
        }
        Path directory = Path.of(valueOf(arguments, "-r", "--report-dir", "aigate-report"));
        String policy = valueOf(arguments, "-p", "--policy", "aigate.yml");
        Instant now = Instant.now();
        GateResult result = new GateResult(ToolVersion.get(), null, Path.of(policy), null, Severity.DEFAULT_FAIL_ON, "default",
                now, now, Verdict.ERROR, List.of(), List.of(), "usage error: " + e.getMessage(), Map.of());
        try {
            ReportWriter.writeAll(result, directory);
        } catch (IOException | RuntimeException ignored) {
            // The usage message printed next is the error the user sees either way.
        }
    }

    /** The value given for an option as "-x v", "--xx v" or "--xx=v", or the default. */
    static String valueOf(String[] arguments, String shortName, String longName, String fallback) {
        for (int i = 0; i < arguments.length; i++) {
            String argument = arguments[i];
            if ((argument.equals(shortName) || argument.equals(longName)) && i + 1 < arguments.length) {
                return arguments[i + 1];
            }
            if (argument.startsWith(longName + "=")) {
                return argument.substring(longName.length() + 1);
            }
        }
        return fallback;
    }
}
