package dev.aigate.checks.robustness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.formats.npy.NpyReader;
import dev.aigate.core.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {
    @TempDir
    Path dir;

    private CsvReader.Table read(String text, List<String> classes) throws IOException {
        Path file = dir.resolve("t.csv");
        Files.writeString(file, text);
        return CsvReader.read(file, "y", classes, 1 << 22, 1 << 20);
    }

    private String problem(String text) {
        InputException e = assertThrows(InputException.class, () -> read(text, null));
        assertTrue(e.getMessage().contains("t.csv: "), e.getMessage());
        return e.getMessage();
    }

    @Test
    void readsTheFixtureExactly() {
        CsvReader.Table table = CsvReader.read(Fixtures.DIGITS.resolve("digits-test.csv"), "label", null, 1 << 24,
                1 << 24);
        assertEquals(450, table.rows());
        assertEquals(64, table.features());
        assertEquals("p0", table.featureNames().get(0));
        NpyReader.NpyArray x = NpyReader.read(Fixtures.DIGITS.resolve("digits-test-x.npy"), 1 << 20);
        for (int i = 0; i < x.values().length; i++) {
            assertEquals((float) x.values()[i], table.x()[i], 0f);
        }
    }

    @Test
    void linesSpanningReadBlocksAndALastLineWithoutNewline() throws IOException {
        // Lines are read in 64 KiB blocks: put line ends, a CRLF pair and long lines across block boundaries.
        StringBuilder text = new StringBuilder("a,y\r\n");
        int rows = 0;
        while (text.length() < 3 * 65536) {
            String cell = "0." + "5".repeat(1 + rows % 997);
            text.append(cell).append(',').append(rows % 3).append(rows % 2 == 0 ? "\r\n" : "\n");
            rows++;
        }
        text.append("0.25,2");
        CsvReader.Table table = read(text.toString(), null);
        assertEquals(rows + 1, table.rows());
        assertEquals(0.25f, table.x()[rows], 0f);
        assertEquals(2, table.labels()[rows]);
        for (int i = 0; i < rows; i++) {
            assertEquals(i % 3, table.labels()[i], "row " + i);
            assertEquals(Float.parseFloat("0." + "5".repeat(1 + i % 997)), table.x()[i], 0f, "row " + i);
        }
    }

    @Test
    void aLineLongerThanTheBoundIsRefusedEvenAcrossBlocks() {
        String tooLong = "a,y\n" + "1".repeat(CsvReader.MAX_LINE_CHARS + 1) + ",0\n";
        assertTrue(problem(tooLong).contains("line 2 is longer than " + CsvReader.MAX_LINE_CHARS), tooLong.length()
                + "");
    }

    @Test
    void labelColumnAnywhereQuotesBlankLinesAndCrlf() throws IOException {
        CsvReader.Table table = read("\uFEFFa,y,\"b\"\r\n0.5,1,\"0.25\"\r\n\r\n1,0, 0 \r\n", null);
        assertEquals(2, table.rows());
        assertArrayEquals(new float[] {0.5f, 0.25f, 1f, 0f}, table.x());
        assertArrayEquals(new long[] {1, 0}, table.labels());
        assertEquals(List.of("a", "b"), table.featureNames());
    }

    @Test
    void classNamesMapToTheirIndex() throws IOException {
        CsvReader.Table table = read("a,y\n1,cat\n2,dog\n", List.of("dog", "cat"));
        assertArrayEquals(new long[] {1, 0}, table.labels());
        InputException e = assertThrows(InputException.class, () -> read("a,y\n1,cow\n", List.of("dog", "cat")));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("'cow'"), e.getMessage());
    }

    @Test
    void reportsWhatAndWhere() {
        assertTrue(problem("").contains("empty"));
        assertTrue(problem("a,b\n1,2\n").contains("no label column 'y'"));
        assertTrue(problem("y\n1\n").contains("no feature columns"));
        assertTrue(problem("a,y\n1,2\n1,2,3\n").contains("line 3: 3 cells, but the header has 2 columns"));
        assertTrue(problem("a,y\nabc,1\n").contains("line 2, column 'a': 'abc' is not a number"));
        assertTrue(problem("a,y\nNaN,1\n").contains("not finite"));
        assertTrue(problem("a,y\nInfinity,1\n").contains("not finite"));
        assertTrue(problem("a,y\n1,1.5\n").contains("not a whole number"));
        assertTrue(problem("a,y\n1,seven\n").contains("data.classes"));
        assertTrue(problem("a,y\n\"1,1\n").contains("unterminated quoted cell"));
    }

    @Test
    void boundsSizeAndValues() throws IOException {
        Path file = dir.resolve("big.csv");
        Files.writeString(file, "a,y\n1,1\n2,1\n3,1\n");
        InputException size = assertThrows(InputException.class, () -> CsvReader.read(file, "y", null, 10, 100));
        assertTrue(size.getMessage().contains("more than the 10 bytes allowed"));
        InputException values = assertThrows(InputException.class, () -> CsvReader.read(file, "y", null, 100, 2));
        assertTrue(values.getMessage().contains("more than 2 feature values"));
    }

    @Test
    void numbersFollowOneGrammarWithoutJavaSyntax() throws IOException {
        // Decimal and exponent forms are numbers...
        CsvReader.Table table = read("a,b,c,d,y\n1,-0.5,2.5e-1,+3E2,1\n", null);
        assertArrayEquals(new float[] {1f, -0.5f, 0.25f, 300f}, table.x());
        // ...Java's hexadecimal floats, type suffixes and a trailing NUL are not (Float.parseFloat took them all).
        for (String cell : List.of("0x1p-1", "0.5f", "1d", "1\u0000", "1_000", ".", "--1", "1e")) {
            String message = problem("a,y\n" + cell + ",1\n");
            assertTrue(message.contains("is not a number"), cell + ": " + message);
        }
    }

    @Test
    void labelsAreWholeNumbersWithoutExponent() throws IOException {
        assertArrayEquals(new long[] {3, 2}, read("a,y\n1,3\n1,2.0\n", null).labels());
        for (String label : List.of("1e0", "0x1", "1.5", "2L")) {
            String message = problem("a,y\n1," + label + "\n");
            assertTrue(message.contains("is not a whole number"), label + ": " + message);
        }
    }
}
