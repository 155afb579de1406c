package dev.aigate.checks.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aigate.core.CheckResult;
import dev.aigate.core.Finding;
import dev.aigate.core.GateResult;
import dev.aigate.core.Verdict;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The check against fixtures/privacy/reference.json: the same attacks computed in numpy on PyTorch's outputs of the
 * same models, with the same noisy queries (the generator re-implements the check's random streams).
 */
class PrivacyReferenceTest {
    private static final JsonNode REFERENCE = PrivacyFixtures.reference().get("models");
    private static final List<String> ATTACKS = List.of("loss", "confidence", "calibrated", "labelOnly");
    private static final List<String> FIGURES = List.of("auc", "advantage", "balancedAccuracy", "tprAtOnePercentFpr",
            "tprAtTenthPercentFpr");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"regularised", "memorising"})
    void aucsAgreeWithTheNumpyReferenceWithinTwoHundredths(String kind) {
        GateResult result = PrivacyFixtures.run(PrivacyFixtures.project(dir, kind,
                PrivacyFixtures.minimalSection(kind)), 2);
        CheckResult check = PrivacyFixtures.check(result);
        JsonNode reference = REFERENCE.get("digits-" + kind);
        for (String attack : ATTACKS) {
            JsonNode expected = reference.get("attacks").get(attack);
            for (String figure : FIGURES) {
                double actual = PrivacyFixtures.figure(check, attack, figure);
                System.out.printf("%s %s %s: gate %.6f, numpy %.6f%n", kind, attack, figure, actual,
                        expected.get(figure).asDouble());
            }
            assertEquals(expected.get("auc").asDouble(), PrivacyFixtures.figure(check, attack, "auc"), 0.02,
                    kind + " " + attack + " AUC");
            // Same outputs up to float32 rounding between ONNX Runtime and PyTorch, same noise: in practice equal.
            assertEquals(expected.get("auc").asDouble(), PrivacyFixtures.figure(check, attack, "auc"), 0.002,
                    kind + " " + attack + " AUC, tight");
            assertEquals(expected.get("advantage").asDouble(), PrivacyFixtures.figure(check, attack, "advantage"),
                    0.01, kind + " " + attack + " advantage");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> generalisation = (Map<String, Object>) check.metrics().get("generalisation");
        assertEquals(reference.get("gap").asDouble(), ((Number) generalisation.get("gap")).doubleValue(), 1e-6);
        assertEquals(reference.get("members").asInt(), PrivacyFixtures.attack(check, "loss").isEmpty() ? -1
                : ((Map<?, ?>) ((Map<?, ?>) check.metrics().get("data")).get("members")).get("samples"));
    }

    @Test
    void defaultThresholdsPassTheRegularisedModelAndFailTheMemorisingOne() {
        GateResult regularised = PrivacyFixtures.run(PrivacyFixtures.project(dir.resolve("r"), "regularised",
                PrivacyFixtures.minimalSection("regularised")), 2);
        GateResult memorising = PrivacyFixtures.run(PrivacyFixtures.project(dir.resolve("m"), "memorising",
                PrivacyFixtures.minimalSection("memorising")), 2);
        assertEquals(Verdict.PASS, regularised.verdict(), () -> String.valueOf(regularised.checks()));
        assertEquals(Verdict.FAIL, memorising.verdict(), () -> String.valueOf(memorising.checks()));
        CheckResult failed = PrivacyFixtures.check(memorising);
        Finding auc = failed.findings().stream().filter(f -> f.ruleId().equals("privacy/membership-auc")
                && f.message().contains("under the loss attack")).findFirst()
                .orElseThrow(() -> new AssertionError(failed.findings()));
        assertTrue(auc.message().startsWith("model/digits-memorising.onnx: membership inference ROC AUC 0.66"),
                auc.message());
        assertTrue(auc.message().contains("95% CI ") && auc.message().contains("above the allowed 0.6000 (maxAuc;"
                + " 150 members, 150 non-members)"), auc.message());
        assertEquals("<= 0.6000 (maxAuc)", auc.expected());
        assertTrue(auc.actual().startsWith("0.66") && auc.actual().contains("loss attack"), auc.actual());
        assertTrue(failed.findings().stream().anyMatch(f -> f.ruleId().equals("privacy/membership-advantage")),
                () -> String.valueOf(failed.findings()));
        failed.findings().forEach(f -> assertEquals("model/digits-memorising.onnx", f.subject()));
        assertFalse(PrivacyFixtures.check(regularised).findings().stream().anyMatch(Finding::isViolation));
    }
}
