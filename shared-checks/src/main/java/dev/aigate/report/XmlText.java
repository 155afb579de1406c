package dev.aigate.report;

/** Removes characters XML 1.0 cannot carry (file names and messages come from untrusted inputs). */
final class XmlText {
    private XmlText() {
    }

    static String clean(String text) {
        if (text == null) {
            return "";
        }
        if (allAllowed(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            boolean allowed = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                    || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
            out.appendCodePoint(allowed ? c : 0xFFFD);
        });
        return out.toString();
    }

    /** The common case, checked without building a copy: nothing below 0x20 but tab and line ends, no surrogates. */
    private static boolean allAllowed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != 0x9 && c != 0xA && c != 0xD) || c >= 0xD800) {
                return false;
            }
        }
        return true;
    }
}
