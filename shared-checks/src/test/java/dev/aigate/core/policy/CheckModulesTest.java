package dev.aigate.core.policy;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.core.PolicyException;
import dev.aigate.core.spi.CheckRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The core has no ONNX Runtime: a policy that runs a model names the module to add instead of an unknown key. */
class CheckModulesTest {
    @TempDir
    Path dir;

    @Test
    void aCheckOfAModuleNotOnTheClassPathIsNamedWithItsArtifact() throws IOException {
        Path policy = Files.writeString(dir.resolve("aigate.yml"), "version: 1\nrobustness:\n  model: m.onnx\n");
        PolicyException e = assertThrows(PolicyException.class, () -> new PolicyLoader(CheckRegistry.load())
                .load(policy));
        assertTrue(e.getMessage().contains("aigate.yml:2: the 'robustness' check is in dev.aigate:aigate-checks-onnx"),
                e.getMessage());
        assertThrows(ClassNotFoundException.class, () -> Class.forName("ai.onnxruntime.OrtEnvironment"),
                "the core's class path has no ONNX Runtime");
    }
}
