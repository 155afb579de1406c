package dev.aigate.checks.robustness;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigate.core.CheckResult;
import dev.aigate.core.CheckStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * FGSM from forward passes against PyTorch's float64 exact gradients on a CNN that max-pools the input pixels, where
 * thousands of pooling windows are ties (fixture and reference:
 * checks-onnx/src/test/python/make_cnn_maxpool_fixture.py).
 */
class RobustnessMaxPoolReferenceTest {
    @TempDir
    Path dir;

    /** The policy's gradient step, or none for the default (1e-3 of the input range). */
    @ParameterizedTest
    @ValueSource(strings = {"", "0.0001", "0.01"})
    void fgsmIsWithinOnePointOfTheExactGradientReferenceAtEveryEpsilon(String step) throws IOException {
        JsonNode reference = new ObjectMapper().readTree(
                Fixtures.DIGITS.resolve("digits-cnn-maxpool-reference.json").toFile());
        assertTrue(reference.get("tiedPoolingWindows").asInt() > 1000, "the fixture exercises ties");
        Path policy = Fixtures.project(dir, """
                  model: model/digits-cnn-maxpool.onnx
                  data: {features: data/digits-test-x.npy, labels: data/digits-test-y.npy}
                  attacks: {fgsm: {}}
                """ + (step.isEmpty() ? "" : "  gradient: {step: " + step + "}\n"), "digits-cnn-maxpool.onnx",
                "digits-test-x.npy", "digits-test-y.npy");
        CheckResult check = Fixtures.check(Fixtures.run(policy, 2));
        assertEquals(CheckStatus.PASSED, check.status(), check::error);
        assertEquals(reference.get("clean").asDouble(), Fixtures.cleanAccuracy(check), 1e-6, "clean accuracy");
        List<Executable> withinOnePoint = new ArrayList<>();
        for (double eps : RobustnessConfig.DEFAULT_EPSILONS) {
            double expected = reference.get("fgsm").get(Epsilons.format(eps)).asDouble();
            double actual = Fixtures.accuracy(check, "fgsm", eps);
            System.out.printf("digits-cnn-maxpool step %s FGSM eps %s: gate %.4f, PyTorch float64 %.4f%n",
                    step.isEmpty() ? "default" : step, eps, actual, expected);
            withinOnePoint.add(() -> assertEquals(expected, actual, 0.01, "FGSM at epsilon " + eps));
        }
        assertAll(withinOnePoint);
        @SuppressWarnings("unchecked")
        Map<String, Object> gradient = (Map<String, Object>) check.metrics().get("gradient");
        System.out.println("gradient: " + gradient + ", forward passes " + check.metrics().get("forwardPasses"));
    }
}
