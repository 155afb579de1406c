package dev.aigate.cli;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code aigate gate}: runs every check the policy enables. */
@Command(name = "gate", mixinStandardHelpOptions = true,
        description = "Runs every check the policy enables, writes the reports and exits with the verdict.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:PASS or WARN", "1:FAIL", "2:ERROR or usage error"})
final class GateCommand implements Callable<Integer> {
    @Mixin
    GateOptions options;

    @Mixin
    GateOptions.Overrides overrides;

    @Option(names = "--checks", paramLabel = "ID[,ID...]", split = ",",
            description = "Run only these checks (and those they require), e.g. datasets.")
    List<String> checks;

    @Option(names = "--skip-checks", paramLabel = "ID[,ID...]", split = ",",
            description = "Do not run these checks; they are reported as skipped.")
    List<String> skipChecks;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return GateRunner.gate(options, overrides.values, new LinkedHashSet<>(GateOptions.split(checks)),
                new LinkedHashSet<>(GateOptions.split(skipChecks)), spec.commandLine());
    }
}
