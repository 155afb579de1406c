package dev.aigate.checks.poisoning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.formats.npy.NpyReader;
import dev.aigate.core.InputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TableReadersTest {
    static final Path CSV = Path.of("data.csv");
    static final long CELLS = 1 << 20;

    static Table csv(String text) {
        return CsvTableReader.parse(CSV, text, "label", List.of(), false, CELLS);
    }

    static String error(Runnable read) {
        return assertThrows(InputException.class, read::run).getMessage();
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = TableReadersTest.class.getResourceAsStream("parquet/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void readsCsvWithLinesLabelsAndCategories() {
        Table table = CsvTableReader.parse(CSV, "\uFEFFa, colour ,label\n1,red,x\n\n-2.5e1,\"blue\",y\n", "label",
                List.of("colour"), false, CELLS);
        assertEquals(List.of("a", "colour"), table.featureNames());
        assertEquals(2, table.rows());
        assertArrayEquals(new int[] {2, 4}, table.rowNumbers());
        assertEquals(-25.0, table.value(1, 0));
        assertEquals("blue", table.categoryOf(1, 1));
        assertEquals(List.of("x", "y"), table.classes());
        assertEquals("line 4", table.where(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0x10", "1f", "2d", "NaN", "Infinity", "-Infinity", "1,000", "1e", "1e12345", ".",
        "+", "1.2.3", "١٢"})
    void refusesNumbersOutsideTheGrammar(String cell) {
        String quoted = cell.contains(",") ? "\"" + cell + "\"" : cell;
        String message = error(() -> csv("a,label\n1,x\n" + quoted + ",y\n"));
        assertTrue(message.startsWith("data.csv: line 3, column 'a': "), message);
    }

    @Test
    void namesTheProblemsOfMalformedCsv() {
        assertTrue(error(() -> csv("a,b,label\n1,2,x\n1,x\n")).contains("line 3: 2 cells, but the header has 3"));
        assertTrue(error(() -> csv("a,a,label\n1,2,x\n")).contains("line 1, column 2: column name 'a' appears"
                + " twice"));
        assertTrue(error(() -> csv("a,b\n1,2\n")).contains("no label column 'label'"));
        assertTrue(error(() -> csv("a,label\n1,\"x\n")).contains("line 2, cell 2: unterminated quoted cell"));
        assertTrue(error(() -> csv("a,label\n,x\n")).contains("line 2, column 'a': missing value"));
        assertTrue(error(() -> csv("a,label\n1,\n")).contains("line 2, column 'label': the label is empty"));
        assertTrue(error(() -> csv("")).contains("empty"));
        assertTrue(error(() -> csv("a,label\n")).contains("no data rows"));
        assertTrue(error(() -> CsvTableReader.parse(CSV, "a,label\n1,x\n", "label", List.of("b"), false, CELLS))
                .contains("categorical column 'b' is not in the header"));
        assertTrue(error(() -> CsvTableReader.parse(CSV, "a,b,label\n1,2,x\n3,4,y\n", "label", List.of(), false, 3))
                .contains("more than 3 feature values"));
    }

    @Test
    void acceptsMissingValuesOnlyWhenAllowed() {
        Table table = CsvTableReader.parse(CSV, "a,b,label\n,NaN,x\nNA,1,y\n", "label", List.of(), true, CELLS);
        assertTrue(Double.isNaN(table.value(0, 0)) && Double.isNaN(table.value(0, 1)) && Double.isNaN(table.value(1,
                0)));
        assertTrue(error(() -> CsvTableReader.parse(CSV, "a,label\nInfinity,x\n", "label", List.of(), true, CELLS))
                .contains("is not a number"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"snappy-dictionary.parquet", "plain-uncompressed.parquet", "gzip-v2.parquet",
        "row-groups.parquet"})
    void readsParquetAsPyarrowWroteIt(String name) throws IOException {
        Table table = ParquetTableReader.parse(Path.of(name), resource(name), "species", List.of("colour"), false,
                CELLS);
        assertEquals(12, table.rows());
        assertEquals(List.of("sepal", "petal", "count", "big", "flag", "colour"), table.featureNames());
        assertEquals(List.of("setosa", "versicolor", "virginica"), table.classes());
        for (int r = 0; r < 12; r++) {
            assertEquals(5.1 + 0.1 * r, table.value(r, 0), 1e-12);
            assertEquals((float) (1.5 + 0.25 * r), table.value(r, 1), 0);
            assertEquals(r * 3, table.value(r, 2));
            assertEquals(10_000_000_000.0 + r, table.value(r, 3));
            assertEquals(r % 2 == 0 ? 1 : 0, table.value(r, 4));
            assertEquals(List.of("red", "green", "blue").get(r % 3), table.categoryOf(r, 5));
            assertEquals(r / 4, table.labels()[r]);
        }
        assertEquals("row 12", table.where(11));
    }

    @Test
    void refusesWhatTheParquetReaderDoesNotRead() throws IOException {
        assertTrue(error(() -> parquet("nulls.parquet", false)).contains("row 4, column 'sepal': missing value"));
        assertTrue(Double.isNaN(parquet("nulls.parquet", true).value(3, 0)));
        assertTrue(error(() -> parquet("zstd.parquet", false)).contains("compressed with ZSTD"));
        byte[] nested = resource("nested.parquet");
        byte[] plain = resource("plain-uncompressed.parquet");
        assertTrue(error(() -> ParquetTableReader.parse(Path.of("n.parquet"), nested, "species", List.of(), false,
                CELLS)).contains("not flat"));
        assertTrue(error(() -> ParquetTableReader.parse(Path.of("p.parquet"), plain, "species", List.of(), false,
                CELLS)).contains("column 'colour' holds text"));
        assertTrue(error(() -> ParquetTableReader.parse(Path.of("p.parquet"), "PAR1xxxx".getBytes(
                StandardCharsets.US_ASCII), "species", List.of(), false, CELLS)).contains("not a Parquet file"));
    }

    private static Table parquet(String name, boolean allowMissing) {
        try {
            return ParquetTableReader.parse(Path.of(name), resource(name), "species", List.of("colour"), allowMissing,
                    CELLS);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Every truncation and many single-byte corruptions are errors naming the file, never another exception. */
    @Test
    void damagedParquetIsAnInputError() throws IOException {
        for (String name : List.of("snappy-dictionary.parquet", "gzip-v2.parquet", "plain-uncompressed.parquet")) {
            byte[] good = resource(name);
            for (int length = 0; length < good.length; length += 7) {
                byte[] cut = java.util.Arrays.copyOf(good, length);
                readOrInputError(name, cut);
            }
            java.util.SplittableRandom random = new java.util.SplittableRandom(7);
            for (int i = 0; i < 2000; i++) {
                byte[] bad = good.clone();
                bad[random.nextInt(bad.length)] = (byte) random.nextInt(256);
                readOrInputError(name, bad);
            }
        }
    }

    private static void readOrInputError(String name, byte[] bytes) {
        try {
            ParquetTableReader.parse(Path.of(name), bytes, "species", List.of("colour"), true, CELLS);
        } catch (InputException expected) {
            assertTrue(expected.getMessage().startsWith(name + ": "), expected.getMessage());
        }
    }

    @Test
    void readsNumpyPairs(@TempDir Path dir) throws IOException {
        Path x = dir.resolve("x.npy");
        Path y = dir.resolve("y.npy");
        Files.write(x, npy("<f4", "(2, 3)", floats(1, 2, 3, 4, 5, 6)));
        Files.write(y, npy("<i8", "(2,)", longs(7, 9)));
        Table table = NpyTableReader.read(x, y, List.of(), false, CELLS);
        assertEquals(List.of("f0", "f1", "f2"), table.featureNames());
        assertEquals(6.0, table.value(1, 2));
        assertEquals(List.of("7", "9"), table.classes());
        Files.write(y, npy("<i8", "(3,)", longs(7, 9, 9)));
        assertTrue(error(() -> NpyTableReader.read(x, y, List.of(), false, CELLS)).contains("3 labels for 2 rows"));
        Files.write(y, npy("<f8", "(2,)", doubles(1.5, 2)));
        assertTrue(error(() -> NpyTableReader.read(x, y, List.of(), false, CELLS)).contains("row 1: label 1.5 is not a"
                + " whole number"));
        Files.write(y, npy("<i8", "(2,)", longs(7, 9)));
        Files.write(x, npy("<f4", "(2, 3)", floats(1, Float.NaN, 3, 4, 5, 6)));
        assertTrue(error(() -> NpyTableReader.read(x, y, List.of(), false, CELLS)).contains("row 1, feature f1:"
                + " missing value"));
        Files.write(x, npy("|O", "(2, 3)", new byte[0]));
        assertTrue(error(() -> NpyTableReader.read(x, y, List.of(), false, CELLS)).contains("object arrays are"
                + " refused"));
    }

    static byte[] npy(String descr, String shape, byte[] data) {
        String header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int total = 10 + header.length() + 1;
        int pad = (64 - total % 64) % 64;
        header = header + " ".repeat(pad) + "\n";
        ByteBuffer buffer = ByteBuffer.allocate(10 + header.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put(NpyReader.MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        buffer.put(header.getBytes(StandardCharsets.ISO_8859_1)).put(data);
        return buffer.array();
    }

    static byte[] floats(float... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            buffer.putFloat(v);
        }
        return buffer.array();
    }

    static byte[] doubles(double... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            buffer.putDouble(v);
        }
        return buffer.array();
    }

    static byte[] longs(long... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            buffer.putLong(v);
        }
        return buffer.array();
    }
}
