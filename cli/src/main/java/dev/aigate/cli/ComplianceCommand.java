package dev.aigate.cli;

import dev.aigate.checks.compliance.ComplianceSelection;
import dev.aigate.core.spi.CheckRegistry;
import java.util.Set;
import picocli.CommandLine.Command;

/**
 * {@code aigate compliance}: judges the compliance checklist. Runs the compliance check together with the checks its
 * items name (e.g. {@code datasets}) that the policy configures, so that their verdicts count as evidence.
 */
@Command(name = "compliance", mixinStandardHelpOptions = true, subcommands = ComplianceInitCommand.class,
        description = "Judges the compliance checklist named in the policy's 'compliance' section: every item is met,"
                + " unmet or not applicable, with the evidence that decided it. Also runs the checks the items rely"
                + " on. 'aigate compliance init' writes a starting checklist, model card and sign-off file.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:PASS or WARN", "1:FAIL", "2:ERROR or usage error"})
final class ComplianceCommand extends CheckCommand {
    @Override
    Set<String> checks() {
        return ComplianceSelection.checksFor(options.policy, CheckRegistry.load());
    }
}
