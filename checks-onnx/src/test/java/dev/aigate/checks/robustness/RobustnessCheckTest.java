package dev.aigate.checks.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.core.CheckResult;
import dev.aigate.core.CheckStatus;
import dev.aigate.core.GateResult;
import dev.aigate.core.InputDigest;
import dev.aigate.core.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Determinism, data sources, sampling, overrides, and the report's metrics. */
class RobustnessCheckTest {
    @TempDir
    Path dir;

    private static final String SMALL_SUITE = """
              model: model/digits-mlp.onnx
              data: {csv: data/digits-test.csv, label: label}
              maxSamples: 120
              seed: 7
              epsilons: [0.1]
              attacks:
                noise: {gaussianSigmas: [0.1], uniform: true, draws: 3}
                fgsm: {}
                pgd: {steps: 3, randomStart: true}
                square: {queries: 30}
            """;

    @Test
    void sameInputsGiveIdenticalNumbersRunToRunAndAcrossThreadCounts() {
        Path policy = Fixtures.project(dir, SMALL_SUITE, "digits-mlp.onnx", "digits-test.csv");
        Map<String, Object> first = withoutTimes(Fixtures.check(Fixtures.run(policy, 1)));
        Map<String, Object> second = withoutTimes(Fixtures.check(Fixtures.run(policy, 1)));
        Map<String, Object> twoThreads = withoutTimes(Fixtures.check(Fixtures.run(policy, 2)));
        assertEquals(first, second);
        assertEquals(first, twoThreads);
    }

