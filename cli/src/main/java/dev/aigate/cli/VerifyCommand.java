package dev.aigate.cli;

import dev.aigate.checks.datasets.DatasetsCheck;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code aigate verify}: verifies the datasets against their lock. */
@Command(name = "verify", aliases = "verify-datasets", mixinStandardHelpOptions = true,
        description = "Verifies the datasets named in the policy against their lock file, naming every modified,"
                + " added and removed file. Never writes the lock.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:PASS or WARN", "1:FAIL", "2:ERROR or usage error"})
final class VerifyCommand implements Callable<Integer> {
    @Mixin
    GateOptions options;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return GateRunner.run(options, Set.of(DatasetsCheck.ID), Set.of(), spec.commandLine().getOut(),
                spec.commandLine().getErr());
    }
}
