package dev.aigate.checks.poisoning;

import java.util.Locale;

/** Small text helpers for messages. */
final class Text {
    private Text() {
    }

    /** Control characters replaced, at most 120 characters: untrusted text in a message stays one short line. */
    static String abbreviate(String value) {
        String text = String.valueOf(value).replaceAll("\\p{Cntrl}", "?");
        return text.length() <= 120 ? text : text.substring(0, 120) + "...";
    }

    /** A number for messages: at most 4 significant digits, no exponent for ordinary magnitudes. */
    static String num(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.valueOf((long) value);
        }
        double abs = Math.abs(value);
        if (abs != 0 && (abs < 1e-3 || abs >= 1e7)) {
            return String.format(Locale.ROOT, "%.3g", value);
        }
        return new java.math.BigDecimal(value).round(new java.math.MathContext(4)).stripTrailingZeros()
                .toPlainString();
    }

    static String percent(double fraction) {
        return num(fraction * 100) + "%";
    }
}
