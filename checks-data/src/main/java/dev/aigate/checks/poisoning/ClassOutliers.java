package dev.aigate.checks.poisoning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The class-outlier signal: new rows far from the approved rows of their own label, measured along that class's
 * principal axes, by more than a Gaussian model of each class allows. It is the one signal that can be significant
 * with few rows against few approved rows: rank-based signals cannot do better than the chance that the most extreme
 * rows are all new (at least 0.011 for 5 rows among 62 new and 89 approved), while a model of the class can say how
 * improbable a row is however few rows there are to compare it with. So it must first earn that trust:
 * <ol>
 * <li>Each class with at least {@value #MIN_CLASS_ROWS} approved rows is fitted (mean and shrunk covariance); each
 * row's squared Mahalanobis distance becomes the p-value of Hotelling's prediction region, an F distribution, the
 * approved rows' each left out of their own fit.</li>
 * <li>The model is checked on the approved rows: when the most extreme approved row of any class is improbable under
 * it (below {@value #GAUSSIAN_CHECK} after the Šidák correction over its class's rows), the data is not Gaussian
 * enough and the signal judges nothing. Heavy-tailed data (breast_cancer) or many features per row (digits) stop
 * here; on random splits of such data a model taken at its word failed 3 to 15% of clean candidates.</li>
 * <li>The p-values are tempered by the approved rows' own tail: above the 90th percentile of -ln p, excesses are
 * exponential at rate 1 for a calibrated model; the rate is estimated from the approved excesses (its lower 99%
 * confidence bound, at most 1), so a tail heavier than the model's makes every new row's p-value larger.</li>
 * <li>The k least probable new rows are judged as {@link ImprobableLabels} judges labels: the binomial chance that k
 * clean rows are as improbable, for the best k up to {@value ImprobableLabels#MAX_ROWS}, times the k tried. When it
 * fires, the k are named, and the rest are tested again the same way without them, for as long as they fire.</li>
 * </ol>
 */
final class ClassOutliers {
    static final int MIN_CLASS_ROWS = 10;
    static final double GAUSSIAN_CHECK = 0.01;
    private static final int MIN_TAIL = 10;
    private static final double MAX_FACTOR_WORK = 2e10;
    private static final double TAIL_QUANTILE = 0.9;
    private static final double RATE_CONFIDENCE = 0.99;

    private final float[] z;
    private final int dims;
    private final int[] reference;
    private final int[] label;
    private final List<String> classes;
    private final int[] newRows;
    private final double alpha;

    ClassOutliers(float[] z, int dims, int[] reference, int[] label, List<String> classes, int[] newRows,
            double alpha) {
        this.z = z;
        this.dims = dims;
        this.reference = reference;
        this.label = label;
        this.classes = classes;
        this.newRows = newRows;
        this.alpha = alpha;
    }

    /** A new row's distance from its class: -ln of its prediction p-value. */
    private record Judged(int row, int cls, double surprise, double distance) {
    }

    /** The signal: fired, not fired, or not judged (and why). */
    Signals.Signal signal() {
        if (dims > Discriminant.MAX_DIMS) {
            return notJudged(dims + " encoded features are more than the " + Discriminant.MAX_DIMS + " it fits");
        }
        // One Cholesky factor per class: bounded so that many classes of many features cannot stall the gate.
        if ((double) classes.size() * dims * dims * dims > MAX_FACTOR_WORK) {
            return notJudged(classes.size() + " classes of " + dims + " encoded features are more than this signal"
                    + " fits (one covariance per class)");
        }
        List<Double> approvedSurprise = new ArrayList<>();
        List<Judged> judged = new ArrayList<>();
        int[][] approvedOf = byClass(reference);
        int[][] newOf = byClass(newRows);
        for (int c = 0; c < classes.size(); c++) {
            int[] rows = approvedOf[c];
            if (rows.length < MIN_CLASS_ROWS) {
                continue;
            }
            // A feature with at most two values among the class's approved rows (constant, binary, a one-hot slot) is
            // no Gaussian: its variance is near the ridge alone, and a clean row with the other value would look
            // impossibly far. Such features are left out of this class's model; out-of-range and rare-pattern judge them.
            int[] kept = continuousFeatures(rows);
            if (kept.length == 0) {
                continue;
            }
            int[] fresh = newOf[c];
            float[] compact = compact(rows, fresh, kept);
            int[] fitted = new int[rows.length];
            Arrays.setAll(fitted, i -> i);
            CovarianceDistance fit = CovarianceDistance.fit(compact, kept.length, fitted);
            if (fit == null) {
                continue;
            }
            double[] scratch = fit.scratch();
            double worst = 0;
            for (int i = 0; i < rows.length; i++) {
                double left = CovarianceDistance.leftOutSquared(fit.squared(compact, i * kept.length, scratch),
                        rows.length, Discriminant.SHRINKAGE);
                double surprise = surprise(left, rows.length - 1, kept.length);
                worst = Math.max(worst, surprise);
                approvedSurprise.add(surprise);
            }
            double extreme = -Math.expm1(rows.length * Math.log1p(-Math.exp(-worst)));
            if (extreme < GAUSSIAN_CHECK) {
                return notJudged("the approved rows of class '" + Text.abbreviate(classes.get(c)) + "' are not"
                        + " Gaussian enough to judge rows by (its most extreme approved row has p = "
                        + Text.num(Math.exp(-worst)) + ", chance " + Text.num(extreme) + " among " + rows.length
                        + " rows of a Gaussian class)");
            }
            for (int i = 0; i < fresh.length; i++) {
                double squared = fit.squared(compact, (rows.length + i) * kept.length, scratch);
                judged.add(new Judged(fresh[i], c, surprise(squared, rows.length, kept.length), Math.sqrt(squared)));
            }
        }
        if (approvedSurprise.size() < MIN_TAIL + 2 || judged.isEmpty()) {
            return notJudged(approvedSurprise.size() < MIN_TAIL + 2 ? "too few approved rows in classes of at least "
                    + MIN_CLASS_ROWS + " rows to fit (" + approvedSurprise.size() + ")"
                    : "no new row has a label with at least " + MIN_CLASS_ROWS + " approved rows");
        }
        Tail tail = Tail.fit(approvedSurprise);
        judged.sort(Comparator.comparingDouble(Judged::surprise).reversed().thenComparingInt(Judged::row));
        Test first = test(judged, 0, tail);
        boolean fired = first.p() < alpha;
        List<Signals.Suspect> suspects = new ArrayList<>();
        if (fired) {
            // The test looks at the k <= 10 least probable rows; a larger attack has more rows as improbable. With the
            // named rows set aside, the rest are tested again the same way, and named while they too are significant.
            int named = first.rows();
            for (Test next = test(judged, named, tail); next.rows() > 0 && next.p() < alpha;
                    next = test(judged, named, tail)) {
                named += next.rows();
            }
            for (Judged j : judged.subList(0, named)) {
                double q = tail.probability(j.surprise());
                suspects.add(new Signals.Suspect(j.row(), Signals.CLASS_OUTLIER, Judge.round(-Math.log10(q)),
                        List.of(), "Mahalanobis distance " + Text.num(j.distance()) + " from the approved rows of"
                        + " label '" + Text.abbreviate(classes.get(j.cls())) + "' (tempered p = " + Text.num(q)
                        + ")"));
            }
        }
        double p = first.p();
        int bestRows = first.rows();
        String evidence = "the " + bestRows + " least probable: chance " + Text.num(p) + " that clean rows are as"
                + " improbable, tempered by the approved rows' own tail, rate " + Text.num(tail.rate());
        return new Signals.Signal(Signals.CLASS_OUTLIER, fired, (fired ? suspects.size() + " of " + newRows.length
                + " new rows lie" : "no new rows lie") + " too far from the approved rows of their own label for a"
                + " Gaussian model of each class (" + (fired ? "" : "closest: ") + evidence + ")",
                "chance >= " + Text.num(alpha), "chance " + Text.num(p), suspects,
                Judge.stats("suspects", suspects.size(), "judged", judged.size(), "rate",
                        Judge.round(suspects.size() / (double) newRows.length), "pValue", p, "testedRows", bestRows,
                        "tailRate", Judge.round(tail.rate())));
    }

    /** The chance that clean rows are as improbable as the best k least probable rows from {@code from} on. */
    private record Test(double p, int rows) {
    }

    private Test test(List<Judged> judged, int from, Tail tail) {
        int tried = Math.min(ImprobableLabels.MAX_ROWS, judged.size() - from);
        double best = 1;
        int bestRows = 0;
        for (int k = 1; k <= tried; k++) {
            double chance = Stats.binomialUpper(k, newRows.length - from,
                    tail.probability(judged.get(from + k - 1).surprise()));
            if (chance < best) {
                best = chance;
                bestRows = k;
            }
        }
        return new Test(Math.min(1, best * Math.max(1, tried)), bestRows);
    }

    private Signals.Signal notJudged(String why) {
        return new Signals.Signal(Signals.CLASS_OUTLIER, false, "not judged: " + why, "a Gaussian class",
                "not judged", List.of(), Judge.stats("suspects", 0, "judged", 0, "notJudged", true));
    }

    /**
     * -ln of the p-value of a row at squared distance {@code squared} from the mean of {@code fitted} rows in
     * {@code features} dimensions: Hotelling's prediction region, n (n - p) / ((n + 1) (n - 1) p) d^2 ~ F(p, n - p),
     * with p at most n - 2. A distance that is not finite (an overflowed coordinate) is as surprising as it gets.
     */
    private static double surprise(double squared, int fitted, int features) {
        if (!(squared < Double.POSITIVE_INFINITY)) {
            return 700;
        }
        double p = Math.min(features, fitted - 2.0);
        double f = squared * fitted * (fitted - p) / ((fitted + 1.0) * (fitted - 1.0) * p);
        return -Math.log(Math.max(Stats.fUpper(f, p, fitted - p), 1e-300));
    }

    /** The rows of each class, in their order, in one pass (a label the baseline lacks, -1, is in none). */
    private int[][] byClass(int[] rows) {
        int[] counts = new int[classes.size()];
        for (int r : rows) {
            if (label[r] >= 0) {
                counts[label[r]]++;
            }
        }
        int[][] out = new int[classes.size()][];
        for (int c = 0; c < out.length; c++) {
            out[c] = new int[counts[c]];
        }
        int[] filled = new int[classes.size()];
        for (int r : rows) {
            if (label[r] >= 0) {
                out[label[r]][filled[label[r]]++] = r;
            }
        }
        return out;
    }

    /** The features taking at least three distinct values among {@code rows}. */
    private int[] continuousFeatures(int[] rows) {
        int[] kept = new int[dims];
        int count = 0;
        for (int f = 0; f < dims; f++) {
            float first = z[rows[0] * dims + f];
            float second = first;
            boolean third = false;
            for (int r : rows) {
                float v = z[r * dims + f];
                if (Float.compare(v, first) == 0 || Float.compare(v, second) == 0) {
                    continue;
                }
                if (Float.compare(second, first) == 0) {
                    second = v;
                } else {
                    third = true;
                    break;
                }
            }
            if (third) {
                kept[count++] = f;
            }
        }
        return Arrays.copyOf(kept, count);
    }

    /** The approved rows, then the new rows, of one class, each cut to the {@code kept} features. */
    private float[] compact(int[] approved, int[] fresh, int[] kept) {
        float[] out = new float[(approved.length + fresh.length) * kept.length];
        int at = 0;
        for (int[] rows : new int[][] {approved, fresh}) {
            for (int r : rows) {
                for (int f : kept) {
                    out[at++] = z[r * dims + f];
                }
            }
        }
        return out;
    }

    /**
     * The approved rows' tail of -ln p: above its {@link #TAIL_QUANTILE} quantile u, the excesses of a calibrated model
     * are exponential at rate 1; {@code rate} is the lower confidence bound of the rate the approved excesses show
     * (chi-square on 2m degrees of freedom), at most 1.
     */
    record Tail(double threshold, double share, double rate) {
        static Tail fit(List<Double> surprise) {
            double[] sorted = surprise.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            int n = sorted.length;
            int m = Math.min(n - 1, Math.max(MIN_TAIL, (int) Math.ceil((1 - TAIL_QUANTILE) * n)));
            double threshold = sorted[n - 1 - m];
            double excess = 0;
            for (int i = n - m; i < n; i++) {
                excess += sorted[i] - threshold;
            }
            double bound = Stats.chiSquareQuantileUpper(RATE_CONFIDENCE, 2 * m) / (2 * Math.max(excess, 1e-12));
            return new Tail(threshold, (m + 1.0) / (n + 1.0), Math.min(1, bound));
        }

        /** The tempered chance that a clean row is at least this surprising. */
        double probability(double surprise) {
            return surprise <= threshold ? 1 : share * Math.exp(-rate * (surprise - threshold));
        }
    }
}
