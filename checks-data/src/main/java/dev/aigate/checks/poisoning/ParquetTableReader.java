package dev.aigate.checks.poisoning;

import dev.aigate.core.InputException;
import dev.aigate.core.io.BoundedFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Reads a labelled table from a flat Parquet file, without Hadoop or native code: the footer (Thrift compact), then
 * every column chunk's pages (data pages v1 and v2, dictionary pages; PLAIN, PLAIN_DICTIONARY and RLE_DICTIONARY
 * values; RLE/bit-packed definition levels) compressed with nothing, Snappy or gzip. Columns must be top-level
 * REQUIRED or OPTIONAL leaves of type BOOLEAN, INT32, INT64, FLOAT, DOUBLE, or BYTE_ARRAY (text) for the label and
 * categorical columns. Anything else (nested or repeated columns, INT96, decimals, other codecs, column chunks in
 * other files) is refused with a message naming the file and the column, as is every malformed structure.
 */
final class ParquetTableReader {
    static final byte[] MAGIC = {'P', 'A', 'R', '1'};
    static final int MAX_FOOTER_BYTES = 64 << 20;
    static final int MAX_COLUMNS = 100_000;

    private static final int BOOLEAN = 0;
    private static final int INT32 = 1;
    private static final int INT64 = 2;
    private static final int FLOAT = 4;
    private static final int DOUBLE = 5;
    private static final int BYTE_ARRAY = 6;
    private static final String[] TYPE_NAMES = {"BOOLEAN", "INT32", "INT64", "INT96", "FLOAT", "DOUBLE",
        "BYTE_ARRAY", "FIXED_LEN_BYTE_ARRAY"};

    private ParquetTableReader() {
    }

    /** One leaf column of the schema. */
    private record Column(String name, int type, boolean optional) {
    }

    /** A column's values in row order: numbers (NaN for null) or texts (null for null). */
    private static final class Values {
        final double[] numbers;
        final String[] texts;
        int size;

        Values(int rows, boolean text) {
            numbers = text ? null : new double[rows];
            texts = text ? new String[rows] : null;
        }
    }

