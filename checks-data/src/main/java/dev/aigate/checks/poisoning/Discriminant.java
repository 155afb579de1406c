package dev.aigate.checks.poisoning;

/**
 * A linear discriminant (Gaussian classes sharing one covariance, shrunk towards a multiple of the identity) fitted
 * on the approved rows' standardised features. It is the neighbour signal's second opinion: a row whose label the
 * linear model also finds improbable is far more likely flipped than a naturally hard row near a class border. Only
 * for up to {@value #MAX_DIMS} encoded features; larger tables use the neighbour criterion alone.
 */
final class Discriminant {
    static final int MAX_DIMS = 512;
    /** Ledoit-Wolf-style fixed shrinkage: keeps the covariance well conditioned with few rows per feature. */
    static final double SHRINKAGE = 0.1;

    private final int dims;
    private final int classes;
    private final double[] whitenedMeans;
    private final double[] logPrior;
    private final double[] inverseFactor;
    private final long[] counts;
    private final long total;

    private Discriminant(int dims, int classes, double[] whitenedMeans, double[] logPrior, double[] inverseFactor,
            long[] counts, long total) {
        this.dims = dims;
        this.classes = classes;
        this.whitenedMeans = whitenedMeans;
        this.logPrior = logPrior;
        this.inverseFactor = inverseFactor;
        this.counts = counts;
        this.total = total;
    }

    /**
     * Fits on {@code rows} of {@code z} (row-major, {@code dims} per row) with labels {@code label[row]} in
     * 0..classes-1 (negative labels are skipped); null when there are too many features or too few rows.
     */
    static Discriminant fit(float[] z, int dims, int[] rows, int[] label, int classes) {
        if (dims > MAX_DIMS || rows.length < 2 || classes < 2) {
            return null;
        }
        double[] means = new double[classes * dims];
        long[] counts = new long[classes];
        for (int r : rows) {
            int c = label[r];
            if (c < 0) {
                continue;
            }
            counts[c]++;
            for (int f = 0; f < dims; f++) {
                means[c * dims + f] += z[r * dims + f];
            }
        }
        long total = 0;
        for (int c = 0; c < classes; c++) {
            total += counts[c];
            for (int f = 0; f < dims && counts[c] > 0; f++) {
                means[c * dims + f] /= counts[c];
            }
        }
        if (total < 2) {
            return null;
        }
        double[] cov = new double[dims * dims];
        double[] centred = new double[dims];
        for (int r : rows) {
            int c = label[r];
            if (c < 0) {
                continue;
            }
            for (int f = 0; f < dims; f++) {
                centred[f] = z[r * dims + f] - means[c * dims + f];
            }
            addOuter(cov, centred, dims);
        }
        double[] factor = cholesky(shrunk(cov, dims, total), dims);
        if (factor == null) {
            return null;
        }
        double[] inverse = invertLower(factor, dims);
        double[] whitened = new double[classes * dims];
        double[] logPrior = new double[classes];
        for (int c = 0; c < classes; c++) {
            logPrior[c] = counts[c] == 0 ? Double.NEGATIVE_INFINITY : Math.log(counts[c] / (double) total);
            multiply(inverse, dims, means, c * dims, whitened, c * dims);
        }
        return new Discriminant(dims, classes, whitened, logPrior, inverse, counts, total);
    }

    /** Adds {@code centred} times its transpose to the lower triangle of {@code cov} (a covariance sum). */
    static void addOuter(double[] cov, double[] centred, int dims) {
        for (int i = 0; i < dims; i++) {
            double ci = centred[i];
            if (ci == 0) {
                continue;
            }
            int base = i * dims;
            for (int j = 0; j <= i; j++) {
                cov[base + j] += ci * centred[j];
            }
        }
    }

