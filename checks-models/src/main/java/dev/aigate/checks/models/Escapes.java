package dev.aigate.checks.models;

import java.util.Optional;

/**
 * The two escape decoders of protocol 0 strings, as CPython has them: {@code codecs.escape_decode} for STRING and
 * {@code raw-unicode-escape} for UNICODE. An import name built from {@code '\x6fs'} must be read as {@code os}.
 */
final class Escapes {
    private Escapes() {
    }

    /** codecs.escape_decode of {@code bytes[from, to)}, each resulting byte as a Latin-1 character. */
    static Optional<String> escapeDecode(byte[] bytes, int from, int to) {
        StringBuilder out = new StringBuilder(to - from);
        int i = from;
        while (i < to) {
            char c = (char) (bytes[i++] & 0xff);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (i >= to) {
                return Optional.empty();
            }
            char e = (char) (bytes[i++] & 0xff);
            switch (e) {
                case '\n' -> {
                }
                case '\\', '\'', '"' -> out.append(e);
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'v' -> out.append('\u000b');
                case 'x' -> {
                    if (i + 2 > to || hex(bytes[i]) < 0 || hex(bytes[i + 1]) < 0) {
                        return Optional.empty();
                    }
                    out.append((char) (hex(bytes[i]) * 16 + hex(bytes[i + 1])));
                    i += 2;
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        int value = e - '0';
                        for (int k = 0; k < 2 && i < to && bytes[i] >= '0' && bytes[i] <= '7'; k++) {
                            value = value * 8 + (bytes[i++] - '0');
                        }
                        out.append((char) (value & 0xff));
                    } else {
                        out.append('\\').append(e);
                    }
                }
            }
        }
        return Optional.of(out.toString());
    }

    /** raw-unicode-escape: {@code \\uXXXX} and {@code \\UXXXXXXXX} after an odd run of backslashes; else Latin-1. */
    static Optional<String> rawUnicodeEscape(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length);
        int i = 0;
        while (i < bytes.length) {
            char c = (char) (bytes[i] & 0xff);
            if (c != '\\') {
                out.append(c);
                i++;
                continue;
            }
            int run = 0;
            while (i + run < bytes.length && bytes[i + run] == '\\') {
                run++;
            }
            int next = i + run;
            boolean escape = run % 2 == 1 && next < bytes.length && (bytes[next] == 'u' || bytes[next] == 'U');
            if (!escape) {
                for (int k = 0; k < run; k++) {
                    out.append('\\');
                }
                i = next;
                continue;
            }
            for (int k = 0; k < run - 1; k++) {
                out.append('\\');
            }
            int digits = bytes[next] == 'u' ? 4 : 8;
            if (next + 1 + digits > bytes.length) {
                return Optional.empty();
            }
            int cp = 0;
            for (int k = 0; k < digits; k++) {
                int h = hex(bytes[next + 1 + k]);
                if (h < 0) {
                    return Optional.empty();
                }
                cp = cp * 16 + h;
            }
            if (cp < 0 || cp > 0x10ffff) {
                return Optional.empty();
            }
            out.appendCodePoint(cp);
            i = next + 1 + digits;
        }
        return Optional.of(out.toString());
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }
}