    static Table read(Path file, String labelColumn, List<String> categoricalColumns, boolean allowMissing,
            long maxBytes, long maxCells) {
        BoundedFiles.requireRegularFile(file, "Parquet file");
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > Math.min(maxBytes, Integer.MAX_VALUE - 8)) {
                throw new InputException(file, "Parquet file is " + size + " bytes, more than the "
                        + Math.min(maxBytes, Integer.MAX_VALUE - 8) + " bytes allowed");
            }
            try (java.io.InputStream in = BoundedFiles.openRegular(file, "Parquet file")) {
                bytes = in.readAllBytes();
            }
        } catch (IOException e) {
            throw new InputException(file, "cannot read Parquet file: " + e.getMessage(), e);
        }
        return parse(file, bytes, labelColumn, categoricalColumns, allowMissing, maxCells);
    }

    static Table parse(Path file, byte[] bytes, String labelColumn, List<String> categoricalColumns,
            boolean allowMissing, long maxCells) {
        try {
            return parseOrThrow(file, bytes, labelColumn, categoricalColumns, allowMissing, maxCells);
        } catch (ThriftCompact.MalformedException e) {
            throw new InputException(file, "malformed Parquet file: " + e.getMessage());
        }
    }

    private static Table parseOrThrow(Path file, byte[] bytes, String labelColumn, List<String> categoricalColumns,
            boolean allowMissing, long maxCells) throws ThriftCompact.MalformedException {
        int n = bytes.length;
        if (n < 12 || !magicAt(bytes, 0) || !magicAt(bytes, n - 4)) {
            throw new InputException(file, "not a Parquet file (it does not start and end with PAR1)");
        }
        long footerLength = le32(bytes, n - 8) & 0xffffffffL;
        if (footerLength > MAX_FOOTER_BYTES || footerLength > n - 12) {
            throw new InputException(file, "Parquet footer length " + footerLength + " does not fit the file");
        }
        int footerStart = (int) (n - 8 - footerLength);
        Map<Integer, Object> meta = new ThriftCompact(bytes, footerStart, n - 8, 10_000_000).readStruct();
        List<Column> columns = schema(file, list(meta, 2, "schema"));
        long declaredRows = longField(meta, 3, "num_rows");
        if (declaredRows < 0 || declaredRows * Math.max(1, columns.size() - 1) > maxCells) {
            throw new InputException(file, "Parquet file declares " + declaredRows + " rows of "
                    + (columns.size() - 1) + " features, more than the " + maxCells + " feature values allowed");
        }
        int rows = (int) declaredRows;
        int label = -1;
        Set<String> names = new HashSet<>();
        for (int c = 0; c < columns.size(); c++) {
            if (!names.add(columns.get(c).name())) {
                throw new InputException(file, "column name '" + Text.abbreviate(columns.get(c).name())
                        + "' appears twice in the schema");
            }
            if (columns.get(c).name().equals(labelColumn)) {
                label = c;
            }
        }
        if (label < 0) {
            throw new InputException(file, "the schema has no label column '" + labelColumn + "'");
        }
        for (String name : categoricalColumns) {
            if (!names.contains(name) || name.equals(labelColumn)) {
                throw new InputException(file, "categorical column '" + name + "' " + (name.equals(labelColumn)
                        ? "is the label column" : "is not in the schema"));
            }
        }
        if (columns.size() < 2) {
            throw new InputException(file, "no feature columns besides the label column '" + labelColumn + "'");
        }
        Values[] values = new Values[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            Column column = columns.get(c);
            boolean text = c == label || categoricalColumns.contains(column.name());
            if (column.type() == BYTE_ARRAY && !text) {
                throw new InputException(file, "column '" + Text.abbreviate(column.name()) + "' holds text; list it"
                        + " under 'categorical' or make it numeric");
            }
            values[c] = new Values(rows, text);
        }
        List<Object> rowGroups = list(meta, 4, "row_groups");
        for (Object group : rowGroups) {
            Map<Integer, Object> rowGroup = struct(group, "row group");
            List<Object> chunks = list(rowGroup, 1, "columns");
            long groupRows = longField(rowGroup, 3, "num_rows");
            if (chunks.size() != columns.size()) {
                throw new InputException(file, "a row group has " + chunks.size() + " column chunks for "
                        + columns.size() + " columns");
            }
            for (int c = 0; c < columns.size(); c++) {
                readChunk(file, bytes, footerStart, struct(chunks.get(c), "column chunk"), columns.get(c), values[c],
                        groupRows, rows);
            }
        }
        for (int c = 0; c < columns.size(); c++) {
            if (values[c].size != rows) {
                throw new InputException(file, "column '" + Text.abbreviate(columns.get(c).name()) + "' has "
                        + values[c].size + " values but the file declares " + rows + " rows");
            }
        }
        return assemble(file, columns, values, label, categoricalColumns, allowMissing, maxCells, rows);
    }

    private static Table assemble(Path file, List<Column> columns, Values[] values, int label,
            List<String> categoricalColumns, boolean allowMissing, long maxCells, int rows) {
        List<String> names = new ArrayList<>();
        List<Integer> featureColumns = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            if (c != label) {
                names.add(columns.get(c).name());
                featureColumns.add(c);
            }
        }
        boolean[] categorical = new boolean[names.size()];
        for (int f = 0; f < names.size(); f++) {
            categorical[f] = categoricalColumns.contains(names.get(f));
        }
        TableBuilder table = new TableBuilder(file, names, columns.get(label).name(), categorical, maxCells);
        for (int r = 0; r < rows; r++) {
            String where = "row " + (r + 1);
            table.startRow(r + 1, where);
            for (int f = 0; f < featureColumns.size(); f++) {
                Values column = values[featureColumns.get(f)];
                if (categorical[f]) {
                    String text = column.texts[r];
                    if (text == null && !allowMissing) {
                        throw missing(file, where, names.get(f));
                    }
                    table.category(text == null ? "" : text, where);
                } else {
                    double value = column.numbers[r];
                    if (Double.isNaN(value) && !allowMissing) {
                        throw missing(file, where, names.get(f));
                    }
                    if (Double.isInfinite(value)) {
                        throw new InputException(file, where + ", column '" + Text.abbreviate(names.get(f))
                                + "': value is infinite");
                    }
                    table.number(value);
                }
            }
            String labelText = values[label].texts[r];
            if (labelText == null) {
                throw new InputException(file, where + ", column '" + Text.abbreviate(columns.get(label).name())
                        + "': the label is missing");
            }
            table.label(labelText, where);
            table.endRow();
        }
        return table.build(List.of(file), false);
    }

    private static InputException missing(Path file, String where, String column) {
        return new InputException(file, where + ", column '" + Text.abbreviate(column) + "': missing value (null or"
                + " NaN); set 'allowMissing: true' in the poisoning section to accept missing values");
    }

    private static List<Column> schema(Path file, List<Object> elements) throws ThriftCompact.MalformedException {
        if (elements.isEmpty()) {
            throw new InputException(file, "Parquet schema is empty");
        }
        Map<Integer, Object> root = struct(elements.get(0), "schema root");
        long children = root.containsKey(5) ? longField(root, 5, "num_children") : 0;
        if (children != elements.size() - 1 || children > MAX_COLUMNS) {
            throw new InputException(file, "the Parquet schema is not flat (nested or repeated columns are not"
                    + " supported): the root has " + children + " children in " + (elements.size() - 1)
                    + " elements");
        }
        List<Column> columns = new ArrayList<>();
        for (int i = 1; i < elements.size(); i++) {
            Map<Integer, Object> element = struct(elements.get(i), "schema element");
            String name = text(element.get(4));
            if (name == null || name.isEmpty()) {
                throw new InputException(file, "schema element " + i + " has no name");
            }
            if (element.containsKey(5) && longField(element, 5, "num_children") > 0) {
                throw new InputException(file, "column '" + Text.abbreviate(name) + "' is a group; nested columns"
                        + " are not supported");
            }
            long repetition = element.containsKey(3) ? longField(element, 3, "repetition_type") : 0;
            if (repetition == 2) {
                throw new InputException(file, "column '" + Text.abbreviate(name) + "' is repeated; only flat"
                        + " columns are supported");
            }
            if (!element.containsKey(1)) {
                throw new InputException(file, "column '" + Text.abbreviate(name) + "' has no type");
            }
            int type = (int) longField(element, 1, "type");
            long converted = element.containsKey(6) ? longField(element, 6, "converted_type") : -1;
            if (type != BOOLEAN && type != INT32 && type != INT64 && type != FLOAT && type != DOUBLE
                    && type != BYTE_ARRAY) {
                throw new InputException(file, "column '" + Text.abbreviate(name) + "' has Parquet type "
                        + (type >= 0 && type < TYPE_NAMES.length ? TYPE_NAMES[type] : String.valueOf(type))
                        + "; supported: BOOLEAN, INT32, INT64, FLOAT, DOUBLE and text (BYTE_ARRAY)");
            }
            if (converted == 5 || element.containsKey(7)) {
                throw new InputException(file, "column '" + Text.abbreviate(name) + "' is a DECIMAL; cast it to"
                        + " double");
            }
            columns.add(new Column(name, type, repetition == 1));
        }
        return columns;
    }

    private static void readChunk(Path file, byte[] bytes, int footerStart, Map<Integer, Object> chunk, Column column,
            Values out, long groupRows, int rows) throws ThriftCompact.MalformedException {
        if (chunk.containsKey(1)) {
            throw new InputException(file, "column '" + Text.abbreviate(column.name()) + "' is stored in another"
                    + " file; aigate reads only self-contained Parquet files");
        }
        Map<Integer, Object> meta = struct(chunk.get(3), "column metadata");
        if (longField(meta, 1, "type") != column.type()) {
            throw new InputException(file, "column '" + Text.abbreviate(column.name()) + "': chunk type differs"
                    + " from the schema");
        }
        int codec = (int) longField(meta, 4, "codec");
        if (codec != 0 && codec != 1 && codec != 2) {
            throw new InputException(file, "column '" + Text.abbreviate(column.name()) + "' is compressed with "
                    + codecName(codec) + "; aigate reads uncompressed, Snappy and gzip Parquet files (write with"
                    + " compression='snappy')");
        }
        long numValues = longField(meta, 5, "num_values");
        long compressedSize = longField(meta, 7, "total_compressed_size");
        long start = longField(meta, 9, "data_page_offset");
        if (meta.containsKey(11)) {
            long dictionary = longField(meta, 11, "dictionary_page_offset");
            if (dictionary > 0 && dictionary < start) {
                start = dictionary;
            }
        }
        long end = start + compressedSize;
        if (start < 4 || compressedSize < 0 || end > footerStart) {
            throw new InputException(file, "column '" + Text.abbreviate(column.name()) + "': chunk at " + start
                    + " of " + compressedSize + " bytes lies outside the data");
        }
        if (numValues != groupRows || out.size + numValues > rows) {
            throw new InputException(file, "column '" + Text.abbreviate(column.name()) + "': chunk has "
                    + numValues + " values for a row group of " + groupRows + " rows");
        }
        Object[] dictionary = null;
        int position = (int) start;
        long read = 0;
        while (read < numValues) {
            if (position >= end) {
                throw new InputException(file, "column '" + Text.abbreviate(column.name()) + "': chunk ends after "
                        + read + " of " + numValues + " values");
            }
            ThriftCompact reader = new ThriftCompact(bytes, position, (int) end, 10_000);
            Map<Integer, Object> header = reader.readStruct();
            int pageType = (int) longField(header, 1, "page type");
            long uncompressed = longField(header, 2, "uncompressed_page_size");
            long compressed = longField(header, 3, "compressed_page_size");
            int body = reader.position();
            if (compressed < 0 || uncompressed < 0 || uncompressed > Integer.MAX_VALUE - 8
                    || body + compressed > end) {
                throw new InputException(file, "column '" + Text.abbreviate(column.name()) + "': page of "
                        + compressed + " bytes runs past its chunk");
            }
            position = (int) (body + compressed);
            if (pageType == 2) {
                Map<Integer, Object> dict = struct(header.get(7), "dictionary page header");
                long count = longField(dict, 1, "num_values");
                byte[] page = decompress(bytes, body, (int) compressed, (int) uncompressed, codec);
                dictionary = plain(file, column, page, 0, page.length, count);
            } else if (pageType == 0 || pageType == 3) {
                read += dataPage(file, column, bytes, body, (int) compressed, (int) uncompressed, codec, header,
                        pageType == 3, dictionary, out, numValues - read);
            } else if (pageType != 1) {
                throw new InputException(file, "column '" + Text.abbreviate(column.name()) + "': unknown page type "
                        + pageType);
            }
        }
    }

    private static long dataPage(Path file, Column column, byte[] bytes, int body, int compressed, int uncompressed,
            int codec, Map<Integer, Object> header, boolean v2, Object[] dictionary, Values out, long remaining)
            throws ThriftCompact.MalformedException {
        byte[] page;
        int offset;
        int count;
        int encoding;
        int[] defined = null;
        if (v2) {
            Map<Integer, Object> h = struct(header.get(8), "data page v2 header");
            count = (int) bounded(longField(h, 1, "num_values"), remaining);
            encoding = (int) longField(h, 4, "encoding");
            long defLength = longField(h, 5, "definition_levels_byte_length");
            long repLength = longField(h, 6, "repetition_levels_byte_length");
            boolean isCompressed = !h.containsKey(7) || Boolean.TRUE.equals(h.get(7));
            if (defLength < 0 || repLength != 0 || defLength > compressed || defLength > uncompressed) {
                throw new ThriftCompact.MalformedException("bad level lengths in a v2 data page");
            }
            if (column.optional()) {
                defined = Rle.decode(bytes, body, body + (int) defLength, 1, count);
            }
            int valuesStart = body + (int) defLength;
            int valuesLength = compressed - (int) defLength;
            int valuesUncompressed = uncompressed - (int) defLength;
            page = isCompressed ? decompress(bytes, valuesStart, valuesLength, valuesUncompressed, codec)
                    : java.util.Arrays.copyOfRange(bytes, valuesStart, valuesStart + valuesLength);
            offset = 0;
        } else {
            Map<Integer, Object> h = struct(header.get(5), "data page header");
            count = (int) bounded(longField(h, 1, "num_values"), remaining);
            encoding = (int) longField(h, 2, "encoding");
            page = decompress(bytes, body, compressed, uncompressed, codec);
            offset = 0;
            if (column.optional()) {
                if (page.length < 4) {
                    throw new ThriftCompact.MalformedException("data page too short for its definition levels");
                }
                long length = le32(page, 0) & 0xffffffffL;
                if (length > page.length - 4) {
                    throw new ThriftCompact.MalformedException("definition levels run past the page");
                }
                defined = Rle.decode(page, 4, 4 + (int) length, 1, count);
                offset = 4 + (int) length;
            }
        }
        int present = 0;
        if (defined == null) {
            present = count;
        } else {
            for (int level : defined) {
                if (level > 1) {
                    throw new ThriftCompact.MalformedException("definition level above 1 in a flat column");
                }
                present += level;
            }
        }
        Object[] decoded;
        if (encoding == 0) {
            decoded = plain(file, column, page, offset, page.length, present);
        } else if (encoding == 2 || encoding == 8) {
            if (dictionary == null) {
                throw new ThriftCompact.MalformedException("dictionary-encoded page without a dictionary page");
            }
            if (offset >= page.length) {
                if (present > 0) {
                    throw new ThriftCompact.MalformedException("dictionary page indices missing");
                }
                decoded = new Object[0];
            } else {
                int width = page[offset] & 0xff;
                if (width > 32) {
                    throw new ThriftCompact.MalformedException("dictionary index width " + width);
                }
                int[] indices = Rle.decode(page, offset + 1, page.length, width, present);
                decoded = new Object[present];
                for (int i = 0; i < present; i++) {
                    if (indices[i] < 0 || indices[i] >= dictionary.length) {
                        throw new ThriftCompact.MalformedException("dictionary index " + indices[i] + " outside a"
                                + " dictionary of " + dictionary.length);
                    }
                    decoded[i] = dictionary[indices[i]];
                }
            }
        } else if (encoding == 3 && column.type() == BOOLEAN) {
            // RLE booleans: a 4-byte length, then the hybrid encoding at bit width 1.
            long length = le32(page, offset) & 0xffffffffL;
            if (length > page.length - offset - 4) {
                throw new ThriftCompact.MalformedException("RLE booleans run past the page");
            }
            int[] bits = Rle.decode(page, offset + 4, offset + 4 + (int) length, 1, present);
            decoded = new Object[present];
            for (int i = 0; i < present; i++) {
                decoded[i] = (long) bits[i];
            }
        } else {
            throw new InputException(file, "column '" + Text.abbreviate(column.name()) + "' uses value encoding "
                    + encoding + "; supported: PLAIN, dictionary encodings and RLE booleans (pyarrow's defaults)");
        }
        int next = 0;
        boolean text = out.texts != null;
        for (int i = 0; i < count; i++) {
            Object value = defined == null || defined[i] == 1 ? decoded[next++] : null;
            if (text) {
                out.texts[out.size++] = value == null ? null : asText(file, column, value);
            } else {
                out.numbers[out.size++] = value == null ? Double.NaN : ((Number) value).doubleValue();
            }
        }
        return count;
    }

    private static String asText(Path file, Column column, Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Boolean b) {
            return b.toString();
        }
        double number = ((Number) value).doubleValue();
        if (value instanceof Long || value instanceof Integer) {
            return String.valueOf(((Number) value).longValue());
        }
        if (!Double.isFinite(number)) {
            throw new InputException(file, "column '" + Text.abbreviate(column.name()) + "': value " + number
                    + " is not finite");
        }
        return Text.num(number);
    }

    private static long bounded(long count, long remaining) throws ThriftCompact.MalformedException {
        if (count < 0 || count > remaining) {
            throw new ThriftCompact.MalformedException("page has " + count + " values, more than the "
                    + remaining + " left in its chunk");
        }
        return count;
    }

    private static Object[] plain(Path file, Column column, byte[] page, int offset, int end, long count)
            throws ThriftCompact.MalformedException {
        int width = switch (column.type()) {
            case INT32, FLOAT -> 4;
            case INT64, DOUBLE -> 8;
            default -> 0;
        };
        if (count < 0 || (width > 0 && count > (end - offset) / width)
                || (column.type() == BOOLEAN && count > (long) (end - offset) * 8)
                || (column.type() == BYTE_ARRAY && count > (end - offset) / 4)) {
            throw new ThriftCompact.MalformedException("page holds fewer values than it declares (" + count + ")");
        }
        Object[] values = new Object[(int) count];
        int p = offset;
        for (int i = 0; i < count; i++) {
            switch (column.type()) {
                case BOOLEAN -> values[i] = ((page[offset + i / 8] >>> (i % 8)) & 1) == 1 ? 1L : 0L;
                case INT32 -> {
                    values[i] = (long) le32(page, p);
                    p += 4;
                }
                case INT64 -> {
                    values[i] = le64(page, p);
                    p += 8;
                }
                case FLOAT -> {
                    values[i] = (double) Float.intBitsToFloat(le32(page, p));
                    p += 4;
                }
                case DOUBLE -> {
                    values[i] = Double.longBitsToDouble(le64(page, p));
                    p += 8;
                }
                default -> {
                    if (end - p < 4) {
                        throw new ThriftCompact.MalformedException("truncated text value");
                    }
                    long length = le32(page, p) & 0xffffffffL;
                    p += 4;
                    if (length > end - p || length > TableBuilder.MAX_TEXT_CHARS * 4L) {
                        throw new InputException(file, "column '" + Text.abbreviate(column.name()) + "': a text value"
                                + " of " + length + " bytes is too long or runs past its page");
                    }
                    values[i] = new String(page, p, (int) length, StandardCharsets.UTF_8);
                    p += (int) length;
                }
            }
        }
        return values;
    }

    private static byte[] decompress(byte[] bytes, int offset, int length, int uncompressed, int codec)
            throws ThriftCompact.MalformedException {
        if (length < 0 || offset + length > bytes.length || uncompressed < 0) {
            throw new ThriftCompact.MalformedException("page outside the file");
        }
        switch (codec) {
            case 0:
                if (length != uncompressed) {
                    throw new ThriftCompact.MalformedException("uncompressed page sizes differ");
                }
                return java.util.Arrays.copyOfRange(bytes, offset, offset + length);
            case 1:
                return Snappy.decompress(bytes, offset, length, uncompressed);
            default:
                try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes, offset, length))) {
                    byte[] out = in.readNBytes(uncompressed);
                    if (out.length != uncompressed || in.read() >= 0) {
                        throw new ThriftCompact.MalformedException("gzip page does not decompress to "
                                + uncompressed + " bytes");
                    }
                    return out;
                } catch (IOException e) {
                    throw new ThriftCompact.MalformedException("corrupt gzip page: " + e.getMessage());
                }
        }
    }

    private static String codecName(int codec) {
        String[] names = {"UNCOMPRESSED", "SNAPPY", "GZIP", "LZO", "BROTLI", "LZ4", "ZSTD", "LZ4_RAW"};
        return codec >= 0 && codec < names.length ? names[codec] : "codec " + codec;
    }

    @SuppressWarnings("unchecked")
    private static Map<Integer, Object> struct(Object value, String what) throws ThriftCompact.MalformedException {
        if (!(value instanceof Map)) {
            throw new ThriftCompact.MalformedException("missing " + what);
        }
        return (Map<Integer, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Map<Integer, Object> struct, int field, String what)
            throws ThriftCompact.MalformedException {
        Object value = struct.get(field);
        if (!(value instanceof List)) {
            throw new ThriftCompact.MalformedException("missing " + what);
        }
        return (List<Object>) value;
    }

    private static long longField(Map<Integer, Object> struct, int field, String what)
            throws ThriftCompact.MalformedException {
        Object value = struct.get(field);
        if (!(value instanceof Long)) {
            throw new ThriftCompact.MalformedException("missing or malformed " + what);
        }
        return (Long) value;
    }

    private static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : null;
    }

    private static boolean magicAt(byte[] bytes, int at) {
        for (int i = 0; i < 4; i++) {
            if (bytes[at + i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    static int le32(byte[] b, int at) throws ThriftCompact.MalformedException {
        if (at < 0 || at + 4 > b.length) {
            throw new ThriftCompact.MalformedException("value runs past its page");
        }
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }

    private static long le64(byte[] b, int at) throws ThriftCompact.MalformedException {
        return (le32(b, at) & 0xffffffffL) | ((long) le32(b, at + 4) << 32);
    }

    /** The RLE / bit-packed hybrid encoding of levels and dictionary indices. */
    static final class Rle {
        private Rle() {
        }

        static int[] decode(byte[] b, int start, int end, int width, int count)
                throws ThriftCompact.MalformedException {
            if (end > b.length || start > end) {
                throw new ThriftCompact.MalformedException("RLE data outside its page");
            }
            int[] out = new int[count];
            int o = 0;
            int p = start;
            while (o < count) {
                if (p >= end) {
                    throw new ThriftCompact.MalformedException("RLE data ends after " + o + " of " + count
                            + " values");
                }
                long header = 0;
                for (int shift = 0; ; shift += 7) {
                    if (p >= end || shift > 35) {
                        throw new ThriftCompact.MalformedException("malformed RLE run header");
                    }
                    int x = b[p++] & 0xff;
                    header |= (long) (x & 0x7f) << shift;
                    if ((x & 0x80) == 0) {
                        break;
                    }
                }
                if ((header & 1) == 0) {
                    long run = header >>> 1;
                    int bytes = (width + 7) / 8;
                    if (p + bytes > end) {
                        throw new ThriftCompact.MalformedException("truncated RLE run");
                    }
                    int value = 0;
                    for (int i = 0; i < bytes; i++) {
                        value |= (b[p++] & 0xff) << (8 * i);
                    }
                    long take = Math.min(run, count - o);
                    for (long i = 0; i < take; i++) {
                        out[o++] = value;
                    }
                } else {
                    long groups = header >>> 1;
                    long bits = groups * 8 * width;
                    if (bits > (long) (end - p) * 8) {
                        throw new ThriftCompact.MalformedException("bit-packed run runs past its data");
                    }
                    long take = Math.min(groups * 8, count - o);
                    long bitPosition = (long) p * 8;
                    for (long i = 0; i < take; i++) {
                        int value = 0;
                        for (int bit = 0; bit < width; bit++) {
                            long at = bitPosition + i * width + bit;
                            value |= ((b[(int) (at >>> 3)] >>> (at & 7)) & 1) << bit;
                        }
                        out[o++] = value;
                    }
                    p += (int) ((bits + 7) / 8);
                }
            }
            return out;
        }
    }
}
