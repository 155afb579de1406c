package dev.aigate.checks.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.core.CheckResult;
import dev.aigate.core.GateResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/** The compliance profiles' membership inference items take the privacy check's verdict as evidence. */
class PrivacyComplianceEvidenceTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"regularised, met", "memorising, unmet"})
    void owaspMl04AndThePrivacyProfileFollowThePrivacyCheck(String kind, String expected) throws IOException {
        Path policy = PrivacyFixtures.project(dir, kind, PrivacyFixtures.minimalSection(kind)
                + "  attacks: {loss: {}, confidence: {}}\n  bootstrap: {resamples: 100}\n");
        Files.writeString(policy, Files.readString(policy) + "compliance:\n  checklist: compliance/checklist.yml\n");
        Files.createDirectories(dir.resolve("compliance"));
        Files.writeString(dir.resolve("compliance/privacy.yml"), "personalData: true\n");
        Files.writeString(dir.resolve("compliance/checklist.yml"), "version: 1\nextends:\n"
                + "  - profile: owasp-ml-top10\n  - profile: privacy\n");
        GateResult result = PrivacyFixtures.run(policy, 2);
        assertEquals(List.of("privacy", "compliance"), result.checks().stream().map(CheckResult::checkId).toList());
        CheckResult compliance = result.checks().get(1);
        for (String item : List.of("owasp-ml/ML04", "privacy/membership-inference")) {
            Map<String, Object> row = item(compliance, item);
            assertEquals(expected, row.get("status"), item + ": " + row);
        }
        if (expected.equals("unmet")) {
            String message = compliance.findings().stream().filter(f -> "privacy/membership-inference"
                    .equals(f.subject())).findFirst().orElseThrow().message();
            assertTrue(message.contains("check 'privacy'"), message);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> item(CheckResult compliance, String id) {
        return ((List<Map<String, Object>>) compliance.metrics().get("items")).stream()
                .filter(i -> id.equals(i.get("id"))).findFirst()
                .orElseThrow(() -> new AssertionError("no item " + id));
    }
}
