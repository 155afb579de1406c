package dev.aigate.checks.privacy;

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

/** The privacy fixtures (repository root {@code fixtures/privacy}) and a small project around a policy. */
final class PrivacyFixtures {
    static final Path PRIVACY = Path.of("..", "fixtures", "privacy").toAbsolutePath().normalize();

    /** The minimal section for one of the two fixture models ("regularised" or "memorising"). */
    static String minimalSection(String kind) {
        return """
                  model: model/digits-%1$s.onnx
                  members: {csv: data/%1$s-members.csv, label: label}
                  nonMembers: {csv: data/%1$s-non-members.csv, label: label}
                """.formatted(kind);
    }

    private PrivacyFixtures() {
    }

    static JsonNode reference() {
        try {
            return new ObjectMapper().readTree(PRIVACY.resolve("reference.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies the fixture model and data of {@code kind} into {@code dir} (model/, data/) and writes the policy. */
    static Path project(Path dir, String kind, String privacySection) {
        return projectWith(dir, privacySection, "digits-" + kind + ".onnx", kind + "-members.csv",
                kind + "-non-members.csv");
    }

    static Path projectWith(Path dir, String privacySection, String... files) {
        try {
            for (String file : files) {
                Path target = dir.resolve(file.endsWith(".onnx") ? "model" : "data").resolve(file);
                Files.createDirectories(target.getParent());
                Files.copy(PRIVACY.resolve(file), target);
            }
            Path policy = dir.resolve("aigate.yml");
            Files.writeString(policy, "version: 1\nprivacy:\n" + privacySection.stripTrailing() + "\n");
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

    /** One attack's row of the check's metrics. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> attack(CheckResult check, String attack) {
        for (Map<String, Object> row : (List<Map<String, Object>>) check.metrics().get("attacks")) {
            if (row.get("attack").equals(attack)) {
                return row;
            }
        }
        throw new AssertionError("no attack " + attack + " in " + check.metrics());
    }

    static double figure(CheckResult check, String attack, String figure) {
        return ((Number) attack(check, attack).get(figure)).doubleValue();
    }
}
