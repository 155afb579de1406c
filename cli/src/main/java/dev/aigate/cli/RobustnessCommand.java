package dev.aigate.cli;

import java.util.Set;
import picocli.CommandLine.Command;

/** {@code aigate robustness}: runs the robustness smoke tests named in the policy. */
@Command(name = "robustness", mixinStandardHelpOptions = true,
        description = "Runs the model named in the policy's 'robustness' section in ONNX Runtime on its evaluation"
                + " set: clean accuracy, random noise, FGSM, PGD and Square Attack within each epsilon, compared with"
                + " the policy's thresholds. Thresholds can be overridden with --set robustness.minCleanAccuracy=0.9,"
                + " robustness.minRobustAccuracy=0.3 (every epsilon) or robustness.maxNoiseDrop=0.05.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:PASS or WARN", "1:FAIL", "2:ERROR or usage error"})
final class RobustnessCommand extends CheckCommand {
    @Override
    Set<String> checks() {
        return Set.of("robustness");
    }
}
