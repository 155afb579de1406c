package dev.aigate.checks.robustness;

import dev.aigate.core.InputException;
import dev.aigate.core.io.CsvLine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a numeric CSV evaluation set: an optional header row (the policy says whether there is one; it is never
 * guessed), one label column, every other column a feature. Comma separated, UTF-8, optional double quotes around a
 * cell. Header names must be distinct, so that a data row taken for a header is an error rather than a shifted table.
 * Bounded: file size, line length, columns and rows; every value must be a finite number, and labels whole numbers
 * (or one of the configured class names).
 */
final class CsvReader {
    static final int MAX_LINE_CHARS = 1 << 20;
    static final int MAX_COLUMNS = 100_000;

    private CsvReader() {
    }

    /** Features as float32 values row-major, labels as class indices (or raw whole numbers without class names). */
    record Table(float[] x, long[] labels, int rows, int features, List<String> featureNames) {
    }

    /** Reads a file with a header row, the label column named {@code labelColumn}. */
    static Table read(Path file, String labelColumn, List<String> classes, long maxBytes, long maxElements) {
        return read(file, true, RobustnessConfig.Column.named(labelColumn), classes, maxBytes, maxElements);
    }

    /**
     * @param header whether the first non-blank line names the columns; without one, columns are known by index
     * @param labelColumn the label column: a name with a header, an index without
     */
    static Table read(Path file, boolean header, RobustnessConfig.Column labelColumn, List<String> classes,
            long maxBytes, long maxElements) {
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new InputException(file, "CSV file not found");
        } catch (IOException e) {
            throw new InputException(file, "cannot read CSV file: " + e.getMessage(), e);
        }
        if (size > maxBytes) {
            throw new InputException(file, "CSV file is " + size + " bytes, more than the " + maxBytes
                    + " bytes allowed");
        }
        Map<String, Integer> classIndex = new HashMap<>();
        if (classes != null) {
            for (int i = 0; i < classes.size(); i++) {
                classIndex.put(classes.get(i), i);
            }
        }
        try (InputStream in = dev.aigate.core.io.BoundedFiles.openRegular(file, "CSV file");
                BufferedReader reader = new BoundedLines(new InputStreamReader(in, StandardCharsets.UTF_8
                        .newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)))) {
            int lineNo = 0;
            String firstLine = null;
            while (firstLine == null) {
                String line = readLine(reader, file, ++lineNo);
                if (line == null) {
                    throw new InputException(file, header ? "CSV file is empty (no header row)"
                            : "CSV file is empty (no data rows)");
                }
                if (lineNo == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (!line.isBlank()) {
                    firstLine = line;
                }
            }
            List<String> first = split(firstLine, file, lineNo);
            if (first.size() > MAX_COLUMNS) {
                throw new InputException(file, "CSV " + (header ? "header" : "line " + lineNo) + " has "
                        + first.size() + " columns, more than " + MAX_COLUMNS);
            }
            List<String> columns = header ? first : positions(first.size());
            if (header) {
                requireDistinct(file, lineNo, first);
            }
            int label = labelIndex(file, header, labelColumn, columns);
            if (columns.size() < 2) {
                throw new InputException(file, "CSV has no feature columns besides the label column "
                        + (header ? "'" + labelColumn.name() + "'" : "(index " + label + ")"));
            }
            String labelName = columns.get(label);
            List<String> names = new ArrayList<>(columns);
            names.remove(label);
            int features = names.size();
            FloatList x = new FloatList();
            List<Long> labels = new ArrayList<>();
            // Without a header the first row is data: it is already split, and it is line lineNo.
            boolean pending = !header;
            String line;
            while ((line = pending ? firstLine : readLine(reader, file, ++lineNo)) != null) {
                List<String> cells;
                if (pending) {
                    cells = first;
                    pending = false;
                } else if (line.isBlank()) {
                    continue;
                } else {
                    cells = split(line, file, lineNo);
                }
                if (cells.size() != columns.size()) {
                    throw new InputException(file, "line " + lineNo + ": " + cells.size() + " cells, but the "
                            + (header ? "header has " : "first row has ") + columns.size() + " columns");
                }
                if ((long) (labels.size() + 1) * features > maxElements) {
                    throw new InputException(file, "more than " + maxElements + " feature values (" + labels.size()
                            + " rows read); lower the data size or use maxSamples on a smaller file");
                }
                for (int c = 0; c < cells.size(); c++) {
                    if (c == label) {
                        labels.add(label(file, lineNo, labelName, cells.get(c), classIndex, classes != null));
                    } else {
                        x.add(value(file, lineNo, columns.get(c), cells.get(c)));
                    }
                }
            }
            if (labels.isEmpty() && !header) {
                throw new InputException(file, "CSV file is empty (no data rows)");
            }
            return new Table(x.toArray(), labels.stream().mapToLong(Long::longValue).toArray(), labels.size(),
                    features, names);
        } catch (CharacterCodingException e) {
            throw new InputException(file, "CSV file is not valid UTF-8", e);
        } catch (IOException e) {
            throw new InputException(file, "cannot read CSV file: " + e.getMessage(), e);
        }
    }

    /** Column names for a file without a header, as messages show them. */
    private static List<String> positions(int count) {
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add("#" + i);
        }
        return names;
    }

    /**
     * Duplicate names make "the column called X" ambiguous, and are what a data row read as a header looks like
     * (pixel values repeat), so they are an error, never a silent choice of the first.
     */
    private static void requireDistinct(Path file, int lineNo, List<String> header) {
        Map<String, List<Integer>> seen = new java.util.LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            seen.computeIfAbsent(header.get(i), k -> new ArrayList<>()).add(i);
        }
        List<String> duplicates = new ArrayList<>();
        int total = 0;
        for (Map.Entry<String, List<Integer>> entry : seen.entrySet()) {
            if (entry.getValue().size() > 1) {
                total++;
                if (duplicates.size() < 5) {
                    duplicates.add("'" + abbreviate(entry.getKey()) + "' (columns " + abbreviate(entry.getValue())
                            .replaceAll("[\\[\\]]", "") + ")");
                }
            }
        }
        if (total > 0) {
            throw new InputException(file, "line " + lineNo + ": the header row has duplicate column names: "
                    + String.join(", ", duplicates) + (total > duplicates.size() ? " and " + (total
                    - duplicates.size()) + " more" : "") + "; columns are numbered from 0. If the file has no"
                    + " header row, set 'header: false' in the policy's data section and give 'label' as a column"
                    + " index");
        }
    }

    private static int labelIndex(Path file, boolean header, RobustnessConfig.Column labelColumn,
            List<String> columns) {
        if (header) {
            int label = columns.indexOf(labelColumn.name());
            if (label < 0) {
                throw new InputException(file, "CSV header has no label column '" + labelColumn.name()
                        + "' (columns: " + abbreviate(columns) + ")");
            }
            return label;
        }
        int label = labelColumn.index();
        if (label >= columns.size()) {
            throw new InputException(file, "label column index " + label + " is outside the " + columns.size()
                    + " columns of the first row (indices 0.." + (columns.size() - 1) + ")");
        }
        return label;
    }

    private static String readLine(BufferedReader reader, Path file, int lineNo) throws IOException {
        return ((BoundedLines) reader).next(file, lineNo);
    }

    /**
     * Lines of at most {@link #MAX_LINE_CHARS} characters, read in blocks rather than a character at a time (the
     * reader's per-character {@code read()} dominated the time of a short run).
     */
    private static final class BoundedLines extends BufferedReader {
        private final char[] block = new char[1 << 16];
        private int position;
        private int limit;

        BoundedLines(java.io.Reader in) {
            super(in, 1 << 16);
        }

        String next(Path file, int lineNo) throws IOException {
            StringBuilder line = null;
            while (true) {
                if (position == limit) {
                    limit = read(block, 0, block.length);
                    position = 0;
                    if (limit <= 0) {
                        limit = 0;
                        return line == null || line.length() == 0 ? null : strip(line);
                    }
                }
                int start = position;
                while (position < limit && block[position] != '\n') {
                    position++;
                }
                int length = position - start;
                if ((line == null ? 0 : line.length()) + length > MAX_LINE_CHARS) {
                    throw new InputException(file, "line " + lineNo + " is longer than " + MAX_LINE_CHARS
                            + " characters");
                }
                if (position < limit) {
                    position++;
                    if (line == null) {
                        int end = start + length;
                        if (end > start && block[end - 1] == '\r') {
                            end--;
                        }
                        return new String(block, start, end - start);
                    }
                    line.append(block, start, length);
                    return strip(line);
                }
                if (line == null) {
                    line = new StringBuilder(Math.max(16, length * 2));
                }
                line.append(block, start, length);
            }
        }

        private static String strip(StringBuilder line) {
            int end = line.length();
            if (end > 0 && line.charAt(end - 1) == '\r') {
                line.setLength(end - 1);
            }
            return line.toString();
        }
    }

    static List<String> split(String line, Path file, int lineNo) {
        List<String> cells = new ArrayList<>();
        CsvLine.split(line, file, lineNo, MAX_COLUMNS, cells);
        return cells;
    }

    /** Longest number cell: generous (exports write 17 significant digits and more), yet bounded. */
    private static final int MAX_NUMBER_CHARS = 1024;
    private static final java.util.Set<String> NON_FINITE = java.util.Set.of("NaN", "nan", "Infinity", "inf", "Inf");

    private static float value(Path file, int lineNo, String column, String text) {
        if (NON_FINITE.contains(text.startsWith("+") || text.startsWith("-") ? text.substring(1) : text)) {
            throw new InputException(file, "line " + lineNo + ", column '" + column + "': value " + text
                    + " is not finite (NaN or infinite values cannot be evaluated)");
        }
        if (!dev.aigate.core.io.NumberGrammar.isNumber(text, MAX_NUMBER_CHARS)) {
            // One grammar for every data file (decimal and exponent forms): Java's hex floats and 'f'/'d' suffixes
            // would otherwise be accepted.
            throw new InputException(file, "line " + lineNo + ", column '" + column + "': '" + abbreviate(text)
                    + "' is not a number (decimal digits, an optional fraction and exponent, e.g. 0.25 or 2.5e-1)");
        }
        float value = Float.parseFloat(text);
        if (!Float.isFinite(value)) {
            throw new InputException(file, "line " + lineNo + ", column '" + column + "': value " + text
                    + " is not finite (NaN or infinite values cannot be evaluated)");
        }
        return value;
    }

    private static long label(Path file, int lineNo, String column, String text, Map<String, Integer> classIndex,
            boolean named) {
        if (named) {
            Integer index = classIndex.get(text);
            if (index == null) {
                throw new InputException(file, "line " + lineNo + ", column '" + column + "': label '"
                        + abbreviate(text) + "' is not one of the classes named in the policy");
            }
            return index;
        }
        if (!dev.aigate.core.io.NumberGrammar.isWholeNumber(text)) {
            throw new InputException(file, "line " + lineNo + ", column '" + column + "': label '"
                    + abbreviate(text) + "' is not a whole number (digits, e.g. 3 or 3.0; name the classes in"
                    + " 'data.classes' to use text labels)");
        }
        int dot = text.indexOf('.');
        try {
            return Long.parseLong(dot < 0 ? text : text.substring(0, dot));
        } catch (NumberFormatException e) {
            throw new InputException(file, "line " + lineNo + ", column '" + column + "': label '"
                    + abbreviate(text) + "' is out of range");
        }
    }

    private static String abbreviate(Object value) {
        String text = String.valueOf(value).replaceAll("\\p{Cntrl}", "?");
        return text.length() <= 120 ? text : text.substring(0, 120) + "...";
    }

    /** A growable float array without boxing. */
    private static final class FloatList {
        private float[] data = new float[1024];
        private int size;

        void add(float value) {
            if (size == data.length) {
                data = java.util.Arrays.copyOf(data, data.length * 2);
            }
            data[size++] = value;
        }

        float[] toArray() {
            return java.util.Arrays.copyOf(data, size);
        }
    }
}
