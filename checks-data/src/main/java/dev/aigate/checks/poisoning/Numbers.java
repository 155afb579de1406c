package dev.aigate.checks.poisoning;

/**
 * The one number grammar of data cells ({@link dev.aigate.core.io.NumberGrammar}): an optional sign, decimal digits with an optional fraction, an optional
 * exponent. No hexadecimal, no type suffixes ({@code 1f}, {@code 2d}), no thousands separators, no {@code NaN} or
 * {@code Infinity} (those are missing values, allowed only when the policy says so). Lengths are bounded so a cell
 * cannot make the parser work hard.
 */
final class Numbers {
    static final int MAX_NUMBER_CHARS = dev.aigate.core.io.NumberGrammar.MAX_NUMBER_CHARS;

    private Numbers() {
    }

    /** Whether {@code text} is a number in the grammar (the core's, shared with every data file reader). */
    static boolean isNumber(CharSequence text) {
        return dev.aigate.core.io.NumberGrammar.isNumber(text);
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

}
