package dev.aigate.checks.poisoning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The feature-drift signal: each feature of the new rows against the baseline's distribution, Kolmogorov-Smirnov
 * against its percentiles (a categorical one: chi-square and PSI against its category counts), Bonferroni-corrected over
 * the features.
 */
final class FeatureDrift {
    private final Table table;
    private final Baseline baseline;
    private final PoisoningConfig.FeatureDrift settings;
    private final int[] newRows;
    private final List<Signals.Signal> signals = new ArrayList<>();

    FeatureDrift(Table table, Baseline baseline, PoisoningConfig.FeatureDrift settings, int[] newRows) {
        this.table = table;
        this.baseline = baseline;
        this.settings = settings;
        this.newRows = newRows;
    }

    /** One signal per drifted feature; none for fewer than 10 new rows. */
    List<Signals.Signal> signals() {
        if (newRows.length < 10) {
            return signals;
        }
        int d = table.features();
        for (int f = 0; f < d; f++) {
            Baseline.FeatureStats stats = baseline.features().get(f);
            String name = table.featureNames().get(f);
            if (stats.categorical()) {
                categoricalDrift(f, stats, name, d);
                continue;
            }
            double[] values = new double[newRows.length];
            int count = 0;
            for (int r : newRows) {
                double v = table.value(r, f);
                if (!Double.isNaN(v)) {
                    values[count++] = v;
                }
            }
            if (count < 10) {
                continue;
            }
            values = Arrays.copyOf(values, count);
            Arrays.sort(values);
            double ks = ksStatistic(values, stats.quantiles());
            double nEff = (double) count * baseline.rows() / (count + baseline.rows());
            double p = Math.min(1, Stats.ksPValue(ks, nEff) * d);
            boolean fired = p < settings.alpha() && ks >= settings.minKs();
            if (fired) {
                signals.add(new Signals.Signal(Signals.FEATURE_DRIFT, true, "feature '" + Text.abbreviate(name)
                        + "' drifted in the " + count + " new rows (Kolmogorov-Smirnov D = " + Text.num(ks)
                        + ", p = " + Text.num(p) + " after Bonferroni over " + d + " features; approved median "
                        + Text.num(stats.quantiles()[50]) + ", new median " + Text.num(BaselineBuilder.quantile(values,
                        0.5)) + ")", "D < " + Text.num(settings.minKs()) + " or p >= "
                        + Text.num(settings.alpha()), "D = " + Text.num(ks) + ", p = " + Text.num(p),
                        List.of(), Judge.stats("feature", name, "ks", Judge.round(ks), "pValue", p)));
            }
        }
        return signals;
    }

    /** The largest gap between the new values' empirical CDF and the baseline's CDF (from its percentiles). */
    static double ksStatistic(double[] sorted, double[] quantiles) {
        double max = 0;
        int m = sorted.length;
        int i = 0;
        while (i < m) {
            double v = sorted[i];
            int j = i;
            while (j < m && sorted[j] == v) {
                j++;
            }
            double below = i / (double) m;
            double atOrBelow = j / (double) m;
            max = Math.max(max, Math.abs(atOrBelow - cdf(quantiles, v, false)));
            max = Math.max(max, Math.abs(below - cdf(quantiles, v, true)));
            i = j;
        }
        for (double q : quantiles) {
            int below = lowerBound(sorted, q);
            int atOrBelow = upperBound(sorted, q);
            max = Math.max(max, Math.abs(atOrBelow / (double) m - cdf(quantiles, q, false)));
            max = Math.max(max, Math.abs(below / (double) m - cdf(quantiles, q, true)));
        }
        return max;
    }

    /** The baseline CDF at {@code v} (or just below it), interpolated between its percentiles. */
    static double cdf(double[] q, double v, boolean leftLimit) {
        int last = q.length - 1;
        if (v < q[0] || (leftLimit && v == q[0])) {
            return 0;
        }
        if (v > q[last] || (!leftLimit && v == q[last])) {
            return 1;
        }
        if (leftLimit) {
            int i = lowerBound(q, v);
            if (q[i] == v) {
                return i / (double) last;
            }
            return (i - 1 + (v - q[i - 1]) / (q[i] - q[i - 1])) / last;
        }
        int i = upperBound(q, v) - 1;
        if (q[i] == v || i == last) {
            return i / (double) last;
        }
        return (i + (v - q[i]) / (q[i + 1] - q[i])) / last;
    }

    private static int lowerBound(double[] sorted, double v) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int upperBound(double[] sorted, double v) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private void categoricalDrift(int f, Baseline.FeatureStats stats, String name, int d) {
        List<String> categories = new ArrayList<>(stats.categories().keySet());
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < categories.size(); i++) {
            index.put(categories.get(i), i);
        }
        long[] observed = new long[categories.size() + 1];
        for (int r : newRows) {
            observed[index.getOrDefault(table.categoryOf(r, f), categories.size())]++;
        }
        double chi = 0;
        double psi = 0;
        int bins = categories.size() + 1;
        for (int i = 0; i < bins; i++) {
            long base = i < categories.size() ? stats.categories().get(categories.get(i)) : 0;
            double expected = newRows.length * (base + 0.5) / (baseline.rows() + 0.5 * bins);
            chi += (observed[i] - expected) * (observed[i] - expected) / expected;
            double a = (observed[i] + 0.5) / (newRows.length + 0.5 * bins);
            double e = (base + 0.5) / (baseline.rows() + 0.5 * bins);
            psi += (a - e) * Math.log(a / e);
        }
        double p = Math.min(1, Stats.chiSquareUpper(chi, bins - 1) * d);
        if (p < settings.alpha() && psi >= settings.minPsi()) {
            signals.add(new Signals.Signal(Signals.FEATURE_DRIFT, true, "categorical feature '"
                    + Text.abbreviate(name) + "' drifted in the " + newRows.length + " new rows (chi-square p = "
                    + Text.num(p) + " after Bonferroni over " + d + " features, PSI " + Text.num(psi) + ")",
                    "PSI < " + Text.num(settings.minPsi()), "PSI " + Text.num(psi), List.of(),
                    Judge.stats("feature", name, "psi", Judge.round(psi), "pValue", p)));
        }
    }
}
