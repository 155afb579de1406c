package dev.aigate.checks.poisoning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.core.InputException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EncodingTest {
    @Test
    void aTableTooLargeOnceEncodedIsAnErrorNamingItsFile() {
        // 64 million rows of one categorical column of 64 categories: within the readers' cell bound, but 2^32 encoded
        // values, which an int product wraps to 0.
        InputException error = assertThrows(InputException.class,
                () -> Encoding.encodedValues(64 << 20, 64, Path.of("data/train.csv")));
        assertTrue(error.getMessage().contains("train.csv"), error.getMessage());
        assertTrue(error.getMessage().contains("4294967296 values"), error.getMessage());
        assertEquals(4 << 20 << 6, Encoding.encodedValues(4 << 20, 64, Path.of("data/train.csv")));
    }
}
