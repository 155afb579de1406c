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

    private CsvReader.Table headerless(String text, int label) throws IOException {
        Path file = dir.resolve("n.csv");
        Files.writeString(file, text);
        return CsvReader.read(file, false, RobustnessConfig.Column.at(label), null, 1 << 22, 1 << 20);
    }

    @Test
    void withoutAHeaderTheFirstRowIsDataAndTheLabelIsAnIndex() throws IOException {
        CsvReader.Table table = headerless("\uFEFF\n0,0.5,1\n\n3,0.25,0\n", 0);
        assertEquals(2, table.rows());
        assertArrayEquals(new float[] {0.5f, 1f, 0.25f, 0f}, table.x());
        assertArrayEquals(new long[] {0, 3}, table.labels());
        CsvReader.Table last = headerless("0.5,1,2\n0.25,0,1\n", 2);
        assertArrayEquals(new long[] {2, 1}, last.labels());
        assertArrayEquals(new float[] {0.5f, 1f, 0.25f, 0f}, last.x());
    }

    @Test
    void withoutAHeaderProblemsNameLinesAndIndices() {
        InputException outside = assertThrows(InputException.class, () -> headerless("1,2\n3,4\n", 2));
        assertTrue(outside.getMessage().contains("label column index 2 is outside the 2 columns of the first row"),
                outside.getMessage());
        InputException ragged = assertThrows(InputException.class, () -> headerless("1,2\n3,4,5\n", 0));
        assertTrue(ragged.getMessage().contains("line 2: 3 cells, but the first row has 2 columns"),
                ragged.getMessage());
        InputException text = assertThrows(InputException.class, () -> headerless("1,2\n1,x\n", 0));
        assertTrue(text.getMessage().contains("line 2, column '#1': 'x' is not a number"), text.getMessage());
        InputException empty = assertThrows(InputException.class, () -> headerless("\n\n", 0));
        assertTrue(empty.getMessage().contains("no data rows"), empty.getMessage());
    }

    @Test
    void duplicateHeaderNamesAreAnErrorNamingThem() {
        String message = problem("a,b,a,y,b,b\n1,2,3,0,4,5\n");
        assertTrue(message.contains("line 1: the header row has duplicate column names: 'a' (columns 0, 2), 'b'"
                + " (columns 1, 4, 5)"), message);
        assertTrue(message.contains("header: false"), message);
    }

    @Test
    void aDataRowTakenForAHeaderIsRefusedNotShifted() throws IOException {
        // The digits test set without its header: its first row, read as a header, repeats "0" and other values.
        List<String> lines = Files.readAllLines(Fixtures.DIGITS.resolve("digits-test.csv"));
        Path file = dir.resolve("noheader.csv");
        Files.write(file, lines.subList(1, lines.size()));
        InputException e = assertThrows(InputException.class, () -> CsvReader.read(file, true,
                RobustnessConfig.Column.named("0"), null, 1 << 24, 1 << 24));
        assertTrue(e.getMessage().contains("duplicate column names: '0' (columns 0, "), e.getMessage());
        CsvReader.Table table = CsvReader.read(file, false, RobustnessConfig.Column.at(64), null, 1 << 24, 1 << 24);
        CsvReader.Table withHeader = CsvReader.read(Fixtures.DIGITS.resolve("digits-test.csv"), "label", null,
                1 << 24, 1 << 24);
        assertEquals(450, table.rows());
        assertArrayEquals(withHeader.x(), table.x());
        assertArrayEquals(withHeader.labels(), table.labels());
    }

    @Test
    void aNumericNameIsAColumnNameWhenThereIsAHeader() throws IOException {
        Path file = dir.resolve("numeric.csv");
        Files.writeString(file, "1,0,2\n0.5,3,0.25\n");
        CsvReader.Table table = CsvReader.read(file, true, RobustnessConfig.Column.named("0"), null, 100, 100);
        assertArrayEquals(new long[] {3}, table.labels());
        assertEquals(List.of("1", "2"), table.featureNames());
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
