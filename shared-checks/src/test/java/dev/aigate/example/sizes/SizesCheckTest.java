package dev.aigate.example.sizes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.aigate.core.ActionRunner;
import dev.aigate.core.Gate;
import dev.aigate.core.GateRequest;
import dev.aigate.core.GateResult;
import dev.aigate.core.Verdict;
import dev.aigate.core.spi.CheckRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The check of docs/extending.md, through the same gate and runner as every check. */
class SizesCheckTest {
    @TempDir
    Path dir;

    @Test
    void aFileOverTheLimitFailsTheGateAndTheActionListsFiles() throws IOException {
        Files.createDirectories(dir.resolve("models"));
        Files.write(dir.resolve("models/small.bin"), new byte[10]);
        Files.write(dir.resolve("models/big.bin"), new byte[2000]);
        Path policy = Files.writeString(dir.resolve("aigate.yml"),
                "version: 1\nsizes:\n  path: models\n  maxBytes: 1000\n");
        CheckRegistry registry = CheckRegistry.of(List.of(new SizesCheck()));
        GateResult result = new Gate(registry, Clock.systemUTC(), null).run(GateRequest.of(policy));
        assertEquals(Verdict.FAIL, result.verdict());
        assertEquals("models/big.bin: 2000 bytes, more than the 1000 allowed",
                result.checks().get(0).findings().get(0).message());

        ActionRunner runner = new ActionRunner(new Gate(registry, Clock.systemUTC(), null), Map.of());
        var listed = runner.run("sizes", "list", policy, Map.of()).result().messages();
        assertEquals(2, listed.size());
    }
}
