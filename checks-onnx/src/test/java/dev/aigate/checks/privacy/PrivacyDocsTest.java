package dev.aigate.checks.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.core.policy.Policy;
import dev.aigate.core.policy.PolicyLoader;
import dev.aigate.core.spi.CheckRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policy snippets and override keys in docs/privacy.md are ones the check accepts, with the defaults it says. */
class PrivacyDocsTest {
    private static final Path DOC = Path.of("..", "docs", "privacy.md").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private static List<String> yamlBlocks() throws IOException {
        List<String> blocks = new ArrayList<>();
        Matcher matcher = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(DOC));
        while (matcher.find()) {
            blocks.add(matcher.group(1));
        }
        return blocks;
    }

    @Test
    void everyPolicySnippetBinds() throws IOException {
        List<String> blocks = yamlBlocks();
        assertEquals(2, blocks.size());
        PrivacyConfig minimal = bind(blocks.get(0));
        PrivacyConfig full = bind(blocks.get(1));
        // The full listing shows the defaults: it binds to what the minimal section gets, thresholds aside.
        assertEquals(minimal.attacks(), full.attacks());
        assertEquals(minimal.bootstrap(), full.bootstrap());
        assertEquals(minimal.seed(), full.seed());
        assertEquals(minimal.maxSamples(), full.maxSamples());
        assertEquals(minimal.batchSize(), full.batchSize());
        assertEquals(minimal.inputRange(), full.inputRange());
        PrivacyConfig.Thresholds defaults = minimal.thresholds();
        assertEquals(new PrivacyConfig.Thresholds(defaults.maxAuc(), defaults.maxAdvantage(),
                defaults.maxTprAtOnePercentFpr(), defaults.maxTprAtTenthPercentFpr(), 0.1), full.thresholds());
    }

    @Test
    void theOverrideKeysItListsAreTheOverridableOnes() throws IOException {
        String doc = Files.readString(DOC);
        Matcher matcher = Pattern.compile("--set privacy\\.(\\w+)=").matcher(doc);
        int found = 0;
        while (matcher.find()) {
            assertTrue(new PrivacyCheck().overridableKeys().contains(matcher.group(1)), matcher.group(1));
            found++;
        }
        assertTrue(found >= 2);
        for (String key : new PrivacyCheck().overridableKeys()) {
            assertTrue(doc.contains("`" + key + "`"), key + " is documented");
        }
    }

    private PrivacyConfig bind(String section) throws IOException {
        Path policy = dir.resolve("aigate.yml");
        Files.writeString(policy, "version: 1\n" + section);
        Policy loaded = new PolicyLoader(CheckRegistry.load()).load(policy);
        return loaded.configFor(new PrivacyCheck());
    }
}
