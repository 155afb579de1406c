package dev.aigate.checks.robustness;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.aigate.core.GateException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The robustness check's CSV evaluation-set reader on arbitrary bytes: a table whose shape matches its values, every
 * feature finite and every label a class index when class names are given, or a {@link GateException} naming the
 * file; never another exception. The first byte picks labels by class name or raw whole numbers. {@code mvn verify}
 * replays {@code RobustnessFuzzTestInputs/csv/}; {@code tools/fuzz/campaign.sh} fuzzes.
 */
class RobustnessFuzzTest {
    private static final long MAX_ELEMENTS = 1 << 16;
    private static final List<String> CLASSES = List.of("setosa", "versicolor", "virginica");
    private static final Path FILE = scratch().resolve("eval.csv");

    private static Path scratch() {
        try {
            // in memory where the system has it: on a journalled disk each input's write would cost milliseconds
            Path memory = Path.of("/dev/shm");
            Path folder = Files.isDirectory(memory) && Files.isWritable(memory)
                    ? Files.createTempDirectory(memory, "aigate-fuzz-robustness-")
                    : Files.createTempDirectory("aigate-fuzz-robustness-");
            folder.toFile().deleteOnExit(); // after the file, which is deleted first
            Files.createFile(folder.resolve("eval.csv")).toFile().deleteOnExit();
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void csv(FuzzedDataProvider input) {
        boolean named = input.consumeBoolean();
        try {
            Files.write(FILE, input.consumeRemainingAsBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CsvReader.Table table;
        try {
            table = CsvReader.read(FILE, "label", named ? CLASSES : null, 1 << 20, MAX_ELEMENTS);
        } catch (GateException refusal) {
            if (refusal.getMessage() == null || !refusal.getMessage().contains("eval.csv")) {
                throw new AssertionError("refusal does not name eval.csv: " + refusal.getMessage(), refusal);
            }
            return;
        }
        if (table.x().length != (long) table.rows() * table.features() || table.labels().length != table.rows()
                || table.featureNames().size() != table.features() || table.x().length > MAX_ELEMENTS) {
            throw new AssertionError("table shape disagrees with its values: " + table.rows() + " x "
                    + table.features());
        }
        for (float value : table.x()) {
            if (!Float.isFinite(value)) {
                throw new AssertionError("non-finite feature value " + value);
            }
        }
        for (long label : table.labels()) {
            if (named && (label < 0 || label >= CLASSES.size())) {
                throw new AssertionError("label index " + label + " outside the " + CLASSES.size() + " classes");
            }
        }
    }
}
