package dev.aigate.cli;

import dev.aigate.checks.datasets.DatasetsCheck;
import java.util.Set;
import picocli.CommandLine.Command;

/** {@code aigate verify}: verifies the datasets against their lock. */
@Command(name = "verify", aliases = "verify-datasets", mixinStandardHelpOptions = true,
        description = "Verifies the datasets named in the policy against their lock file, naming every modified,"
                + " added and removed file. Never writes the lock.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:PASS or WARN", "1:FAIL", "2:ERROR or usage error"})
final class VerifyCommand extends CheckCommand {
    @Override
    Set<String> checks() {
        return Set.of(DatasetsCheck.ID);
    }
}