    @Test
    void aDifferentSeedDrawsDifferentNoise() {
        Path policy = Fixtures.project(dir, SMALL_SUITE, "digits-mlp.onnx", "digits-test.csv");
        CheckResult seven = Fixtures.check(Fixtures.run(policy, 2));
        Path other = Fixtures.project(dir.resolve("other"), SMALL_SUITE.replace("seed: 7", "seed: 8"),
                "digits-mlp.onnx", "digits-test.csv");
        CheckResult eight = Fixtures.check(Fixtures.run(other, 2));
        assertTrue(!withoutTimes(seven).get("results").equals(withoutTimes(eight).get("results")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void sampleLimitIsStratifiedByLabel() {
        Path policy = Fixtures.project(dir, """
                  model: model/digits-mlp.onnx
                  data: {csv: data/digits-test.csv, label: label}
                  maxSamples: 100
                  attacks: {fgsm: {}}
                """, "digits-mlp.onnx", "digits-test.csv");
        CheckResult check = Fixtures.check(Fixtures.run(policy, 2));
        Map<String, Object> data = (Map<String, Object>) check.metrics().get("data");
        assertEquals(450, data.get("samplesAvailable"));
        assertEquals(100, data.get("samples"));
        assertTrue(((String) data.get("sampling")).startsWith("stratified"));
        long[] labels = new long[450];
        for (int i = 0; i < 450; i++) {
            labels[i] = i % 10 < 5 ? 0 : 1 + i % 3;
        }
        int[] chosen = EvalSetLoader.stratified(labels, 450, 4, 90, 1);
        int[] perClass = new int[4];
        for (int index : chosen) {
            perClass[(int) labels[index]]++;
        }
        assertEquals(90, chosen.length);
        assertEquals(45, perClass[0]);
        assertTrue(perClass[1] >= 14 && perClass[1] <= 16, () -> java.util.Arrays.toString(perClass));
        for (int i = 1; i < chosen.length; i++) {
            assertTrue(chosen[i] > chosen[i - 1], "file order");
        }
    }

    @Test
    void numpyAndCsvDataGiveTheSameResultsAndAreRecordedAsInputs() {
        Path csv = Fixtures.project(dir.resolve("csv"), """
                  model: model/digits-logreg.onnx
                  data: {csv: data/digits-test.csv, label: label}
                  attacks: {fgsm: {}}
                """, "digits-logreg.onnx", "digits-test.csv");
        Path npy = Fixtures.project(dir.resolve("npy"), """
                  model: model/digits-logreg.onnx
                  data: {features: data/digits-test-x.npy, labels: data/digits-test-y.npy}
                  attacks: {fgsm: {}}
                """, "digits-logreg.onnx", "digits-test-x.npy", "digits-test-y.npy");
        CheckResult fromCsv = Fixtures.check(Fixtures.run(csv, 2));
        CheckResult fromNpy = Fixtures.check(Fixtures.run(npy, 2));
        assertEquals(fromCsv.metrics().get("results").toString().replaceAll("seconds=[0-9.E-]+", ""),
                fromNpy.metrics().get("results").toString().replaceAll("seconds=[0-9.E-]+", ""));
        List<String> kinds = fromNpy.inputs().stream().map(InputDigest::kind).toList();
        assertEquals(List.of("model", "evaluation-features", "evaluation-labels"), kinds);
        InputDigest model = fromCsv.inputs().get(0);
        assertEquals("model/digits-logreg.onnx", model.path());
        assertEquals(Fixtures.reference().get("models").get("digits-logreg").get("sha256").asText(), model.sha256());
    }

    @Test
    void probabilityOutputsAreAttackedThroughTheirLogarithm() {
        Path policy = Fixtures.project(dir, """
                  model: model/digits-mlp-softmax.onnx
                  data: {csv: data/digits-test.csv, label: label}
                  output: probabilities
                  outputKind: probabilities
                  attacks: {fgsm: {}}
                """, "digits-mlp-softmax.onnx", "digits-test.csv");
        CheckResult check = Fixtures.check(Fixtures.run(policy, 2));
        assertEquals(CheckStatus.PASSED, check.status(), check::error);
        var reference = Fixtures.reference().get("models").get("digits-mlp");
        for (String eps : List.of("0.05", "0.1", "0.2")) {
            assertEquals(reference.get("fgsm").get(eps).asDouble(),
                    Fixtures.accuracy(check, "fgsm", Double.parseDouble(eps)), 0.015, "FGSM at " + eps);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void spsaEstimatesGradientsForLargeInputsAndIsRecorded() {
        Path policy = Fixtures.project(dir, """
                  model: model/digits-mlp.onnx
                  data: {csv: data/digits-test.csv, label: label}
                  maxSamples: 150
                  epsilons: [0.1]
                  gradient: {maxFiniteDifferenceFeatures: 32, spsaDirections: 64}
                  attacks: {noise: {gaussianSigmas: [], draws: 2}, fgsm: {}, pgd: {}}
                """, "digits-mlp.onnx", "digits-test.csv");
        CheckResult check = Fixtures.check(Fixtures.run(policy, 2));
        Map<String, Object> gradient = (Map<String, Object>) check.metrics().get("gradient");
        assertEquals("spsa", gradient.get("method"));
        assertEquals(129, gradient.get("forwardPassesPerEstimate"));
        double uniform = Fixtures.accuracy(check, "uniform", 0.1);
        double fgsm = Fixtures.accuracy(check, "fgsm", 0.1);
        double pgd = Fixtures.accuracy(check, "pgd", 0.1);
        assertTrue(fgsm < uniform - 0.3, "SPSA FGSM " + fgsm + " vs uniform " + uniform);
        assertTrue(pgd < 0.6, "SPSA PGD " + pgd);
    }

    @Test
    @SuppressWarnings("unchecked")
    void overridesReplaceThresholdsAndAreRecorded() {
        Path policy = Fixtures.project(dir, """
                  model: model/digits-mlp.onnx
                  data: {csv: data/digits-test.csv, label: label}
                  attacks: {fgsm: {}}
                  thresholds: {minCleanAccuracy: 0.9, minRobustAccuracy: {"0.1": 0.3}}
                """, "digits-mlp.onnx", "digits-test.csv");
        assertEquals(Verdict.PASS, Fixtures.run(policy, 2).verdict());
        GateResult overridden = Fixtures.run(policy, 2, Map.of("robustness.minCleanAccuracy", "0.99",
                "robustness.minRobustAccuracy", "0.5"));
        assertEquals(Verdict.FAIL, overridden.verdict());
        CheckResult check = Fixtures.check(overridden);
        Map<String, Object> thresholds = (Map<String, Object>) check.metrics().get("thresholds");
        assertEquals(Map.of("value", 0.99, "source", "override"), thresholds.get("minCleanAccuracy"));
        assertEquals(3, check.findings().size(), () -> String.valueOf(check.findings()));
        assertTrue(check.findings().stream().anyMatch(f -> f.ruleId().equals("robustness/clean-accuracy")
                && f.message().contains("97.33%") && "0.9733".equals(f.actual())));
        GateResult bad = Fixtures.run(policy, 2, Map.of("robustness.minCleanAccuracy", "high"));
        assertEquals(Verdict.ERROR, bad.verdict());
        GateResult unknown = Fixtures.run(policy, 2, Map.of("robustness.epsilon", "0.3"));
        assertEquals(Verdict.ERROR, unknown.verdict());
        assertTrue(unknown.error().contains("maxNoiseDrop"), unknown.error());
    }

    @Test
    @SuppressWarnings("unchecked")
    void minimalPolicyRunsTheDefaultSuiteAndReportsTheSeries() {
        Path policy = Fixtures.project(dir, """
                  model: model/digits-mlp.onnx
                  data: {csv: data/digits-test.csv, label: label}
                """, "digits-mlp.onnx", "digits-test.csv");
        CheckResult check = Fixtures.check(Fixtures.run(policy, 2));
        assertEquals(CheckStatus.PASSED, check.status(), check::error);
        Map<String, Object> series = (Map<String, Object>) check.metrics().get("accuracyVsEpsilon");
        assertEquals(List.of(0.0, 0.05, 0.1, 0.2), series.get("epsilon"));
        for (String attack : List.of("uniform", "fgsm", "pgd", "square", "worstAdversarial")) {
            assertEquals(4, ((List<?>) series.get(attack)).size(), attack);
        }
        List<Map<String, Object>> rows = (List<Map<String, Object>>) check.metrics().get("results");
        assertEquals(2 + 3 + 3 + 3 + 3, rows.size());
        for (Map<String, Object> row : rows) {
            assertNotNull(row.get("queries"));
            assertNotNull(row.get("seconds"));
            if (!row.get("attack").equals("gaussian") && !row.get("attack").equals("uniform")) {
                assertNotNull(row.get("attackSuccessRate"));
            }
        }
    }

    @Test
    void nativeLibrariesLeaveNothingInTheTemporaryDirectory() throws IOException {
        Path policy = Fixtures.project(dir, SMALL_SUITE, "digits-mlp.onnx", "digits-test.csv");
        Fixtures.check(Fixtures.run(policy, 1));
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (Stream<Path> entries = Files.list(tmp)) {
            List<String> left = entries.map(p -> p.getFileName().toString())
                    .filter(name -> name.startsWith("onnxruntime-java") || name.startsWith("aigate-onnxruntime"))
                    .toList();
            assertEquals(List.of(), left, "left in " + tmp);
        }
        Path ortDir = OrtNative.ortTempDirectory();
        if (ortDir != null) {
            assertTrue(Files.notExists(ortDir), ortDir + " still exists");
        }
    }

    private static Map<String, Object> withoutTimes(CheckResult check) {
        Map<String, Object> metrics = new LinkedHashMap<>(check.metrics());
        metrics.remove("seconds");
        metrics.put("results", metrics.get("results").toString().replaceAll("seconds=[0-9.E-]+", ""));
        Map<String, Object> copy = new HashMap<>(metrics);
        copy.put("findings", check.findings().toString());
        return copy;
    }
}