    /**
     * The covariance of {@code count} rows from their sum (lower triangle), shrunk by {@link #SHRINKAGE} towards a
     * multiple of the identity so that it stays invertible with few rows or constant features; in place.
     */
    static double[] shrunk(double[] cov, int dims, long count) {
        double trace = 0;
        for (int i = 0; i < dims; i++) {
            for (int j = 0; j <= i; j++) {
                cov[i * dims + j] /= count;
            }
            trace += cov[i * dims + i];
        }
        double ridge = Math.max(SHRINKAGE * trace / dims, 1e-6);
        for (int i = 0; i < dims; i++) {
            for (int j = 0; j <= i; j++) {
                cov[i * dims + j] *= 1 - SHRINKAGE;
            }
            cov[i * dims + i] += ridge;
        }
        return cov;
    }

    /** The model's probability of class {@code label} for the row at {@code offset} of {@code z}. */
    double posterior(float[] z, int offset, int label) {
        if (label < 0 || label >= classes) {
            return 0;
        }
        double[] score = new double[classes];
        scores(z, offset, score);
        return probability(score, label, 1);
    }

    /** Each class's log prior plus log density (up to a shared constant) for the row at {@code offset}. */
    void scores(float[] z, int offset, double[] score) {
        double[] x = new double[dims];
        for (int f = 0; f < dims; f++) {
            x[f] = z[offset + f];
        }
        double[] w = new double[dims];
        multiply(inverseFactor, dims, x, 0, w, 0);
        for (int c = 0; c < classes; c++) {
            double d = 0;
            for (int f = 0; f < dims; f++) {
                double diff = w[f] - whitenedMeans[c * dims + f];
                d += diff * diff;
            }
            score[c] = logPrior[c] - 0.5 * d;
        }
    }

    /** Softmax of {@code score / temperature} at {@code label}. */
    static double probability(double[] score, int label, double temperature) {
        return Temperature.probability(score, label, temperature);
    }

    /**
     * How overconfident the model is on the rows it was fitted on, each judged out of sample (left out of the fit):
     * the {@link Temperature} of their scores. On 64 features clean rows get label probabilities of 1e-10; T corrects
     * that on the approved data itself, so a label is "significant alone" only as far as the approved rows show the
     * model can be trusted. At most {@code maxRows} evenly spaced rows are used.
     */
    double calibrationTemperature(float[] z, int[] rows, int[] label, int maxRows) {
        int[] known = java.util.Arrays.stream(rows).filter(r -> label[r] >= 0).toArray();
        int used = Math.min(known.length, maxRows);
        double[][] scores = new double[used][];
        int[] labels = new int[used];
        int kept = 0;
        for (int i = 0; i < used; i++) {
            int r = known[(int) ((long) i * known.length / used)];
            double[] score = new double[classes];
            if (leftOutScores(z, r * dims, label[r], score)) {
                scores[kept] = score;
                labels[kept++] = label[r];
            }
        }
        return Temperature.fit(scores, labels, kept);
    }

    /**
     * The probability of class {@code label} for a row the model was fitted on, as the model fitted without that row
     * would give it: out of sample, as a new row's probability is (in sample a row pulls its class's mean and the
     * covariance towards itself and looks more typical of its class than it is). Every class's distance comes from
     * {@link #leftOutSquared} in the full fit's whitened coordinates, O(features^2 + classes x features). 0 when the
     * row alone spans a direction of its class.
     */
    double leftOutPosterior(float[] z, int offset, int label) {
        if (label < 0 || label >= classes || counts[label] < 2 || total < 3) {
            return posterior(z, offset, label);
        }
        double[] score = new double[classes];
        return leftOutScores(z, offset, label, score) ? probability(score, label, 1) : 0;
    }

