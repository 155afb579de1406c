package dev.aigate.cli;

import dev.aigate.checks.robustness.RobustnessCheck;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code aigate robustness}: runs the robustness smoke tests named in the policy. */
@Command(name = "robustness", mixinStandardHelpOptions = true,
        description = "Runs the model named in the policy's 'robustness' section in ONNX Runtime on its evaluation"
                + " set: clean accuracy, random noise, FGSM, PGD and Square Attack within each epsilon, compared with"
                + " the policy's thresholds. Thresholds can be overridden with --set robustness.minCleanAccuracy=0.9,"
                + " robustness.minRobustAccuracy=0.3 (every epsilon) or robustness.maxNoiseDrop=0.05.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:PASS or WARN", "1:FAIL", "2:ERROR or usage error"})
final class RobustnessCommand implements Callable<Integer> {
    @Mixin
    GateOptions options;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return GateRunner.run(options, Set.of(RobustnessCheck.ID), Set.of(), spec.commandLine().getOut(),
                spec.commandLine().getErr());
    }
}
