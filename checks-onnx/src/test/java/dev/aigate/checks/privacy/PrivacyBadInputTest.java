package dev.aigate.checks.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.core.CheckResult;
import dev.aigate.core.CheckStatus;
import dev.aigate.core.GateResult;
import dev.aigate.core.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input is an ERROR naming the file and the problem, never a pass. */
class PrivacyBadInputTest {
    @TempDir
    Path dir;

    private String error(Path policy) {
        GateResult result = PrivacyFixtures.run(policy, 1);
        assertEquals(Verdict.ERROR, result.verdict(), () -> "checks: " + result.checks());
        if (result.error() != null) {
            return result.error();
        }
        CheckResult check = PrivacyFixtures.check(result);
        assertEquals(CheckStatus.ERROR, check.status());
        return check.error();
    }

    private Path project() {
        return PrivacyFixtures.project(dir, "memorising", PrivacyFixtures.minimalSection("memorising")
                + "  attacks: {loss: {}}\n");
    }

    @Test
    void aRowInBothSetsIsAnErrorNamingBothLines() throws IOException {
        Path policy = project();
        Path members = dir.resolve("data/memorising-members.csv");
        Path nonMembers = dir.resolve("data/memorising-non-members.csv");
        List<String> memberLines = Files.readAllLines(members);
        List<String> lines = new ArrayList<>(Files.readAllLines(nonMembers));
        // Non-member line 11 becomes member line 5, with another label: features decide.
        String copied = memberLines.get(4);
        lines.set(10, copied.substring(0, copied.lastIndexOf(',')) + ",9");
        lines.set(20, memberLines.get(7));
        Files.write(nonMembers, lines);
        String error = error(policy);
        assertTrue(error.contains("data/memorising-non-members.csv: line 11 (data row 10) has the same features as"
                + " member line 5 (data row 4) of memorising-members.csv (and 1 more non-member rows are members"
                + " too)"), error);
        assertTrue(error.contains("cannot be both a training row and a held-out row"), error);
    }

    @Test
    void theSameFileForBothSetsIsAnError() throws IOException {
        Path policy = PrivacyFixtures.projectWith(dir, """
                  model: model/digits-memorising.onnx
                  members: {csv: data/memorising-members.csv, label: label}
                  nonMembers: {csv: data/memorising-members.csv, label: label}
                """, "digits-memorising.onnx", "memorising-members.csv");
        assertTrue(error(policy).contains("(and 149 more non-member rows are members too)"));
    }

    @Test
    void missingAndMalformedData() throws IOException {
        Path policy = project();
        Files.delete(dir.resolve("data/memorising-non-members.csv"));
        String missing = error(policy);
        assertTrue(missing.contains("data/memorising-non-members.csv") && missing.contains("not found"), missing);
        Files.writeString(dir.resolve("data/memorising-non-members.csv"), "p0,label\n0.5,1\n");
        String features = error(policy);
        assertTrue(features.contains("memorising-non-members.csv") && features.contains("1 features per sample"),
                features);
        Files.writeString(dir.resolve("data/memorising-non-members.csv"), "label\n");
        assertTrue(error(policy).contains("no feature columns"));
    }

    @Test
    void labelsOutsideTheModelsClasses() throws IOException {
        Path policy = project();
        Path members = dir.resolve("data/memorising-members.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(members));
        String line = lines.get(3);
        lines.set(3, line.substring(0, line.lastIndexOf(',')) + ",12");
        Files.write(members, lines);
        String error = error(policy);
        assertTrue(error.contains("memorising-members.csv") && error.contains("line 4")
                && error.contains("label 12 is outside the model's classes 0..9"), error);
    }

    @Test
    void policyMistakesNameTheKey() throws IOException {
        String base = PrivacyFixtures.minimalSection("memorising");
        PrivacyFixtures.project(dir, "memorising", base);
        Path policy = dir.resolve("aigate.yml");
        Files.writeString(policy, "version: 1\nprivacy:\n" + base + "  thresholds: {maxAuc: 1.5}\n");
        assertTrue(error(policy).contains("'maxAuc' must be a fraction between 0 and 1"), error(policy));
        Files.writeString(policy, "version: 1\nprivacy:\n" + base + "  attacks: {loss: {}, shadow: {}}\n");
        assertTrue(error(policy).contains("unknown key 'shadow'"), error(policy));
        Files.writeString(policy, "version: 1\nprivacy:\n" + base + "  attacks: {labelOnly: {sigma: 2}}\n");
        assertTrue(error(policy).contains("'labelOnly.sigma' 2.0 is more than the width of inputRange"),
                error(policy));
        Files.writeString(policy, "version: 1\nprivacy:\n  model: model/digits-memorising.onnx\n"
                + "  members: {csv: data/memorising-members.csv, label: label}\n");
        assertTrue(error(policy).contains("nonMembers"), error(policy));
        Files.writeString(policy, "version: 1\nprivacy:\n" + base.replace("label: label}", "}"));
        assertTrue(error(policy).contains("'label' must name the label column"), error(policy));
    }

    @Test
    void aPathOutsideTheProjectIsRefused() throws IOException {
        Path inner = dir.resolve("project");
        Files.createDirectories(inner);
        Files.copy(PrivacyFixtures.PRIVACY.resolve("digits-memorising.onnx"), dir.resolve("outside.onnx"));
        Path policy = inner.resolve("aigate.yml");
        Files.writeString(policy, "version: 1\nprivacy:\n  model: ../outside.onnx\n"
                + "  members: {csv: m.csv, label: label}\n  nonMembers: {csv: n.csv, label: label}\n");
        String error = error(policy);
        assertTrue(error.contains("../outside.onnx"), error);
    }
}
