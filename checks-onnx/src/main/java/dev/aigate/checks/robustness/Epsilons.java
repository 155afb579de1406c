package dev.aigate.checks.robustness;

import java.math.BigDecimal;

/** Formats budgets the way the policy writes them: {@code 0.1}, not {@code 0.1000000001} or {@code 1.0E-1}. */
final class Epsilons {
    private Epsilons() {
    }

    static String format(double value) {
        if (!Double.isFinite(value)) {
            return String.valueOf(value);
        }
        String text = BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
        return text.equals("-0") ? "0" : text;
    }
}