    /**
     * The scores of {@link #scores} as the model fitted without this row (of class {@code label}) would give them;
     * false when the row alone spans a direction of its class (its own class then has probability 0).
     */
    boolean leftOutScores(float[] z, int offset, int label, double[] score) {
        if (counts[label] < 2 || total < 3) {
            scores(z, offset, score);
            return true;
        }
        double[] x = new double[dims];
        for (int f = 0; f < dims; f++) {
            x[f] = z[offset + f];
        }
        double[] w = new double[dims];
        multiply(inverseFactor, dims, x, 0, w, 0);
        long own = counts[label];
        // Whitened u = L^-1 (x - m_label): the row's offset from its class's mean.
        double[] u = new double[dims];
        double uu = 0;
        for (int f = 0; f < dims; f++) {
            u[f] = w[f] - whitenedMeans[label * dims + f];
            uu += u[f] * u[f];
        }
        for (int c = 0; c < classes; c++) {
            if (counts[c] == 0) {
                score[c] = Double.NEGATIVE_INFINITY;
                continue;
            }
            double vv = 0;
            double uv = 0;
            double shift = c == label ? own / (own - 1.0) : 0;
            for (int f = 0; f < dims; f++) {
                // For the row's own class, x minus the left-out mean is u n_c / (n_c - 1).
                double v = c == label ? u[f] * shift : w[f] - whitenedMeans[c * dims + f];
                vv += v * v;
                uv += u[f] * v;
            }
            double distance = leftOutSquared(vv, uv, uu, own, total, SHRINKAGE);
            if (distance == Double.POSITIVE_INFINITY) {
                return false;
            }
            long count = c == label ? own - 1 : counts[c];
            score[c] = Math.log(count / (double) (total - 1)) - 0.5 * distance;
        }
        return true;
    }

    /**
     * Leaving one fitted row out of a shrunk covariance fit (this class's and {@link CovarianceDistance}'s): the
     * squared distance of a vector v under the covariance fitted without the row, from quantities in the full fit's
     * whitened coordinates: vv = |v|^2, uv = u.v and uu = |u|^2, where u is the row's offset from its class's mean.
     * Without the row, the within-class scatter loses n_c / (n_c - 1) u u' and the divisor N becomes N - 1, so the
     * shrunk covariance is N / (N - 1) times the full one minus (1 - shrinkage) n_c / ((n_c - 1) (N - 1)) u u', and
     * Sherman-Morrison gives (vv + g uv^2 / (1 - g uu)) (N - 1) / N with g the rank-one weight over N / (N - 1).
     * Exact without shrinkage; with it, the row's share of the shrinkage target's trace is kept, so the result is a
     * lower bound, off by a term of order shrinkage x uu / (N features) (CovarianceDistanceTest, DiscriminantTest).
     * Infinite when the row alone spans a direction (1 - g uu <= 0).
     */
    static double leftOutSquared(double vv, double uv, double uu, long classRows, long totalRows, double shrinkage) {
        double scale = totalRows / (double) (totalRows - 1);
        double g = (1 - shrinkage) * classRows / ((classRows - 1.0) * (totalRows - 1)) / scale;
        double rest = 1 - g * uu;
        return rest <= 0 ? Double.POSITIVE_INFINITY : (vv + g * uv * uv / rest) / scale;
    }

    static double[] cholesky(double[] a, int n) {
        double[] l = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = a[i * n + j];
                for (int k = 0; k < j; k++) {
                    sum -= l[i * n + k] * l[j * n + k];
                }
                if (i == j) {
                    if (!(sum > 0)) {
                        return null;
                    }
                    l[i * n + i] = Math.sqrt(sum);
                } else {
                    l[i * n + j] = sum / l[j * n + j];
                }
            }
        }
        return l;
    }

    static double[] invertLower(double[] l, int n) {
        double[] inv = new double[n * n];
        for (int i = 0; i < n; i++) {
            inv[i * n + i] = 1 / l[i * n + i];
            for (int j = 0; j < i; j++) {
                double sum = 0;
                for (int k = j; k < i; k++) {
                    sum -= l[i * n + k] * inv[k * n + j];
                }
                inv[i * n + j] = sum / l[i * n + i];
            }
        }
        return inv;
    }

    /** out = L * x for lower-triangular L. */
    static void multiply(double[] lower, int n, double[] x, int xOffset, double[] out, int outOffset) {
        for (int i = 0; i < n; i++) {
            double sum = 0;
            int base = i * n;
            for (int k = 0; k <= i; k++) {
                sum += lower[base + k] * x[xOffset + k];
            }
            out[outOffset + i] = sum;
        }
    }
}
