package dev.aigate.checks.poisoning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.core.policy.Policy;
import dev.aigate.core.policy.PolicyLoader;
import dev.aigate.core.spi.CheckRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policy in docs/poisoning.md loads, and the defaults it spells out are the code's. */
class PoisoningDocsTest {
    @Test
    void theDocumentedPolicyLoadsWithTheDefaults(@TempDir Path dir) throws IOException {
        Path docs = Evaluation.ROOT.getParent().getParent().resolve("docs/poisoning.md");
        Matcher block = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(docs));
        assertTrue(block.find(), "docs/poisoning.md has a yaml block");
        Path policyFile = dir.resolve("aigate.yml");
        Files.writeString(policyFile, block.group(1));
        CheckRegistry registry = CheckRegistry.load();
        Policy policy = new PolicyLoader(registry).load(policyFile);
        PoisoningConfig documented = policy.configFor(new PoisoningCheck());
        PoisoningConfig defaults = new PoisoningConfig(null, documented.data(), null, null, null,
                documented.evaluation(), null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null);
        assertEquals(defaults, documented);
    }

    /** One level for every test: each signal whose own alpha is not set takes it (the trigger ten times it). */
    @Test
    void theLevelOfEveryTestIsOneKey(@TempDir Path dir) throws IOException {
        Path policyFile = dir.resolve("aigate.yml");
        Files.writeString(policyFile, "version: 1\npoisoning:\n  data: {csv: t.csv, label: label}\n  alpha: 0.01\n"
                + "  outliers: {alpha: 0.0001}\n");
        PoisoningConfig config = new PolicyLoader(CheckRegistry.load()).load(policyFile)
                .configFor(new PoisoningCheck());
        assertEquals(0.01, config.alpha());
        for (double level : new double[] {config.labelShift().alpha(), config.featureDrift().alpha(),
                config.outOfRange().alpha(), config.neighbourDisagreement().alpha(), config.modelDisagreement().alpha(),
                config.corroboratedDisagreement().alpha(), config.covarianceOutliers().alpha()}) {
            assertEquals(0.01, level);
        }
        assertEquals(0.1, config.trigger().alpha(), 1e-15);
        assertEquals(0.0001, config.outliers().alpha(), "a signal's own alpha wins");
        Files.writeString(policyFile, "version: 1\npoisoning:\n  data: {csv: t.csv, label: label}\n  alpha: 2\n");
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> new PolicyLoader(CheckRegistry.load()).load(policyFile).configFor(new PoisoningCheck()));
        assertTrue(String.valueOf(e.getMessage()).contains("'alpha' must be a probability"), e.getMessage());
    }
}
