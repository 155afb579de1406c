package dev.aigate.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.core.InputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvLineTest {
    private static final Path FILE = Path.of("data.csv");

    private static List<String> split(String line) {
        List<String> cells = new ArrayList<>(List.of("left over"));
        CsvLine.split(line, FILE, 3, 4, cells);
        return cells;
    }

    @Test
    void quotesBlanksAndEmptyCells() {
        assertEquals(List.of("a", "b c", "", " q,\"x\" "), split(" a ,\tb c\t,, \" q,\"\"x\"\" \" "));
        assertEquals(List.of(""), split(""));
    }

    @Test
    void controlCharactersOtherThanBlanksStay() {
        assertEquals(List.of("1\u0000", "\u000B2"), split("1\u0000,\u000B2"));
    }

    @Test
    void malformedLinesNameLineAndCell() {
        InputException after = assertThrows(InputException.class, () -> split("1,\"x\"y"));
        assertTrue(after.getMessage().contains("line 3, cell 2: text after a closing quote"), after.getMessage());
        InputException open = assertThrows(InputException.class, () -> split("1,\"x"));
        assertTrue(open.getMessage().contains("line 3, cell 2: unterminated quoted cell"), open.getMessage());
        InputException wide = assertThrows(InputException.class, () -> split("1,2,3,4,5"));
        assertTrue(wide.getMessage().contains("line 3 has more than 4 cells"), wide.getMessage());
    }
}
