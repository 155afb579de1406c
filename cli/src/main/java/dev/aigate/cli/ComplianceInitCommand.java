package dev.aigate.cli;

import dev.aigate.checks.compliance.ComplianceInit;
import dev.aigate.checks.compliance.ComplianceSelection;
import dev.aigate.checks.compliance.Profiles;
import dev.aigate.core.spi.CheckRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code aigate compliance init}: writes the starting files of the compliance check, never overwriting. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Writes compliance/checklist.yml (a selection of built-in profiles), MODEL_CARD.md (a model card"
                + " template) and compliance/signoffs.yml (no sign-offs yet) next to the policy. Files that exist"
                + " are left unchanged.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:files written or left unchanged", "2:ERROR or usage error"})
final class ComplianceInitCommand implements Callable<Integer> {
    @Option(names = {"-p", "--policy"}, paramLabel = "FILE", defaultValue = "aigate.yml",
            description = "The policy file; the files are written in its directory (default: ${DEFAULT-VALUE}).")
    Path policy;

    @Option(names = "--profile", paramLabel = "NAME", split = ",",
            description = "Built-in profiles the checklist extends (repeatable or comma-separated): "
                    + "eu-ai-act-high-risk, nist-ai-rmf, owasp-ml-top10, privacy (default: owasp-ml-top10).")
    List<String> profiles = new ArrayList<>();

    @Option(names = "--project", paramLabel = "NAME",
            description = "Project name for the checklist and model card (default: the directory's name).")
    String project;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<String> selected = profiles.isEmpty() ? ComplianceInit.DEFAULT_PROFILES : profiles;
        for (String profile : selected) {
            if (!Profiles.NAMES.contains(profile)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "unknown profile '" + profile
                        + "' (built-in profiles: " + String.join(", ", Profiles.NAMES) + ")");
            }
        }
        Path dir = policy.toAbsolutePath().normalize().getParent();
        ComplianceInit.Result result;
        result = ComplianceInit.init(dir, selected, project);
        for (String file : result.written()) {
            out.println("wrote " + dir.resolve(file));
        }
        for (String file : result.skipped()) {
            out.println("skipped " + dir.resolve(file) + ": it exists and was left unchanged");
        }
        if (!ComplianceSelection.policyEnables(policy, CheckRegistry.load())) {
            out.println("to enable the check, add to " + policy + ":");
            out.print(result.policySnippet());
        }
        out.flush();
        return 0;
    }
}
