package dev.aigate.checks.poisoning;

import dev.aigate.core.InputException;
import dev.aigate.core.io.BoundedFiles;
import dev.aigate.core.io.CsvLine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a labelled CSV table: a header row naming every column (names unique), one label column, every other column
 * a numeric feature unless listed as categorical. Comma separated, UTF-8, optional double quotes around a cell (a
 * quoted cell stays on one line). Every numeric cell must match {@link Numbers}' grammar; missing values are allowed
 * only when the policy says so. Every problem is an {@link InputException} naming the file, the line and the column.
 */
final class CsvTableReader {
    static final int MAX_LINE_CHARS = 1 << 20;
    static final int MAX_COLUMNS = 100_000;

    private CsvTableReader() {
    }

    static Table read(Path file, String labelColumn, List<String> categoricalColumns, boolean allowMissing,
            long maxBytes, long maxCells) {
        BoundedFiles.requireRegularFile(file, "CSV file");
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new InputException(file, "cannot read CSV file: " + e.getMessage(), e);
        }
        if (size > maxBytes) {
            throw new InputException(file, "CSV file is " + size + " bytes, more than the " + maxBytes
                    + " bytes allowed");
        }
        try (InputStream in = dev.aigate.core.io.BoundedFiles.openRegular(file, "CSV file")) {
            Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
            return parse(file, new BufferedReader(reader, 1 << 16), labelColumn, categoricalColumns, allowMissing,
                    maxCells);
        } catch (CharacterCodingException e) {
            throw new InputException(file, "CSV file is not valid UTF-8", e);
        } catch (IOException e) {
            throw new InputException(file, "cannot read CSV file: " + e.getMessage(), e);
        }
    }

    /** Parses CSV text (for tests and the fuzz harness). */
    static Table parse(Path file, String text, String labelColumn, List<String> categoricalColumns,
            boolean allowMissing, long maxCells) {
        try {
            return parse(file, new BufferedReader(new StringReader(text)), labelColumn, categoricalColumns,
                    allowMissing, maxCells);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Table parse(Path file, BufferedReader reader, String labelColumn, List<String> categoricalColumns,
            boolean allowMissing, long maxCells) throws IOException {
        int lineNo = 0;
        String headerLine = null;
        StringBuilder buffer = new StringBuilder();
        while (headerLine == null) {
            String line = readLine(reader, file, ++lineNo, buffer);
            if (line == null) {
                throw new InputException(file, "CSV file is empty (no header row)");
            }
            if (!line.isBlank()) {
                headerLine = line.startsWith("\uFEFF") ? line.substring(1) : line;
            }
        }
        List<String> header = split(headerLine, file, lineNo);
        int headerLineNo = lineNo;
        Set<String> seen = new HashSet<>();
        for (int c = 0; c < header.size(); c++) {
            String name = header.get(c);
            if (name.isEmpty()) {
                throw new InputException(file, "line " + headerLineNo + ", column " + (c + 1)
                        + ": the header names no column");
            }
            if (!seen.add(name)) {
                throw new InputException(file, "line " + headerLineNo + ", column " + (c + 1) + ": column name '"
                        + Text.abbreviate(name) + "' appears twice in the header");
            }
        }
        int label = header.indexOf(labelColumn);
        if (label < 0) {
            throw new InputException(file, "line " + headerLineNo + ": the header has no label column '"
                    + labelColumn + "' (columns: " + Text.abbreviate(String.join(", ", header)) + ")");
        }
        for (String name : categoricalColumns) {
            if (!seen.contains(name) || name.equals(labelColumn)) {
                throw new InputException(file, "line " + headerLineNo + ": categorical column '" + name + "' "
                        + (name.equals(labelColumn) ? "is the label column" : "is not in the header"));
            }
        }
        if (header.size() < 2) {
            throw new InputException(file, "line " + headerLineNo + ": no feature columns besides the label column '"
                    + labelColumn + "'");
        }
        List<String> names = new ArrayList<>(header);
        names.remove(label);
        boolean[] categorical = new boolean[names.size()];
        for (int f = 0; f < names.size(); f++) {
            categorical[f] = categoricalColumns.contains(names.get(f));
        }
        TableBuilder table = new TableBuilder(file, names, labelColumn, categorical, maxCells);
        List<String> cells = new ArrayList<>(header.size());
        String line;
        while ((line = readLine(reader, file, ++lineNo, buffer)) != null) {
            if (line.isBlank()) {
                continue;
            }
            splitInto(line, file, lineNo, cells);
            if (cells.size() != header.size()) {
                throw new InputException(file, "line " + lineNo + ": " + cells.size() + " cells, but the header has "
                        + header.size() + " columns");
            }
            String where = "line " + lineNo;
            table.startRow(lineNo, where);
            int feature = 0;
            for (int c = 0; c < cells.size(); c++) {
                String cell = cells.get(c);
                if (c == label) {
                    table.label(cell, where);
                    continue;
                }
                if (table.isCategorical(feature)) {
                    if (cell.isEmpty() && !allowMissing) {
                        throw missing(file, lineNo, header.get(c));
                    }
                    table.category(cell, where);
                } else {
                    table.number(number(file, lineNo, header.get(c), cell, allowMissing));
                }
                feature++;
            }
            table.endRow();
        }
        if (table.rows() == 0) {
            throw new InputException(file, "CSV file has a header but no data rows");
        }
        return table.build(List.of(file), true);
    }

    static double number(Path file, int lineNo, String column, String text, boolean allowMissing) {
        if (Numbers.isNumber(text)) {
            double value = Numbers.parse(text);
            if (!Double.isFinite(value)) {
                throw new InputException(file, "line " + lineNo + ", column '" + Text.abbreviate(column) + "': "
                        + Text.abbreviate(text) + " is too large for a double");
            }
            return value;
        }
        if (Numbers.isMissing(text)) {
            if (allowMissing) {
                return Double.NaN;
            }
            throw missing(file, lineNo, column);
        }
        throw new InputException(file, "line " + lineNo + ", column '" + Text.abbreviate(column) + "': '"
                + Text.abbreviate(text) + "' is not a number (decimal digits, optional fraction and exponent)");
    }

    private static InputException missing(Path file, int lineNo, String column) {
        return new InputException(file, "line " + lineNo + ", column '" + Text.abbreviate(column) + "': missing value"
                + " (set 'allowMissing: true' in the poisoning section to accept empty, NaN or NA cells)");
    }

    private static String readLine(BufferedReader reader, Path file, int lineNo, StringBuilder line)
            throws IOException {
        line.setLength(0);
        int c;
        while ((c = reader.read()) >= 0) {
            if (c == '\n') {
                break;
            }
            if (line.length() >= MAX_LINE_CHARS) {
                throw new InputException(file, "line " + lineNo + " is longer than " + MAX_LINE_CHARS
                        + " characters");
            }
            line.append((char) c);
        }
        if (c < 0 && line.length() == 0) {
            return null;
        }
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
            line.setLength(end - 1);
        }
        return line.toString();
    }

    static List<String> split(String line, Path file, int lineNo) {
        List<String> cells = new ArrayList<>();
        splitInto(line, file, lineNo, cells);
        return cells;
    }

    private static void splitInto(String line, Path file, int lineNo, List<String> cells) {
        CsvLine.split(line, file, lineNo, MAX_COLUMNS, cells);
    }
}
