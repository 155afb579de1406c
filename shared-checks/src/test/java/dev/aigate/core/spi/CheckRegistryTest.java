package dev.aigate.core.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.checks.datasets.DatasetsCheck;
import dev.aigate.core.FakeCheck;
import dev.aigate.core.Severity;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckRegistryTest {
    @Test
    void serviceLoaderFindsTheDatasetsCheck() {
        CheckRegistry registry = CheckRegistry.load();
        assertTrue(registry.ids().contains(DatasetsCheck.ID), registry.ids().toString());
        assertTrue(registry.find(DatasetsCheck.ID).orElseThrow() instanceof DatasetsCheck);
        assertEquals(Severity.HIGH, registry.rule("datasets/file-modified").orElseThrow().defaultSeverity());
    }

    @Test
    void checksAreOrderedById() {
        CheckRegistry registry = CheckRegistry.of(List.of(FakeCheck.passing("zeta"), FakeCheck.passing("alpha"),
                FakeCheck.passing("mu")));
        assertEquals(List.of("alpha", "mu", "zeta"), registry.ids());
        assertEquals("alpha", registry.all().get(0).id());
    }

    @Test
    void idsMustBeUnique() {
        assertThrows(IllegalStateException.class,
                () -> CheckRegistry.of(List.of(FakeCheck.passing("alpha"), FakeCheck.passing("alpha"))));
    }

    @Test
    void findsRulesAcrossChecks() {
        CheckRegistry registry = CheckRegistry.of(List.of(FakeCheck.passing("alpha"), FakeCheck.passing("beta")));
        assertEquals(Severity.LOW, registry.rule("beta/low").orElseThrow().defaultSeverity());
        assertTrue(registry.rule("beta/nope").isEmpty());
        assertTrue(registry.find("gamma").isEmpty());
    }

    @Test
    void contextRejectsNoThreads() {
        assertThrows(IllegalArgumentException.class,
                () -> new CheckContext(Path.of("."), Clock.systemUTC(), 0, null, null, null));
        CheckContext context = new CheckContext(Path.of("."), Clock.systemUTC(), 1, null, null, null);
        assertTrue(context.overrides().isEmpty());
        assertTrue(context.earlierResults().isEmpty());
    }
}
