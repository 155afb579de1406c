package dev.aigate.core.io;

/**
 * The one number grammar of data files (CSV cells of the robustness, privacy and poisoning checks): an optional sign,
 * ASCII decimal digits with an optional fraction, an optional exponent of at most four digits. No hexadecimal
 * ({@code 0x1p-1}), no type suffixes ({@code 0.5f}, {@code 1d}), no thousands separators, no surrounding or embedded
 * control characters (a trailing NUL), no {@code NaN} or {@code Infinity}: Java's own number syntax never leaks into
 * what a data file may say. Lengths are bounded so a cell cannot make the parser work hard.
 */
public final class NumberGrammar {
    public static final int MAX_NUMBER_CHARS = 64;

    private NumberGrammar() {
    }

    /** Whether {@code text} is a number in the grammar, at most {@value #MAX_NUMBER_CHARS} characters long. */
    public static boolean isNumber(CharSequence text) {
        return isNumber(text, MAX_NUMBER_CHARS);
    }

    /** Whether {@code text} is a number in the grammar, at most {@code maxChars} characters long. */
    public static boolean isNumber(CharSequence text, int maxChars) {
        int n = text.length();
        if (n == 0 || n > maxChars) {
            return false;
        }
        int i = sign(text, 0);
        int digits = 0;
        while (i < n && isDigit(text.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && text.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(text.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            i = sign(text, i + 1);
            int exponent = 0;
            while (i < n && isDigit(text.charAt(i))) {
                i++;
                exponent++;
            }
            if (exponent == 0 || exponent > 4) {
                return false;
            }
        }
        return i == n;
    }

    /**
     * Whether {@code text} is a whole number for a class label: an optional sign and decimal digits, optionally
     * followed by a fraction of zeros ({@code 3}, {@code 3.0}, as numeric exports write labels); no exponent.
     */
    public static boolean isWholeNumber(CharSequence text) {
        int n = text.length();
        if (n == 0 || n > MAX_NUMBER_CHARS) {
            return false;
        }
        int i = sign(text, 0);
        int digits = 0;
        while (i < n && isDigit(text.charAt(i))) {
            i++;
            digits++;
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && text.charAt(i) == '.') {
            i++;
            while (i < n && text.charAt(i) == '0') {
                i++;
            }
        }
        return i == n;
    }

    /** Parses a number the caller has checked with {@link #isNumber}: a finite double, or infinity if too large. */
    public static double parse(String text) {
        return Double.parseDouble(text);
    }

    private static int sign(CharSequence text, int i) {
        return i < text.length() && (text.charAt(i) == '+' || text.charAt(i) == '-') ? i + 1 : i;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
