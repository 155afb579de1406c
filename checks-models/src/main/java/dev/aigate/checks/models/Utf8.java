package dev.aigate.checks.models;

import java.util.Optional;

/** UTF-8 as Python's {@code 'utf-8', 'surrogatepass'} decodes it: strict, except that encoded surrogates pass. */
final class Utf8 {
    private Utf8() {
    }

    static Optional<String> decode(byte[] bytes, int from, int to) {
        StringBuilder out = new StringBuilder(to - from);
        int i = from;
        while (i < to) {
            int b = bytes[i] & 0xff;
            if (b < 0x80) {
                out.append((char) b);
                i++;
                continue;
            }
            int length;
            int cp;
            if (b >= 0xc2 && b <= 0xdf) {
                length = 2;
                cp = b & 0x1f;
            } else if (b >= 0xe0 && b <= 0xef) {
                length = 3;
                cp = b & 0x0f;
            } else if (b >= 0xf0 && b <= 0xf4) {
                length = 4;
                cp = b & 0x07;
            } else {
                return Optional.empty();
            }
            if (i + length > to) {
                return Optional.empty();
            }
            for (int k = 1; k < length; k++) {
                int c = bytes[i + k] & 0xff;
                if ((c & 0xc0) != 0x80) {
                    return Optional.empty();
                }
                cp = (cp << 6) | (c & 0x3f);
            }
            if ((length == 3 && cp < 0x800) || (length == 4 && (cp < 0x10000 || cp > 0x10ffff))) {
                return Optional.empty();
            }
            out.appendCodePoint(cp);
            i += length;
        }
        return Optional.of(out.toString());
    }

    /** A prefix that may end inside a character: decoded as far as it is valid. */
    static String decodeLenient(byte[] bytes) {
        for (int end = bytes.length; end >= Math.max(0, bytes.length - 4); end--) {
            Optional<String> text = decode(bytes, 0, end);
            if (text.isPresent()) {
                return text.get();
            }
        }
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }
}
