package dev.aigate.core.policy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.aigate.core.GateException;
import dev.aigate.core.io.FuzzFiles;
import dev.aigate.core.spi.CheckRegistry;
import java.nio.file.Path;

/**
 * The policy reader (YAML, then every section bound to its check's configuration) on arbitrary bytes: a policy or a
 * {@link GateException} naming the file; never another exception, never more than the timeout. {@code mvn verify}
 * replays {@code PolicyFuzzTestInputs/policy/}; {@code tools/fuzz/campaign.sh} fuzzes.
 */
class PolicyFuzzTest {
    private static final CheckRegistry REGISTRY = CheckRegistry.load();
    private static final Path FILE = FuzzFiles.folder("policy").resolve("aigate.yml");

    @FuzzTest(maxDuration = "60s")
    void policy(byte[] data) {
        try {
            Policy policy = new PolicyLoader(REGISTRY).load(FuzzFiles.write(FILE, data));
            for (String section : policy.sections()) {
                policy.configFor(REGISTRY.find(section).orElseThrow());
                policy.lineOf("/" + section);
            }
        } catch (GateException refusal) {
            FuzzFiles.requireNamed(refusal, "aigate.yml");
        }
    }
}
