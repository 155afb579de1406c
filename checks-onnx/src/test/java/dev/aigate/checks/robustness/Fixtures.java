package dev.aigate.checks.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigate.core.CheckResult;
import dev.aigate.core.Gate;
import dev.aigate.core.GateRequest;
import dev.aigate.core.GateResult;
import dev.aigate.core.spi.CheckRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The digits fixtures (repository root {@code fixtures/digits}) and a small project around a policy. */
final class Fixtures {
    static final Path DIGITS = Path.of("..", "fixtures", "digits").toAbsolutePath().normalize();

    private Fixtures() {
    }

    static JsonNode reference() {
        try {
            return new ObjectMapper().readTree(DIGITS.resolve("reference.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies fixture files into {@code dir} (model/ and data/ as in the example project) and writes the policy. */
    static Path project(Path dir, String robustnessSection, String... files) {
        try {
            for (String file : files) {
                Path target = dir.resolve(file.endsWith(".onnx") ? "model" : "data").resolve(file);
                Files.createDirectories(target.getParent());
                Files.copy(DIGITS.resolve(file), target);
            }
            Path policy = dir.resolve("aigate.yml");
            Files.writeString(policy, "version: 1\nrobustness:\n" + robustnessSection.stripTrailing() + "\n");
            return policy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static GateResult run(Path policy, int threads) {
        return run(policy, threads, Map.of());
    }

    static GateResult run(Path policy, int threads, Map<String, String> overrides) {
        Gate gate = new Gate(CheckRegistry.load(), Clock.systemUTC(), null);
        return gate.run(new GateRequest(policy, Set.of(), Set.of(), null, threads, overrides, null));
    }

    static CheckResult check(GateResult result) {
        List<CheckResult> checks = result.checks();
        assertEquals(1, checks.size(), () -> "checks: " + checks + ", error " + result.error());
        return checks.get(0);
    }

    /** The robust accuracy of one attack at one level from the check's metrics. */
    @SuppressWarnings("unchecked")
    static double accuracy(CheckResult check, String attack, double level) {
        for (Map<String, Object> row : (List<Map<String, Object>>) check.metrics().get("results")) {
            Object value = row.containsKey("epsilon") ? row.get("epsilon") : row.get("sigma");
            if (row.get("attack").equals(attack) && Math.abs(((Number) value).doubleValue() - level) < 1e-12) {
                return ((Number) row.get("robustAccuracy")).doubleValue();
            }
        }
        throw new AssertionError("no result for " + attack + " at " + level + " in " + check.metrics());
    }

    @SuppressWarnings("unchecked")
    static double cleanAccuracy(CheckResult check) {
        return ((Number) ((Map<String, Object>) check.metrics().get("clean")).get("accuracy")).doubleValue();
    }
}
