package dev.aigate.checks.poisoning;

/**
 * The one number grammar of data cells: an optional sign, decimal digits with an optional fraction, an optional
 * exponent. No hexadecimal, no type suffixes ({@code 1f}, {@code 2d}), no thousands separators, no {@code NaN} or
 * {@code Infinity} (those are missing values, allowed only when the policy says so). Lengths are bounded so a cell
 * cannot make the parser work hard.
 */
final class Numbers {
    static final int MAX_NUMBER_CHARS = 64;

    private Numbers() {
    }

    /** Whether {@code text} is a number in the grammar. */
    static boolean isNumber(CharSequence text) {
        int n = text.length();
        if (n == 0 || n > MAX_NUMBER_CHARS) {
            return false;
        }
        int i = 0;
        char c = text.charAt(0);
        if (c == '+' || c == '-') {
            i++;
        }
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
            i++;
            if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
                i++;
            }
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

    /** Whether {@code text} is a missing-value marker: empty, {@code NaN}, {@code nan}, {@code NA} or {@code null}. */
    static boolean isMissing(String text) {
        return text.isEmpty() || text.equals("NaN") || text.equals("nan") || text.equals("NA")
                || text.equals("null");
    }

    /** Parses a number in the grammar; the caller has checked {@link #isNumber}. Returns a finite double or infinity. */
    static double parse(String text) {
        return Double.parseDouble(text);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
