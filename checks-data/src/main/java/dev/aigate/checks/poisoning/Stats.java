package dev.aigate.checks.poisoning;

/**
 * The few distribution functions the signals need, in plain Java: binomial upper tails (regularised incomplete beta),
 * chi-square upper tails (regularised incomplete gamma) and the Kolmogorov distribution. Accurate to well below the
 * thresholds they are compared with (Numerical Recipes, 3rd ed., sections 6.1, 6.2, 6.4 and 14.3).
 */
final class Stats {
    private Stats() {
    }

    /** P(X >= x) for X ~ Binomial(n, p). */
    static double binomialUpper(long x, long n, double p) {
        if (x <= 0) {
            return 1;
        }
        if (x > n) {
            return 0;
        }
        if (p <= 0) {
            return 0;
        }
        if (p >= 1) {
            return 1;
        }
        return regularizedBeta(p, x, n - x + 1.0);
    }

    /**
     * The one-sided test of a signal's rate: x events in n new rows against x0 in n0 approved rows. When nothing is
     * poisoned the new and approved rows are exchangeable, so given the x + x0 events in all n + n0 rows, the count
     * among the new rows is hypergeometric: Fisher's exact test, P(X >= x). Exact whatever the events' rate, which a
     * binomial test at an estimated rate is not: with few approved events it treats the estimate as known and
     * understates the chance many times over (on random splits of the evaluation's tables, a half-count binomial at
     * 0.001 failed 1 to 15% of clean candidates). A fractional x0 (a count scaled between samples) is rounded.
     */
    static double rateTest(long x, long n, double x0, long n0) {
        return hypergeometricUpper(x, n, Math.round(Math.max(0, x0)), n0);
    }

    /** P(X >= x) where X counts the events among n rows drawn from n + n0 rows that hold x + x0 events. */
    static double hypergeometricUpper(long x, long n, long x0, long n0) {
        if (x <= 0) {
            return 1;
        }
        if (x > n) {
            return 0;
        }
        long total = n + n0;
        long events = x + x0;
        double logAll = logChoose(total, n);
        double p = 0;
        for (long j = x; j <= Math.min(events, n); j++) {
            double term = Math.exp(logChoose(events, j) + logChoose(total - events, n - j) - logAll);
            p += term;
            if (term < p * 1e-17) {
                break; // the terms fall geometrically past the mode, which is below x in any case that matters
            }
        }
        return Math.min(1, p);
    }

    static double logChoose(long n, long k) {
        return logGamma(n + 1.0) - logGamma(k + 1.0) - logGamma(n - k + 1.0);
    }

    /**
     * P(at least k of m new rows lie beyond every one of n0 approved rows) when all n0 + m rows are exchangeable (clean
     * data in random order): the chance that the k most extreme rows are all new, the product over i < k of
     * (m - i) / (n0 + m - i). Exact and free of any distribution; the rows share one bar (the approved extreme), so a
     * binomial test of k in m at a rate of about 1 / (n0 + 1) would understate it, by far when k is several.
     */
    static double beyondEveryApproved(long k, long m, long n0) {
        if (k <= 0) {
            return 1;
        }
        if (k > m) {
            return 0;
        }
        double p = 1;
        for (long i = 0; i < k && p > 0; i++) {
            p *= (m - i) / (double) (n0 + m - i);
        }
        return p;
    }

    /** P(chi-square with df degrees of freedom >= statistic). */
    static double chiSquareUpper(double statistic, int df) {
        if (df <= 0 || statistic <= 0) {
            return 1;
        }
        return regularizedGammaQ(df / 2.0, statistic / 2.0);
    }

