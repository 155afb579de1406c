package dev.aigate.checks.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/models.md: its policy snippets load, and its rules table is the check's rules. */
class DocsTest {
    private static final Path DOC = Corpus.root().resolve("../../docs/models.md").normalize();

    @TempDir
    Path dir;

    @Test
    void everyPolicySnippetLoads() throws IOException {
        Matcher yaml = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(DOC));
        int count = 0;
        while (yaml.find()) {
            Path policy = dir.resolve("aigate-" + count++ + ".yml");
            Files.writeString(policy, "version: 1\n" + yaml.group(1));
            Policy loaded = new PolicyLoader(CheckRegistry.load()).load(policy);
            ModelsConfig config = loaded.configFor(new ModelsCheck());
            assertFalse(config.paths().isEmpty());
        }
        assertTrue(count > 0);
    }

    @Test
    void theRulesTableListsEveryRuleWithItsSeverity() throws IOException {
        List<String> documented = new ArrayList<>();
        Matcher row = Pattern.compile("^\\| `(models/[a-z-]+)` \\| ([a-z]+) \\|", Pattern.MULTILINE)
                .matcher(Files.readString(DOC));
        while (row.find()) {
            documented.add(row.group(1) + " " + row.group(2));
        }
        assertEquals(ModelsCheck.RULES.stream().map(r -> r.id() + " " + r.defaultSeverity().label())
                .collect(Collectors.toList()), documented);
    }
}
