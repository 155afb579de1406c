package dev.aigate.cli;

import dev.aigate.core.Severity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Options of the commands that judge and write reports: {@code gate}, every {@code <check> verify}, and the actions
 * that judge (e.g. {@code watermark verify-file}). Each name means what it means in Maven and Jenkins.
 */
final class GateOptions {
    @Option(names = {"-p", "--policy"}, paramLabel = "FILE", defaultValue = "aigate.yml",
            description = "The policy file (default: ${DEFAULT-VALUE}); its folder is the project directory.")
    Path policy;

    @Option(names = {"-r", "--report-dir"}, paramLabel = "DIR", defaultValue = "aigate-report",
            description = "Where to write the reports (default: ${DEFAULT-VALUE}).")
    Path reportDir;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
            description = "What to print on standard output: a text summary or the JSON report"
                    + " (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Option(names = "--fail-on", paramLabel = "LEVEL", converter = SeverityConverter.class,
            description = "The failing severity, replacing the policy's failOn: info, low, medium, high or critical.")
    Severity failOn;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "Worker threads; 0 uses one per processor (default).")
    int threads;

    @Option(names = "--project", paramLabel = "NAME", description = "Project name (and version) for the report.")
    String project;

    @Option(names = "--report-signing-key", paramLabel = "FILE",
            description = "Sign the report set with this Ed25519 private key (PEM, from 'aigate signature keygen');"
                    + " a relative path is relative to the policy's folder.")
    String reportSigningKeyFile;

    @Option(names = "--report-signing-key-env", paramLabel = "VARIABLE",
            description = "Like --report-signing-key, with the key (PEM) or the path of its file in this"
                    + " environment variable.")
    String reportSigningKeyEnv;

    @Option(names = {"-q", "--quiet"}, description = "Print only the verdict line (text format).")
    boolean quiet;

    @Option(names = "--no-progress", description = "Do not print progress of long runs on standard error.")
    boolean noProgress;

    enum OutputFormat { text, json }

    /** Parses a level, reporting bad values as usage errors. */
    static final class SeverityConverter implements picocli.CommandLine.ITypeConverter<Severity> {
        @Override
        public Severity convert(String value) {
            try {
                return Severity.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** Threshold overrides: for {@code gate} and {@code <check> verify}, which run checks from the policy. */
    static final class Overrides {
        @Option(names = "--set", paramLabel = "CHECK.KEY=VALUE",
                description = "Overrides a threshold; recorded in the report. Repeatable.")
        Map<String, String> values = new LinkedHashMap<>();
    }

    static List<String> split(List<String> values) {
        List<String> out = new ArrayList<>();
        if (values != null) {
            for (String value : values) {
                for (String part : value.split(",")) {
                    if (!part.isBlank()) {
                        out.add(part.trim());
                    }
                }
            }
        }
        return out;
    }
}
