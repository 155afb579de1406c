package dev.aigate.core.io;

import dev.aigate.core.InputException;
import java.nio.file.Path;
import java.util.List;

/**
 * Splits one line of a CSV data file into cells, the one way every data reader does it: RFC 4180 quotes within the
 * line (a doubled quote is a quote), unquoted cells stripped of surrounding spaces and tabs only (any other control
 * character stays, so that a number cell holding it fails the number grammar), text after a closing quote and an
 * unterminated quote are errors, and at most {@code maxCells} cells.
 */
public final class CsvLine {
    private CsvLine() {
    }

    /**
     * Replaces the contents of {@code cells} with the cells of {@code line}.
     *
     * @param file and {@code lineNo} name the line in messages
     */
    public static void split(String line, Path file, int lineNo, int maxCells, List<String> cells) {
        cells.clear();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"' && !wasQuoted && isBlank(cell)) {
                quoted = true;
                wasQuoted = true;
                cell.setLength(0);
            } else if (ch == ',') {
                cells.add(wasQuoted ? cell.toString() : blanksStripped(cell));
                cell.setLength(0);
                wasQuoted = false;
                if (cells.size() > maxCells) {
                    throw new InputException(file, "line " + lineNo + " has more than " + maxCells + " cells");
                }
            } else if (wasQuoted) {
                if (ch != ' ' && ch != '\t') {
                    throw new InputException(file, "line " + lineNo + ", cell " + (cells.size() + 1)
                            + ": text after a closing quote");
                }
            } else {
                cell.append(ch);
            }
        }
        if (quoted) {
            throw new InputException(file, "line " + lineNo + ", cell " + (cells.size() + 1)
                    + ": unterminated quoted cell (a quoted cell must end on the same line)");
        }
        cells.add(wasQuoted ? cell.toString() : blanksStripped(cell));
        if (cells.size() > maxCells) {
            throw new InputException(file, "line " + lineNo + " has more than " + maxCells + " cells");
        }
    }

    private static boolean isBlank(CharSequence cell) {
        for (int i = 0; i < cell.length(); i++) {
            if (cell.charAt(i) != ' ' && cell.charAt(i) != '\t') {
                return false;
            }
        }
        return true;
    }

    /** A cell without surrounding spaces and tabs. */
    private static String blanksStripped(CharSequence cell) {
        int start = 0;
        int end = cell.length();
        while (start < end && (cell.charAt(start) == ' ' || cell.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (cell.charAt(end - 1) == ' ' || cell.charAt(end - 1) == '\t')) {
            end--;
        }
        return cell.subSequence(start, end).toString();
    }
}
