package dev.aigate.core.io;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.Writer;

/**
 * Makes text from untrusted inputs (file names, YAML keys, values) safe to show: control characters (ESC, BEL, NUL,
 * the C1 range, DEL) and the bidirectional overrides that reorder what a reader sees are written as {@code \x1b} /
 * {@code \u202e} escapes, so that no input can move the cursor, recolour or retitle a terminal, or hide text. Line
 * breaks and tabs are kept.
 */
public final class Printable {
    private Printable() {
    }

    /** {@code text} with every unsafe character escaped; null stays null. */
    public static String escape(String text) {
        if (text == null || clean(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            append(out, text.charAt(i));
        }
        return out.toString();
    }

    /** Whether {@code c} would be escaped. */
    public static boolean unsafe(char c) {
        return (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f)
                || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
    }

    /** A writer that escapes everything written through it: for a terminal. */
    public static Writer writer(Writer out) {
        return new FilterWriter(out) {
            @Override
            public void write(int c) throws IOException {
                if (unsafe((char) c)) {
                    out.write(escape(String.valueOf((char) c)));
                } else {
                    out.write(c);
                }
            }

            @Override
            public void write(char[] buffer, int offset, int length) throws IOException {
                out.write(escape(new String(buffer, offset, length)));
            }

            @Override
            public void write(String text, int offset, int length) throws IOException {
                out.write(escape(text.substring(offset, offset + length)));
            }
        };
    }

    private static boolean clean(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (unsafe(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static void append(StringBuilder out, char c) {
        if (!unsafe(c)) {
            out.append(c);
        } else if (c <= 0xff) {
            out.append(String.format("\\x%02x", (int) c));
        } else {
            out.append(String.format("\\u%04x", (int) c));
        }
    }
}
