package dev.aigate.checks.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aigate.core.CheckResult;
import dev.aigate.core.CheckStatus;
import dev.aigate.core.GateResult;
import dev.aigate.core.Verdict;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The gate's attacks against the white-box float64 reference in fixtures/digits/reference.json. */
class RobustnessReferenceTest {
    private static final double[] EPSILONS = {0.05, 0.1, 0.2};
    private static final JsonNode REFERENCE = Fixtures.reference().get("models");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"digits-logreg", "digits-mlp", "digits-cnn"})
    void fgsmMatchesTheWhiteBoxReferenceWithinOnePercentagePoint(String model) {
        Path policy = Fixtures.project(dir, """
                  model: model/%s.onnx
                  data: {csv: data/digits-test.csv, label: label}
                  attacks: {fgsm: {}}
                """.formatted(model), model + ".onnx", "digits-test.csv");
        CheckResult check = Fixtures.check(Fixtures.run(policy, 2));
        assertEquals(CheckStatus.PASSED, check.status(), check::error);
        JsonNode reference = REFERENCE.get(model);
        assertEquals(reference.get("clean").asDouble(), Fixtures.cleanAccuracy(check), 1e-6, "clean accuracy");
        for (double eps : EPSILONS) {
            double expected = reference.get("fgsm").get(Epsilons.format(eps)).asDouble();
            double actual = Fixtures.accuracy(check, "fgsm", eps);
            System.out.printf("%s FGSM eps %s: gate %.4f, reference %.4f%n", model, eps, actual, expected);
            assertEquals(expected, actual, 0.01, model + " FGSM at epsilon " + eps);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> gradient = (Map<String, Object>) check.metrics().get("gradient");
        assertEquals("central-finite-differences", gradient.get("method"));
    }

    @Test
    void pgdIsAtLeastAsStrongAsFgsmAndSquareBeatsUniformNoise() {
        Path policy = Fixtures.project(dir, """
                  model: model/digits-mlp.onnx
                  data: {csv: data/digits-test.csv, label: label}
                  attacks:
                    noise: {gaussianSigmas: [], uniform: true, draws: 10}
                    fgsm: {}
                    pgd: {steps: 10, stepSize: 0.25}
                    square: {queries: 100}
                """, "digits-mlp.onnx", "digits-test.csv");
        CheckResult check = Fixtures.check(Fixtures.run(policy, 2));
        assertEquals(CheckStatus.PASSED, check.status(), check::error);
        JsonNode reference = REFERENCE.get("digits-mlp");
        for (double eps : EPSILONS) {
            String key = Epsilons.format(eps);
            double fgsm = Fixtures.accuracy(check, "fgsm", eps);
            double pgd = Fixtures.accuracy(check, "pgd", eps);
            double square = Fixtures.accuracy(check, "square", eps);
            double uniform = Fixtures.accuracy(check, "uniform", eps);
            System.out.printf("digits-mlp eps %s: uniform %.4f fgsm %.4f pgd %.4f (reference %.4f) square %.4f%n",
                    key, uniform, fgsm, pgd, reference.get("pgd").get(key).asDouble(), square);
            assertTrue(pgd <= fgsm, "PGD " + pgd + " weaker than FGSM " + fgsm + " at " + key);
            assertEquals(reference.get("pgd").get(key).asDouble(), pgd, 0.01, "PGD at " + key);
            assertEquals(reference.get("uniform").get(key).asDouble(), uniform, 0.02, "uniform noise at " + key);
            if (eps >= 0.1) {
                assertTrue(square < uniform - 0.25, "Square " + square + " vs uniform " + uniform + " at " + key);
            }
        }
        assertEquals(reference.get("square").get("0.1").asDouble(), Fixtures.accuracy(check, "square", 0.1), 0.03);
    }

    @Test
    void thresholdsTellTheFragileModelFromTheSturdyOne() {
        String section = """
                  model: model/%s.onnx
                  data: {features: data/digits-test-x.npy, labels: data/digits-test-y.npy}
                  epsilons: [0.05, 0.1]
                  attacks: {noise: {gaussianSigmas: [0.05], draws: 5}, fgsm: {}, square: {queries: 50}}
                  thresholds:
                    minCleanAccuracy: 0.95
                    minRobustAccuracy: {"0.05": 0.5}
                    maxNoiseDrop: 0.05
                """;
        Path fragileDir = dir.resolve("fragile");
        Path sturdyDir = dir.resolve("sturdy");
        GateResult fragile = Fixtures.run(Fixtures.project(fragileDir, section.formatted("digits-mlp-fragile"),
                "digits-mlp-fragile.onnx", "digits-test-x.npy", "digits-test-y.npy"), 2);
        GateResult sturdy = Fixtures.run(Fixtures.project(sturdyDir, section.formatted("digits-mlp-sturdy"),
                "digits-mlp-sturdy.onnx", "digits-test-x.npy", "digits-test-y.npy"), 2);
        assertEquals(Verdict.FAIL, fragile.verdict(), () -> String.valueOf(fragile.checks()));
        assertEquals(Verdict.PASS, sturdy.verdict(), () -> String.valueOf(sturdy.checks().get(0).findings()));
        CheckResult failed = Fixtures.check(fragile);
        assertTrue(failed.findings().stream().anyMatch(f -> f.ruleId().equals("robustness/robust-accuracy")
                && f.message().contains("epsilon 0.05") && f.expected().startsWith(">= 0.5")), () -> String.valueOf(failed.findings()));
        assertTrue(failed.findings().stream().anyMatch(f -> f.ruleId().equals("robustness/noise-drop")
                && f.message().contains("gaussian noise sigma 0.05")), () -> String.valueOf(failed.findings()));
        failed.findings().forEach(f -> assertEquals("model/digits-mlp-fragile.onnx", f.subject()));
    }
}