    /** The x with P(chi-square with df degrees of freedom >= x) = upper, by bisection (to a relative 1e-12). */
    static double chiSquareQuantileUpper(double upper, int df) {
        double lo = 0;
        double hi = Math.max(1, df);
        while (chiSquareUpper(hi, df) > upper) {
            hi *= 2;
        }
        for (int step = 0; step < 200 && hi - lo > 1e-12 * hi; step++) {
            double mid = (lo + hi) / 2;
            if (chiSquareUpper(mid, df) > upper) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    /** P(F >= f) for Snedecor's F with d1 and d2 degrees of freedom. */
    static double fUpper(double f, double d1, double d2) {
        if (!(f > 0)) {
            return 1;
        }
        return regularizedBeta(d2 / (d2 + d1 * f), d2 / 2, d1 / 2);
    }

    /** P(D >= d) for the two-sample Kolmogorov-Smirnov statistic with effective size {@code nEff}. */
    static double ksPValue(double d, double nEff) {
        if (d <= 0) {
            return 1;
        }
        double sqrt = Math.sqrt(nEff);
        double lambda = (sqrt + 0.12 + 0.11 / sqrt) * d;
        if (lambda < 0.2) {
            return 1;
        }
        double sum = 0;
        double sign = 1;
        for (int j = 1; j <= 100; j++) {
            double term = sign * Math.exp(-2.0 * j * j * lambda * lambda);
            sum += term;
            if (Math.abs(term) < 1e-16) {
                break;
            }
            sign = -sign;
        }
        return Math.max(0, Math.min(1, 2 * sum));
    }

    static double logGamma(double x) {
        double[] c = {57.1562356658629235, -59.5979603554754912, 14.1360979747417471, -0.491913816097620199,
            .339946499848118887e-4, .465236289270485756e-4, -.983744753048795646e-4, .158088703224912494e-3,
            -.210264441724104883e-3, .217439618115212643e-3, -.164318106536763890e-3, .844182239838527433e-4,
            -.261908384015814087e-4, .368991826595316234e-5};
        double y = x;
        double tmp = x + 5.24218750000000000;
        tmp = (x + 0.5) * Math.log(tmp) - tmp;
        double ser = 0.999999999999997092;
        for (double coefficient : c) {
            ser += coefficient / ++y;
        }
        return tmp + Math.log(2.5066282746310005 * ser / x);
    }

    static double regularizedBeta(double x, double a, double b) {
        if (x <= 0) {
            return 0;
        }
        if (x >= 1) {
            return 1;
        }
        double front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
        if (x < (a + 1) / (a + b + 2)) {
            return front * betaFraction(x, a, b) / a;
        }
        return 1 - front * betaFraction(1 - x, b, a) / b;
    }

    private static double betaFraction(double x, double a, double b) {
        double tiny = 1e-300;
        double qab = a + b;
        double qap = a + 1;
        double qam = a - 1;
        double c = 1;
        double d = 1 - qab * x / qap;
        d = Math.abs(d) < tiny ? tiny : d;
        d = 1 / d;
        double h = d;
        for (int m = 1; m <= 10_000; m++) {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 + aa * d;
            d = Math.abs(d) < tiny ? tiny : d;
            c = 1 + aa / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 + aa * d;
            d = Math.abs(d) < tiny ? tiny : d;
            c = 1 + aa / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double del = d * c;
            h *= del;
            if (Math.abs(del - 1) < 1e-15) {
                break;
            }
        }
        return h;
    }

    static double regularizedGammaQ(double a, double x) {
        if (x < a + 1) {
            double sum = 1 / a;
            double del = sum;
            double ap = a;
            for (int n = 0; n < 100_000; n++) {
                ap++;
                del *= x / ap;
                sum += del;
                if (Math.abs(del) < Math.abs(sum) * 1e-16) {
                    break;
                }
            }
            return Math.max(0, 1 - sum * Math.exp(-x + a * Math.log(x) - logGamma(a)));
        }
        double tiny = 1e-300;
        double b = x + 1 - a;
        double c = 1 / tiny;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < 100_000; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            d = Math.abs(d) < tiny ? tiny : d;
            c = b + an / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double del = d * c;
            h *= del;
            if (Math.abs(del - 1) < 1e-16) {
                break;
            }
        }
        return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
    }
}
