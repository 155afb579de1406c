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
                documented.evaluation(), null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        assertEquals(defaults, documented);
    }
}
