package dev.aigate.checks.poisoning;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.aigate.formats.npy.NpyReader;
import dev.aigate.core.InputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Fuzz harnesses of the poisoning check's parsers of untrusted files: CSV, NumPy, Parquet and the baseline. The only
 * acceptable failure is an {@link InputException} naming the file; anything else (an array index, an arithmetic or
 * out-of-memory error, a hang) is a bug. In a normal build each harness replays its committed seed corpus
 * ({@code src/test/resources/dev/aigate/checks/poisoning/PoisoningFuzzTestInputs/<harness>/}); with
 * {@code JAZZER_FUZZ=1} it fuzzes.
 */
class PoisoningFuzzTest {
    private static final long CELLS = 1 << 16;

    @FuzzTest(maxDuration = "60s")
    void csv(byte[] input) {
        try {
            CsvTableReader.parse(Path.of("fuzz.csv"), new String(input, StandardCharsets.UTF_8), "label",
                    List.of("c"), input.length % 2 == 0, CELLS);
        } catch (InputException expected) {
            requireNamed(expected, "fuzz.csv");
        }
    }

    @FuzzTest(maxDuration = "60s")
    void npy(byte[] input) {
        try {
            NpyReader.parse(Path.of("fuzz.npy"), input, CELLS);
        } catch (InputException expected) {
            requireNamed(expected, "fuzz.npy");
        }
    }

    @FuzzTest(maxDuration = "60s")
    void parquet(byte[] input) {
        try {
            ParquetTableReader.parse(Path.of("fuzz.parquet"), input, "species", List.of("colour"), true, CELLS);
        } catch (InputException expected) {
            requireNamed(expected, "fuzz.parquet");
        }
    }

    @FuzzTest(maxDuration = "60s")
    void baseline(byte[] input) {
        try {
            BaselineIO.parse(Path.of("fuzz.baseline.json"), input);
        } catch (InputException expected) {
            requireNamed(expected, "fuzz.baseline.json");
        }
    }

    private static void requireNamed(InputException e, String file) {
        if (!e.getMessage().startsWith(file + ": ")) {
            throw new AssertionError("error does not name the file: " + e.getMessage());
        }
    }
}
