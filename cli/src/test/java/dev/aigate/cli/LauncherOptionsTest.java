package dev.aigate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM options the launcher ({@code src/main/dist/aigate}) passes: its defaults (serial collector, young
 * generation capped), replaced by {@code AIGATE_JVM_DEFAULTS}, dropped when the user's {@code AIGATE_JAVA_OPTS}
 * chooses a collector. A stand-in {@code java} prints its arguments instead of starting a JVM.
 */
class LauncherOptionsTest {
    @TempDir
    Path dir;

    @Test
    void defaultsComeFirstAndTheUsersOptionsAfterThem() throws Exception {
        assertEquals("-XX:+UseSerialGC -XX:MaxNewSize=128m -Xmx2g -jar JAR gate",
                launch(Map.of("AIGATE_JAVA_OPTS", "-Xmx2g"), "gate"));
    }

    @Test
    void aCollectorChosenByTheUserDropsTheDefaults() throws Exception {
        assertEquals("-XX:+UseG1GC -jar JAR gate", launch(Map.of("AIGATE_JAVA_OPTS", "-XX:+UseG1GC"), "gate"));
        assertEquals("-XX:+UseSerialGC -XX:MaxNewSize=128m -XX:+PrintGCDetails -jar JAR gate",
                launch(Map.of("AIGATE_JAVA_OPTS", "-XX:+PrintGCDetails"), "gate"));
    }

    @Test
    void theDefaultsCanBeReplacedOrEmptied() throws Exception {
        assertEquals("-Xms32m -jar JAR --version", launch(Map.of("AIGATE_JVM_DEFAULTS", "-Xms32m"), "--version"));
        assertEquals("-jar JAR --version", launch(Map.of("AIGATE_JVM_DEFAULTS", ""), "--version"));
    }

    private String launch(Map<String, String> environment, String argument) throws IOException,
            InterruptedException {
        Path launcher = dir.resolve("aigate");
        Path jar = dir.resolve("aigate-cli-1.0-all.jar");
        Path java = dir.resolve("java");
        if (!Files.exists(launcher)) {
            Files.copy(Path.of("src/main/dist/aigate"), launcher);
            Files.write(jar, new byte[0]);
            Files.writeString(java, "#!/bin/sh\necho \"$@\"\n");
            Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        ProcessBuilder builder = new ProcessBuilder("sh", launcher.toString(), argument).redirectErrorStream(true);
        builder.environment().remove("AIGATE_JAVA_OPTS");
        builder.environment().remove("AIGATE_JVM_DEFAULTS");
        builder.environment().putAll(environment);
        builder.environment().put("JAVA", java.toString());
        builder.environment().put("AIGATE_CDS", "off");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        process.waitFor(30, TimeUnit.SECONDS);
        return output.replace(jar.toString(), "JAR");
    }
}
