package dev.aigate.checks.signature.oms;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.aigate.core.InputException;
import java.nio.file.Path;

/**
 * The bundle, DSSE and statement readers on arbitrary bytes: they either parse or throw {@link InputException}; never
 * another exception, never a hang. {@code mvn verify} replays the seeds in {@code OmsBundleFuzzTestInputs/}; run
 * {@code JAZZER_FUZZ=1 mvn test -pl shared-checks -Dtest=OmsBundleFuzzTest} to fuzz.
 */
class OmsBundleFuzzTest {
    private static final Path FILE = Path.of("fuzzed.sig");

    @FuzzTest(maxDuration = "60s")
    void bundle(byte[] data) {
        try {
            OmsBundle bundle = OmsBundle.parse(data, FILE);
            bundle.envelope().pae();
            Statement statement = Statement.parse(Statement.header(bundle.envelope().payload(), FILE), FILE);
            Statement.rootDigest(statement.resources());
            for (Resource resource : statement.resources()) {
                resource.path(statement.serialization().sharded());
            }
        } catch (InputException expected) {
            // the reader's only way to refuse
        }
    }
}
