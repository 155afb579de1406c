package dev.aigate.maven;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A project that runs no model does not download ONNX Runtime with the plugin: it is not among its dependencies. */
class PluginDependenciesTest {
    @Test
    void thePluginDoesNotDependOnOnnxRuntime() throws IOException {
        String descriptor = Files.readString(Path.of("target/classes/META-INF/maven/plugin.xml"));
        assertTrue(descriptor.contains("<artifactId>aigate-shared-checks</artifactId>"), "descriptor lists dependencies");
        assertFalse(descriptor.contains("<artifactId>onnxruntime</artifactId>"));
        assertFalse(descriptor.contains("<artifactId>aigate-checks-onnx</artifactId>"));
    }
}
