package dev.aigate.cli;

import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** A command that runs some of the policy's checks with the gate options and exits with the verdict. */
abstract class CheckCommand implements Callable<Integer> {
    @Mixin
    GateOptions options;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** The ids of the checks this command runs. */
    abstract Set<String> checks();

    @Override
    public Integer call() {
        return GateRunner.run(options, checks(), Set.of(), spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
